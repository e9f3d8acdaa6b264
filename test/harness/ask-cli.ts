/**
 * `npm run ask` as a user runs it: a real subprocess (`node --import tsx src/cli/ask.ts …`) in the
 * project folder, without colour, over the seed corpus's copy unless the arguments name another
 * folder (never the live corpus/ folder: an upload there must not change a test).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../e2e/helpers.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function askCli(args: string[], timeoutMs = 25_000): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  env.CORPUS_DIR = path.join(ROOT, 'test/fixtures/seed-corpus');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/ask.ts', ...args],
      { cwd: ROOT, env, timeout: timeoutMs },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}
