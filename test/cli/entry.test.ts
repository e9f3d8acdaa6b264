/**
 * What the entry points share (src/entry.ts), in process: strict flags whose every refusal is one
 * line naming the flag, the corpus-folder check, and which errors are start-up problems.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import {
  StartupError,
  UsageError,
  parseFlags,
  requireCorpusFolder,
  startupProblem,
} from '../../src/entry.js';
import { parseArgs } from '../../src/cli/shared.js';

const OPTIONS = {
  corpus: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The UsageError `fn` throws. */
function usage(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('no UsageError');
}

describe('parseFlags (node:util parseArgs, strict)', () => {
  const parse = (...args: string[]) => parseFlags({ args, options: OPTIONS, allowPositionals: true });

  it('reads flags, --flag=value and positionals; after -- everything is a word', () => {
    const { values, positionals } = parse('--json', '--corpus=dir', 'who', '--', '--is', '-x');
    expect(values).toEqual({ json: true, corpus: 'dir' });
    expect(positionals).toEqual(['who', '--is', '-x']);
  });

  it.each([
    [['--bogus', 'q'], '--bogus', /^Unknown argument --bogus\b/],
    [['-z'], '-z', /^Unknown argument -z\b/],
    [['--corpus'], '--corpus', /^--corpus needs a value\./],
    [['--corpus', '--json'], '--corpus', /^--corpus needs a value \(one starting with "-"/],
    [['--corpus='], '--corpus', /^--corpus needs a value\./],
    [['--json=yes'], '--json', /^--json takes no value\./],
  ])('%j is one line naming %s, exit code 2', (args, flag, pattern) => {
    const err = usage(() => parse(...args));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(pattern);
    expect(err.message).toContain(flag);
    expect(err.message).not.toContain('\n');
  });

  it('refuses words where a command takes none, naming the word', () => {
    const err = usage(() => parseFlags({ args: ['stray'], options: OPTIONS }));
    expect(err.message).toMatch(/^Unexpected argument stray: /);
  });
});

describe("ask's and console's flags (src/cli/shared.ts)", () => {
  it('an unknown flag is refused, never part of the question (#18)', () => {
    expect(usage(() => parseArgs(['--bogus', '/who Peskov'])).message).toMatch(/--bogus/);
  });

  it('keeps every documented flag, and -- for a question starting with "-"', () => {
    expect(parseArgs(['--json', '--no-color', '--corpus', 'd', '/who', 'Peskov'])).toEqual({
      json: true,
      color: false,
      corpus: 'd',
      help: false,
      rest: ['/who', 'Peskov'],
    });
    expect(parseArgs(['-h']).help).toBe(true);
    expect(parseArgs(['--since', '2022', '--outlet', 'BBC', 'x']).filter).toEqual({
      since: '2022',
      outlet: 'BBC',
    });
    expect(parseArgs(['--', '--json', '-5']).rest).toEqual(['--json', '-5']);
    expect(parseArgs(['--', '--json']).json).toBe(false);
  });

  it('console takes no words', () => {
    expect(usage(() => parseArgs(['what'], { words: false })).message).toMatch(/what/);
  });
});

describe('requireCorpusFolder', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-entry-'));
    await writeFile(path.join(work, 'a-file.md'), 'not a folder');
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('accepts an existing folder, even an empty one', async () => {
    await expect(requireCorpusFolder(work)).resolves.toBeUndefined();
  });

  it.each(['missing', 'a-file.md'])(
    'refuses %s with one line naming the folder, exit code 2',
    async (name) => {
      const dir = path.join(work, name);
      const err = await requireCorpusFolder(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as StartupError).message).toBe(`The corpus folder ${dir} does not exist.`);
      expect((err as StartupError).exitCode).toBe(2);
    },
  );
});

describe('startupProblem', () => {
  it('a bad setting is its one line and exit code 1', () => {
    let err: unknown;
    try {
      loadConfig({ LOG_LEVEL: 'nonsense' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problem = startupProblem(err);
    expect(problem?.exitCode).toBe(1);
    expect(problem?.line).toMatch(/^LOG_LEVEL: /);
    expect(problem?.line).not.toContain('\n');
  });

  it('anything else is not a start-up problem (it is a bug, with its stack)', () => {
    expect(startupProblem(new Error('boom'))).toBeUndefined();
    expect(startupProblem('boom')).toBeUndefined();
  });
});
