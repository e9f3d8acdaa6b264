/**
 * Issue #19's one-shot CLI goal: `npm run ask -- "/admin add-article FILE"` on the saved index of the
 * bench corpus (a new process: start, load and change included) against `npm run build-index --
 * --force` on the same corpus, each timed from spawn to exit. The index is saved to its own file in
 * the bench cache (not the serving store's); the article is removed again by a second one-shot
 * (also timed) and `.removed/` put back as it was, so the bench corpus is unchanged.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { madeUpArticle, snapshotHidden } from './change-timing.js';
import { round } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface OneShotResult {
  /** `npm run build-index -- --force`, spawn to exit. */
  buildMs: number;
  /** The one-shot add and the one-shot remove of the same article, spawn to exit. */
  addMs: number;
  removeMs: number;
  /** addMs / buildMs (the goal: ≤ 0.1). */
  ratio: number;
  /** What the add printed (its report's last line). */
  addSaid: string;
}

interface Run {
  ms: number;
  out: string;
}

function npm(args: string[], env: Record<string, string>): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, out });
      else reject(new Error(`npm run ${args.join(' ')} exited ${code}: ${(err || out).slice(-400)}`));
    });
  });
}

export async function cliOneShot(corpusDir: string, cacheDir: string): Promise<OneShotResult> {
  const indexFile = path.join(cacheDir, 'cli-one-shot.dossier-index');
  const env = { INDEX_FILE: indexFile };
  const hidden = await snapshotHidden(corpusDir);
  const tmp = await mkdtemp(path.join(tmpdir(), 'dossier-oneshot-'));
  const file = path.join(tmp, 'zz-bench-cli-one-shot.md');
  try {
    const build = await npm(
      ['build-index', '--', '--corpus', corpusDir, '--index', indexFile, '--force'],
      env,
    );
    await writeFile(file, madeUpArticle(7));
    const add = await npm(['ask', '--', '--corpus', corpusDir, `/admin add-article ${file}`], env);
    const remove = await npm(
      ['ask', '--', '--corpus', corpusDir, `/admin remove-article ${path.basename(file)}`],
      env,
    );
    return {
      buildMs: round(build.ms, 0),
      addMs: round(add.ms, 0),
      removeMs: round(remove.ms, 0),
      ratio: round(add.ms / build.ms, 3),
      addSaid: add.out.trim().split('\n').at(-1) ?? '',
    };
  } finally {
    await rm(path.join(corpusDir, path.basename(file)), { force: true });
    await hidden.restore();
    await rm(tmp, { recursive: true, force: true });
    for (const suffix of ['', '.changes', '.work']) await rm(indexFile + suffix, { force: true });
  }
}
