/**
 * `npm run build-index -- [--corpus DIR] [--index FILE] [--force]`: builds the index of the corpus
 * folder and saves it where the bot and the CLIs load it from at start-up. Without --force, a saved
 * index that is whole and built from exactly this corpus and code is kept. Progress goes to stderr
 * (a bar in a terminal, plain lines otherwise); the result line goes to stdout.
 * Exit codes: 0 built or up to date, 2 bad arguments or folder, 1 the build or the save failed.
 */
import path from 'node:path';
import { loadConfig } from '../config.js';
import { parseFlags, requireCorpusFolder, runEntry } from '../entry.js';
import { corpusHash, defaultIndexFile, loadSavedIndex } from '../serve/saved-index.js';
import type { Progress } from '../serve/store.js';
import { saveBuildWork } from '../serve/build-work.js';
import { encodeAndSave } from '../serve/save-build.js';
import { BuildRefused, buildFromFolder, newBuilder } from '../serve/worker.js';
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
  const { values } = parseFlags({
    args: argv,
    options: {
      corpus: { type: 'string' },
      index: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { ...values, force: values.force ?? false, help: values.help ?? false };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  const config = loadConfig();
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const dir = path.resolve(args.corpus ?? config.corpusDir);
  await requireCorpusFolder(dir);
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
    const builder = await newBuilder();
    const built = await buildFromFolder(request, phase, () => Promise.resolve([]), builder);
    const buildMs = performance.now() - started;
    const { saved } = await encodeAndSave(built.outcome, built.corpusHash, request, phase);
    // With the work saved beside it, the first change after a load of this index is incremental.
    if (saved && !('error' in saved)) await saveBuildWork(file, builder);
    view.stop();
    for (const e of built.errors) process.stderr.write(`warning: ${e.file}: ${e.reason}\n`);
    if (!saved || 'error' in saved) {
      process.stderr.write(
        `Could not save ${file}: ${saved && 'error' in saved ? saved.error : 'no file'}.\n`,
      );
      return 1;
    }
    // Nothing serves here, so the build is always of a whole index.
    if (built.outcome.kind !== 'full') throw new Error('a build without a serving index made a change');
    const i = built.outcome.index;
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

await runEntry(() => main(process.argv.slice(2)));
