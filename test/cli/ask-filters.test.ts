/**
 * `npm run ask` with the filter flags, as a user runs it: a real subprocess over the seed corpus (five
 * captures published 2022-02-21; Epoch Times, Bulletin News and Azerbaijan news name their outlet).
 * Three spawns, one after another.
 */
import { describe, expect, it } from 'vitest';
import { askCli, type CliRun } from '../harness/ask-cli.js';

function ask(...args: string[]): Promise<CliRun> {
  return askCli(args);
}

describe('npm run ask with --since, --until, --outlet (subprocess)', () => {
  it('--outlet (any case) and --since restrict the citations and say so in the JSON', async () => {
    const run = await ask('--json', '--outlet', 'epoch times', '--since', '2022-02', '/search summit');
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as {
      corpusArticles: number;
      filter: unknown;
      citations: { outlet: string | null }[];
    };
    expect(json.filter).toEqual({ since: '2022-02-01', until: null, outlet: 'Epoch Times' });
    expect(json.corpusArticles).toBe(1);
    expect(json.citations.length).toBeGreaterThan(0);
    expect(json.citations.every((c) => c.outlet === 'Epoch Times')).toBe(true);
  });

  it('a filter that leaves no article prints that one sentence', async () => {
    const run = await ask('--until', '2021', 'Who is Peskov?');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('No articles until 31 Dec 2021.');
  });

  it('--since banana exits 2 naming the option and the accepted forms', async () => {
    const run = await ask('--since', 'banana', '/who Peskov');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^The since option “banana” is not a date: give a date such as 2022-02-01/);
  });
});
