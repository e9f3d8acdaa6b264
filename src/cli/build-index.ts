/**
 * `npm run build-index -- [--corpus DIR] [--index FILE] [--force]`: builds the index of the corpus
 * folder and saves it where the bot and the CLIs load it from at start-up. Without --force, a saved
 * index that is whole and built from exactly this corpus and code is kept. Progress goes to stderr
 * (a bar in a terminal, plain lines otherwise); the result line goes to stdout.
 * Exit codes: 0 built or up to date, 2 bad arguments or folder, 1 the build or the save failed.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { corpusHash, defaultIndexFile } from '../index/saved/corpus-hash.js';
import { loadSavedIndex } from '../index/saved/load.js';
import type { Progress } from '../serve/store.js';
import { BuildRefused, buildFromFolder, encodeAndSave } from '../serve/worker.js';
import { progressView } from './progress.js';

const USAGE = `Usage: npm run build-index -- [--corpus DIR] [--index FILE] [--force]
  --corpus DIR   the corpus folder (default: CORPUS_DIR, or ./corpus)
  --index FILE   where to save the index (default: INDEX_FILE, or .cache/index/<corpus hash>.dossier-index)
  --force        rebuild even when the saved index is up to date`;

interface Args {
  corpus?: string;
  index?: string;
  force: boolean;
  help: boolean;
}

function parse(argv: string[]): Args {
  const args: Args = { force: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string) => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${name} needs a value.\n${USAGE}`);
      return v;
    };
    if (a === '--force') args.force = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--corpus' || a.startsWith('--corpus=')) args.corpus = value('--corpus');
    else if (a === '--index' || a.startsWith('--index=')) args.index = value('--index');
    else throw new Error(`Unknown argument ${a}.\n${USAGE}`);
  }
  return args;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(argv: string[]): Promise<number> {
  let args: Args;
  let config;
  try {
    args = parse(argv);
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return err instanceof ConfigError ? 1 : 2;
  }
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const dir = path.resolve(args.corpus ?? config.corpusDir);
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    process.stderr.write(`The corpus folder ${dir} does not exist.\n`);
    return 2;
  }
  const file = path.resolve(args.index ?? config.indexFile ?? defaultIndexFile(dir));
  const started = performance.now();
  const hash = await corpusHash(dir);
  if (!args.force) {
    const view = progressView();
    const saved = await loadSavedIndex(file, hash, {
      onProgress: (done, total) => view.update({ phase: 'loading', done, total }),
    });
    view.stop();
    if (saved.ok) {
      const i = saved.index;
      process.stdout.write(
        `Up to date: ${file} (${mb(saved.bytes)}; ${i.articles.length} articles, ${i.paragraphs.length} paragraphs; built ${i.builtAt.toISOString()}). Use --force to rebuild.\n`,
      );
      return 0;
    }
    process.stderr.write(`The saved index is ${saved.reason}: ${saved.detail}. Building it.\n`);
  }

  const view = progressView();
  try {
    const request = { dir, indexFile: file, previousFiles: [], refuseUnreadable: true };
    const phase = (name: Progress['phase'], done: number, total: number) =>
      view.update({ phase: name, done, total });
    const built = await buildFromFolder(request, phase, () => Promise.resolve([]));
    const buildMs = performance.now() - started;
    const { saved } = await encodeAndSave(built.index, built.corpusHash, request, phase);
    view.stop();
    for (const e of built.errors) process.stderr.write(`warning: ${e.file}: ${e.reason}\n`);
    if (!saved || 'error' in saved) {
      process.stderr.write(
        `Could not save ${file}: ${saved && 'error' in saved ? saved.error : 'no file'}.\n`,
      );
      return 1;
    }
    const i = built.index;
    process.stdout.write(
      `Saved ${file} (${mb(saved.bytes)}): ${i.articles.length} articles, ${i.paragraphs.length} paragraphs, ${i.entities.length} entities; built in ${secs(buildMs)}, saved in ${secs(saved.ms)}.\n`,
    );
    return 0;
  } catch (err) {
    view.stop();
    if (err instanceof BuildRefused) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    process.stderr.write(`The build failed: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
