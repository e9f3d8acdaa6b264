/**
 * Hostile input through `npm run ask` as a real subprocess (each spawn costs seconds, so a few):
 * a corpus folder that does not exist, an upload by path that must be refused without touching the
 * folder, and a query full of mentions, Markdown and controls printed as text.
 */
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CORPUS } from '../e2e/helpers.js';
import { askCli, type CliRun } from '../harness/ask-cli.js';

function ask(...args: string[]): Promise<CliRun> {
  return askCli(args, 40000);
}

describe('npm run ask with hostile input (subprocess)', () => {
  let work: string;
  let corpus: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-cli-'));
    corpus = path.join(work, 'corpus');
    await cp(SEED_CORPUS, corpus, { recursive: true });
    await writeFile(path.join(work, 'CON.md'), '---\ntitle: Reserved\n---\nA reserved name.\n');
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('a --corpus folder that does not exist exits 2 with one line naming it', async () => {
    const run = await ask('--corpus', path.join(work, 'missing'), '/who Peskov');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `The corpus folder ${path.join(work, 'missing')} does not exist.`,
    ]);
  });

  it('/admin add-article of a file with a reserved name exits 2 with the reason and writes nothing', async () => {
    const before = (await readdir(corpus)).sort();
    const run = await ask('--corpus', corpus, `/admin add-article ${path.join(work, 'CON.md')}`);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual(['“CON.md” is a reserved file name; rename it.']);
    expect((await readdir(corpus)).sort()).toEqual(before);
  });

  it('a query with mentions, Markdown, bidi, zero-width and a terminal escape prints without the invisibles', async () => {
    const run = await ask(
      '--corpus',
      corpus,
      '--no-color',
      '/who @everyone **Zq\u202E** \u200B||x|| \u001b[31mred',
    );
    expect(run.code).toBe(0);
    // A terminal shows text as it is (no Discord Markdown to escape); what nobody can see is gone,
    // and the ESC of "\u001b[31m" cannot colour (or move the cursor of) the user's terminal.
    // eslint-disable-next-line no-control-regex -- ESC is what must not get through
    expect(run.stdout).not.toMatch(/[\u001b\u202A-\u202E\u2066-\u2069\u200B]/);
    expect(run.stdout.trim()).toBe('No one called “@everyone **Zq** ||x|| [31mred” found in the articles.');
  }, 45_000);
});
