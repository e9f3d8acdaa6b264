/**
 * `npm run ask` as a user runs it: a real subprocess (`node --import tsx src/cli/ask.ts …`) in the
 * project folder, without colour. Each spawn costs 2–3 s on a small machine, so the file keeps to
 * eight of them and runs them one after another (each well inside its own timeout).
 */
import { describe, expect, it } from 'vitest';
import { askCli, type CliRun } from '../harness/ask-cli.js';

const FIXTURES = 'test/fixtures/answer-corpus';

function ask(...args: string[]): Promise<CliRun> {
  return askCli(args);
}

/** stdout holds exactly one JSON object (one line) and nothing else. */
function oneJson(run: CliRun): Record<string, unknown> {
  const lines = run.stdout.split('\n').filter((l) => l.trim() !== '');
  expect(lines, run.stdout).toHaveLength(1);
  const value = JSON.parse(lines[0]!) as unknown;
  expect(value).toBeTypeOf('object');
  expect(Array.isArray(value)).toBe(false);
  return value as Record<string, unknown>;
}

const ANSWER_KEYS = [
  'kind',
  'query',
  'text',
  'message',
  'routedTo',
  'corpusArticles',
  'sources',
  'citations',
  'page',
];
const CITATION_KEYS = [
  'articleId',
  'title',
  'outlet',
  'published',
  'url',
  'paragraph',
  'text',
  'highlights',
  'alsoIn',
  'date',
  'sentence',
];

describe('npm run ask (subprocess)', () => {
  it('prints the answer line, then [n] citation headers with ¶ numbers and the paragraphs, without colour', async () => {
    const run = await ask('--no-color', '/who Peskov');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Dmitry Peskov: .*Kremlin/);
    expect(run.stdout).toMatch(/^\[1\] .+ — .*¶\d+$/m);
    expect(run.stdout).toMatch(/^\[2\] .+¶\d+$/m);
    expect(run.stdout).not.toMatch(/^\[4\]/m);
    // eslint-disable-next-line no-control-regex -- asserting there are no ANSI escapes
    expect(run.stdout).not.toMatch(/\u001b\[/);
    expect(run.stdout).toContain('Peskov');
  });

  it('--json prints one JSON object with every documented key, the quantity in the answer line', async () => {
    const run = await ask('--json', 'How many Russian troops are near Ukraine?');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const json = oneJson(run);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(ANSWER_KEYS));
    expect(json).toMatchObject({
      kind: 'ask',
      query: 'How many Russian troops are near Ukraine?',
      corpusArticles: 5,
    });
    expect(json.text).toMatch(/150,000/);
    const citations = json.citations as Record<string, unknown>[];
    expect(citations.length).toBeGreaterThan(0);
    expect(citations.length).toBeLessThanOrEqual(3);
    for (const c of citations) {
      expect(Object.keys(c).sort()).toEqual([...CITATION_KEYS].sort());
      expect(c.paragraph).toEqual(expect.any(Number));
      expect(c.paragraph as number).toBeGreaterThanOrEqual(1);
      // Missing metadata is null, never absent (two seed articles have no outlet).
      expect(c.outlet === null || typeof c.outlet === 'string').toBe(true);
      expect(c.url).toBeNull();
    }
    expect(citations.some((c) => String(c.text).includes('150,000'))).toBe(true);
  });

  it('--json exits 0 with text null and no citations when nothing is found', async () => {
    const run = await ask('--json', 'xqzv');
    expect(run.code).toBe(0);
    const json = oneJson(run);
    expect(json).toMatchObject({ kind: 'ask', query: 'xqzv', text: null, citations: [], sources: [] });
    expect(json.message).toEqual(expect.any(String));
  });

  it.each([['?'], ['help'], ['/admin status']])(
    '--json "%s" prints the documented notice shape: kind, title, lines, level (#17, defect 16)',
    async (line) => {
      const run = await ask('--json', '--corpus', 'test/fixtures/answer-corpus', line);
      expect(run.code, run.stderr).toBe(0);
      const json = oneJson(run);
      expect(Object.keys(json).sort()).toEqual(['kind', 'level', 'lines', 'title']);
      expect(json.kind).toBe('notice');
      expect(json.title).toEqual(expect.any(String));
      expect(json.lines).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(['info', 'error']).toContain(json.level);
    },
  );

  it('an unknown command exits 2 with a one-line reason on stderr and nothing on stdout', async () => {
    const run = await ask('--json', '/frobnicate x');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/frobnicate/);
  });

  it('an empty query exits 2 with a one-line reason on stderr and nothing on stdout', async () => {
    const run = await ask('--json', '   ');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.length).toBeGreaterThan(0);
  });

  it('--corpus answers from that folder, and warns on stderr about its broken file', async () => {
    const run = await ask('--json', '--corpus', FIXTURES, 'How many jobs will the Quantix plant create?');
    expect(run.code).toBe(0);
    const json = oneJson(run);
    // "The plant will create 1,200 jobs" is in the fixture corpus only.
    expect(json.text).toMatch(/^1,200 jobs\b/);
    expect(json.corpusArticles).toBe(5);
    const [c] = json.citations as Record<string, unknown>[];
    expect(c).toMatchObject({
      articleId: 'quantix-dresden-plant',
      outlet: 'Tech Ledger',
      published: '2024-02-27',
      url: 'https://techledger.example/2024/02/quantix-dresden',
      paragraph: 2,
    });
    expect(run.stderr).toMatch(/broken-front-matter\.md/);
  });

  it('a trailing number on /search is the page', async () => {
    const run = await ask('--json', '--corpus', FIXTURES, '/search council 2');
    expect(run.code).toBe(0);
    const json = oneJson(run);
    const page = json.page as { offset: number; size: number; total: number };
    expect(json).toMatchObject({ kind: 'search', query: 'council' });
    expect(page.offset).toBe(page.size);
    expect(json.text).toMatch(/— page 2 of \d+\.$/);
  });

  it('/admin status works for the local user', async () => {
    const run = await ask('--no-color', '/admin status');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Dossier status$/m);
    expect(run.stdout).toMatch(/Articles: 5 · paragraphs: \d+ · entities: \d+/);
  });
});
