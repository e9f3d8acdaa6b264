/**
 * Every entry point as a user starts it (a real subprocess, in a temp folder with no .env, on a temp
 * copy of the fixture corpus): an unknown flag or a missing value, a bad setting, and a corpus
 * folder that does not exist each stop it with one line on stderr — never a stack trace — and a
 * non-zero exit, and a missing folder writes no index. NO_COLOR keeps colours off at a terminal.
 * Spawns cost 2–3 s each, so there are few, run one after another.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GdOsSr.start-up-test-token-never-used_0123';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let work: string;
let corpus: string;

/** The environment without any of Dossier's settings (nor colour forcing), plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const ours =
    /^(DISCORD_|CORPUS_DIR|ADMIN_|LOG_|COOLDOWN_|INDEX_FILE|TOTAL_SHARDS|SHARD|PLAYGROUND_|FORCE_COLOR|NO_COLOR)/;
  for (const [k, v] of Object.entries(process.env)) if (!ours.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/** Runs an entry point (a path under the project) as `npm run …` does, from the temp folder. */
function start(entry: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', TSX, path.join(ROOT, entry), ...args],
      { cwd: work, env: cleanEnv(env), timeout: 40_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

/** Exactly one line on stderr, and no stack trace. */
function oneLine(run: Run): string {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'dossier-start-up-'));
  corpus = path.join(work, 'articles');
  await cp(path.join(ROOT, 'test/fixtures/answer-corpus'), corpus, { recursive: true });
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('strict flags', () => {
  it('ask: an unknown flag exits 2 naming it, and is never asked as part of the question', async () => {
    const run = await start('src/cli/ask.ts', ['--json', '--corpus', corpus, '--bogus', '/who Peskov']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run)).toMatch(/^Unknown argument --bogus\b/);
  });

  it('ask: after --, a question starting with "-" is the question', async () => {
    const run = await start('src/cli/ask.ts', ['--json', '--corpus', corpus, '--', '--bogus council']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ query: '--bogus council' });
  });

  it.each([
    ['src/cli/console.ts', ['--bogus'], /^Unknown argument --bogus\b/],
    ['src/cli/console.ts', ['--corpus'], /^--corpus needs a value\b/],
    ['src/cli/build-index.ts', ['--corpus', corpus, '--index'], /^--index needs a value\b/],
    ['src/bot/sharded.ts', ['--shards'], /^--shards needs a value\b/],
    ['bench/main.ts', ['--quick', '--bogus'], /^Unknown argument --bogus\b/],
  ])('%s %j exits 2 with one line naming the flag', async (entry, args, pattern) => {
    const run = await start(entry, args, { DISCORD_TOKEN: TOKEN, CORPUS_DIR: corpus });
    expect(run.code).toBe(2);
    expect(oneLine(run)).toMatch(pattern);
  });
});

describe('a bad setting', () => {
  it.each([
    ['src/cli/ask.ts', ['/who Peskov'], { LOG_LEVEL: 'nonsense' }, 'LOG_LEVEL'],
    ['src/cli/console.ts', [], { LOG_LEVEL: 'nonsense' }, 'LOG_LEVEL'],
    ['src/bot/main.ts', [], { DISCORD_TOKEN: TOKEN, COOLDOWN_SECONDS: 'soon' }, 'COOLDOWN_SECONDS'],
    ['src/playground/main.ts', [], { LOG_FORMAT: 'loud', PLAYGROUND_PORT: '0' }, 'LOG_FORMAT'],
  ])('%s exits 1 with one line naming it', async (entry, args, env, name) => {
    const run = await start(entry, args, { CORPUS_DIR: corpus, ...env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(oneLine(run)).toMatch(new RegExp(`^${name}: .*\\.env`));
  });
});

describe('a corpus folder that does not exist', () => {
  it.each([
    ['src/bot/main.ts', { DISCORD_TOKEN: TOKEN }],
    ['src/bot/sharded.ts', { DISCORD_TOKEN: TOKEN, TOTAL_SHARDS: '1' }],
    ['src/playground/main.ts', { PLAYGROUND_PORT: '0' }],
  ])('%s exits 2 with one line naming it, and writes no index', async (entry, env) => {
    const missing = path.join(work, 'no-such-folder');
    const indexFile = path.join(work, 'index', 'never.dossier-index');
    const run = await start(entry, [], {
      ...env,
      CORPUS_DIR: missing,
      INDEX_FILE: indexFile,
      // Nothing may be reached: were the check missing, the connection would fail here, not hang.
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(run.code).toBe(2);
    expect(oneLine(run)).toBe(`The corpus folder ${missing} does not exist.`);
    expect(await exists(indexFile)).toBe(false);
    expect(await exists(missing)).toBe(false);
  });
});

/** `script` (util-linux) runs a command on a pseudo-terminal, where the CLI would colour. */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasScript)('colours at a terminal', () => {
  const atTerminal = (env: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
      const command = [process.execPath, '--import', TSX, path.join(ROOT, 'src/cli/ask.ts')]
        .concat(['--corpus', corpus, '/search council'])
        .map(quote)
        .join(' ');
      execFile(
        'script',
        ['-qec', command, '/dev/null'],
        { cwd: work, env: cleanEnv(env), timeout: 40_000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      );
    });

  it('ask colours its answer at a terminal, and NO_COLOR=1 turns every escape code off', async () => {
    expect(await atTerminal({})).toContain('\u001b[');
    const plain = await atTerminal({ NO_COLOR: '1' });
    expect(plain).toMatch(/\[1\] .*Riverton/);
    expect(plain).not.toContain('\u001b');
  });
});
