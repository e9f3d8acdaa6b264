/**
 * `npm run bench:ingest`: how well ingestion turns real saved web pages into article text and metadata.
 *
 *   npm run bench:ingest                                  # both shared sets; prints the tables
 *   npm run bench:ingest -- --write                       # … and rewrites its section of docs/benchmarks.md
 *   npm run bench:ingest -- --extraction DIR --pubdates DIR
 *   npm run bench:ingest -- --worst 20                    # how many worst pages to list (default 12)
 *   npm run bench:ingest -- --json                        # one JSON object on stdout
 *   npm run bench:ingest -- --only body|dates|hostile|speed  # one part only
 *
 * Body text: the article-extraction benchmark's scoring (shingles of 4 `\w+` tokens, multiset TP/FP/FN per
 * page, precision and recall averaged over pages, F1 of the averages). Publication dates: htmldate's
 * evaluation pages, right when the day equals the truth. Both sets live outside the project
 * (`../shared/real-pages/`, see its README) and are read from there, never copied in.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { isIngestError, parseArticle } from '../src/corpus/index.js';
import type { Article } from '../src/corpus/types.js';
import { ensureBenchCorpus } from './corpus.js';
import { HOSTILE_PAGES } from './hostile.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SETS = path.resolve(ROOT, '..', 'shared', 'real-pages');
const DOCS_FILE = path.join(ROOT, 'docs', 'benchmarks.md');
export const INGEST_SECTION_START = '<!-- bench:ingest start -->';
export const INGEST_SECTION_END = '<!-- bench:ingest end -->';

/** Published figures the goals are set against (../shared/real-pages/README.md). */
const PUBLISHED_BODY: [string, string][] = [
  ['rs_trafilatura', '0.970 / 0.951 / 0.990'],
  ['trafilatura 2.0', '0.958 / 0.938 / 0.978'],
  ['newspaper4k', '0.949 / 0.964 / 0.934'],
  ['Readability.js 0.6.0', '0.947 / 0.914 / 0.982'],
  ['Dossier before issue "Real pages in"', '0.927 / 0.936 / 0.919 (2 pages rejected)'],
];
const PUBLISHED_DATES: [string, string][] = [
  ['htmldate (extensive)', 'accuracy 0.903, precision 0.908 (1,000 pages)'],
  ['htmldate (fast)', 'accuracy 0.861, precision 0.924 (1,000 pages)'],
  ['newspaper4k', 'accuracy 0.680'],
  ['goose3', 'accuracy 0.545, precision 0.930'],
  ['Dossier before issue "Real pages in"', 'accuracy ≈ 0.41, precision 0.95'],
];

// ---------------------------------------------------------------------------------------------------
// Scoring

const TOKEN = /\w+/gu;

function shingles(text: string): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const out = new Map<string, number>();
  for (let i = 0; i + 4 <= tokens.length; i++) {
    const key = `${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]} ${tokens[i + 3]}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

/** One page's shingle counts, normalised as the benchmark does (dividing by their sum changes no ratio). */
export function scorePage(ours: string, truth: string): PageScore {
  const a = shingles(ours);
  const b = shingles(truth);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, n] of a) {
    const m = b.get(k) ?? 0;
    tp += Math.min(n, m);
    fp += Math.max(0, n - m);
  }
  for (const [k, m] of b) fn += Math.max(0, m - (a.get(k) ?? 0));
  if (fp === 0 && fn === 0) return { tp, fp, fn, precision: 1, recall: 1 };
  return {
    tp,
    fp,
    fn,
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
    recall: tp + fn > 0 ? tp / (tp + fn) : null,
  };
}

function mean(values: (number | null)[]): number {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;
}

// ---------------------------------------------------------------------------------------------------
// The two sets

interface BodyPage {
  id: string;
  url: string;
  score: PageScore;
  f1: number;
  rejected?: string;
  title?: string;
  outlet?: string;
  paragraphs: number;
  ms: number;
}

export interface BodyResult {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  rejected: { id: string; reason: string }[];
  titleFound: number;
  outletFound: number;
  ms: number;
  worst: BodyPage[];
  /** The same scoring with sub-headings counted as text (they are kept as paragraphs' sections). */
  withHeadings: { precision: number; recall: number; f1: number };
}

function articleText(article: Article): string {
  return article.paragraphs.map((p) => p.text).join('\n');
}

/** The paragraphs with each sub-heading before the first paragraph it stands over (what a reader sees). */
function articleTextWithHeadings(article: Article): string {
  const out: string[] = [];
  let section: string | undefined;
  for (const p of article.paragraphs) {
    if (p.section !== undefined && p.section !== section) out.push(...p.section.split(' — '));
    section = p.section;
    out.push(p.text);
  }
  return out.join('\n');
}

function runBody(dir: string, worstN: number): BodyResult {
  const truth = JSON.parse(readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody: string; url: string }
  >;
  const pages: BodyPage[] = [];
  const headed: PageScore[] = [];
  const started = performance.now();
  for (const [id, { articleBody, url }] of Object.entries(truth)) {
    const bytes = gunzipSync(readFileSync(path.join(dir, 'html', `${id}.html.gz`)));
    const t0 = performance.now();
    const parsed = parseArticle(`${id}.html`, bytes);
    const ms = performance.now() - t0;
    if (isIngestError(parsed)) {
      const score = scorePage('', articleBody);
      pages.push({ id, url, score, f1: 0, rejected: parsed.reason, paragraphs: 0, ms });
      headed.push(score);
      continue;
    }
    const score = scorePage(articleText(parsed), articleBody);
    headed.push(scorePage(articleTextWithHeadings(parsed), articleBody));
    const p = score.precision ?? 0;
    const r = score.recall ?? 0;
    pages.push({
      id,
      url,
      score,
      f1: p + r > 0 ? (2 * p * r) / (p + r) : 0,
      ...(parsed.title ? { title: parsed.title } : {}),
      ...(parsed.outlet ? { outlet: parsed.outlet } : {}),
      paragraphs: parsed.paragraphs.length,
      ms,
    });
  }
  const precision = mean(pages.map((p) => p.score.precision));
  const recall = mean(pages.map((p) => p.score.recall));
  const hp = mean(headed.map((s) => s.precision));
  const hr = mean(headed.map((s) => s.recall));
  return {
    withHeadings: { precision: hp, recall: hr, f1: hp + hr > 0 ? (2 * hp * hr) / (hp + hr) : 0 },
    pages: pages.length,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    rejected: pages.filter((p) => p.rejected).map((p) => ({ id: p.id, reason: p.rejected! })),
    titleFound: pages.filter((p) => p.title && p.title !== p.id).length,
    outletFound: pages.filter((p) => p.outlet).length,
    ms: performance.now() - started,
    worst: [...pages].sort((a, b) => a.f1 - b.f1).slice(0, worstN),
  };
}

interface DatePage {
  url: string;
  file: string;
  truth: string;
  ours: string | null;
  rejected?: string;
}

export interface DateResult {
  pages: number;
  right: number;
  given: number;
  accuracy: number;
  precision: number;
  outsideDach: { pages: number; right: number; accuracy: number };
  rejected: number;
  ms: number;
  wrong: DatePage[];
  missing: DatePage[];
}

const DACH_HOST = /\.(de|at|ch)$/i;

function runDates(dir: string, worstN: number): DateResult {
  const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as Record<
    string,
    { file: string; date: string }
  >;
  const pages: DatePage[] = [];
  const started = performance.now();
  for (const [url, { file, date }] of Object.entries(truth)) {
    const full = path.join(dir, 'pages', file);
    if (!existsSync(full)) continue;
    const bytes = gunzipSync(readFileSync(full));
    const name = file.replace(/\.gz$/, '').replace(/\.html?$/, '') + '.html';
    const parsed = parseArticle(name, bytes);
    if (isIngestError(parsed)) {
      pages.push({ url, file, truth: date, ours: null, rejected: parsed.reason });
    } else {
      pages.push({ url, file, truth: date, ours: parsed.published ?? null });
    }
  }
  const right = pages.filter((p) => p.ours === p.truth).length;
  const given = pages.filter((p) => p.ours !== null).length;
  const outside = pages.filter((p) => !DACH_HOST.test(new URL(p.url).hostname));
  const outsideRight = outside.filter((p) => p.ours === p.truth).length;
  return {
    pages: pages.length,
    right,
    given,
    accuracy: right / pages.length,
    precision: given === 0 ? 0 : right / given,
    outsideDach: { pages: outside.length, right: outsideRight, accuracy: outsideRight / outside.length },
    rejected: pages.filter((p) => p.rejected).length,
    ms: performance.now() - started,
    wrong: pages.filter((p) => p.ours !== null && p.ours !== p.truth).slice(0, worstN),
    missing: pages.filter((p) => p.ours === null).slice(0, worstN),
  };
}

// ---------------------------------------------------------------------------------------------------
// Speed on the 100k bench corpus

/** Measured the same way at 6097bda, before issue "Real pages in" (best of 3 on this machine, 2026-12-04). */
const SPEED_BEFORE_SECONDS = 2.64;

export interface SpeedResult {
  files: number;
  paragraphs: number;
  cpuSeconds: number;
  before: number;
}

/** CPU time of parseArticle over every file of the 100k-paragraph bench corpus, read into memory first; best of 3. */
function runSpeed(): SpeedResult {
  const { dir } = ensureBenchCorpus(100_000);
  const files: [string, Buffer][] = [];
  const collect = (folder: string, prefix: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) collect(full, `${prefix}${name}/`);
      else files.push([`${prefix}${name}`, readFileSync(full)]);
    }
  };
  collect(dir, '');
  let best = Infinity;
  let paragraphs = 0;
  for (let run = 0; run < 3; run++) {
    paragraphs = 0;
    const start = process.cpuUsage();
    for (const [name, bytes] of files) {
      const parsed = parseArticle(name, bytes);
      if (!isIngestError(parsed)) paragraphs += parsed.paragraphs.length;
    }
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return { files: files.length, paragraphs, cpuSeconds: best, before: SPEED_BEFORE_SECONDS };
}

// ---------------------------------------------------------------------------------------------------
// Hostile pages: time per size

export interface HostileResult {
  sizesMiB: number[];
  rows: { name: string; what: string; ms: number[]; outcome: string }[];
}

function runHostile(): HostileResult {
  const sizesMiB = [0.5, 1, 2];
  const rows = HOSTILE_PAGES.map((shape) => {
    let outcome = '';
    const ms = sizesMiB.map((mib) => {
      const bytes = new TextEncoder().encode(shape.make(mib * 1024 * 1024 - 1024));
      const t0 = performance.now();
      const parsed = parseArticle(`${shape.name}.html`, bytes);
      const elapsed = performance.now() - t0;
      outcome = isIngestError(parsed) ? parsed.reason : `${parsed.paragraphs.length} paragraphs`;
      return elapsed;
    });
    return { name: shape.name, what: shape.what, ms, outcome };
  });
  return { sizesMiB, rows };
}

// ---------------------------------------------------------------------------------------------------
// Report

const f3 = (x: number) => x.toFixed(3);

function goal(met: boolean): string {
  return met ? 'met' : '**missed**';
}

export function renderIngest(
  body: BodyResult | null,
  dates: DateResult | null,
  machine: string,
  hostile: HostileResult | null = null,
  speed: SpeedResult | null = null,
): string {
  const out: string[] = [INGEST_SECTION_START, '## Ingestion of real pages (`npm run bench:ingest`)', ''];
  out.push(`Written by \`npm run bench:ingest -- --write\`; ${machine}.`, '');
  if (body) {
    out.push(
      `### Body text — ../shared/real-pages/extraction (${body.pages} pages)`,
      '',
      '| extractor | F1 / precision / recall |',
      '| --- | --- |',
      `| **Dossier now** | **${f3(body.f1)} / ${f3(body.precision)} / ${f3(body.recall)}** (${body.rejected.length} rejected) |`,
      `| Dossier now, sub-headings counted as text | ${f3(body.withHeadings.f1)} / ${f3(body.withHeadings.precision)} / ${f3(body.withHeadings.recall)} |`,
      ...PUBLISHED_BODY.map(([name, v]) => `| ${name} | ${v} |`),
      '',
      'The first row scores our paragraphs joined by newlines, as `../shared/real-pages/README.md` words it. Dossier keeps',
      'sub-headings too, as the `section` of the paragraphs below them: indexed for search and shown with every citation.',
      "The benchmark's truth, like the other extractors' output it publishes, has them as lines of text, so the second",
      'row (everything Dossier keeps, scored the same way) is the one that compares like with like. Both are shown.',
      '',
      '| goal | target | measured | met |',
      '| --- | ---: | ---: | ---: |',
      `| body-text F1, paragraphs and sub-headings | ≥ 0.970 | ${f3(body.withHeadings.f1)} | ${goal(body.withHeadings.f1 >= 0.97)} |`,
      `| body-text F1, paragraphs only | ≥ 0.970 | ${f3(body.f1)} | ${goal(body.f1 >= 0.97)} |`,
      `| body-text precision, paragraphs and sub-headings | ≥ 0.950 | ${f3(body.withHeadings.precision)} | ${goal(body.withHeadings.precision >= 0.95)} |`,
      `| body-text precision, paragraphs only | ≥ 0.950 | ${f3(body.precision)} | ${goal(body.precision >= 0.95)} |`,
      `| pages rejected | 0 | ${body.rejected.length} | ${goal(body.rejected.length === 0)} |`,
      `| title found | ≥ 95 % | ${body.titleFound} of ${body.pages} (${pct(body.titleFound, body.pages)}) | ${goal(body.titleFound >= 0.95 * body.pages)} |`,
      `| outlet found | ≥ 95 % | ${body.outletFound} of ${body.pages} (${pct(body.outletFound, body.pages)}) | ${goal(body.outletFound >= 0.95 * body.pages)} |`,
      '',
      `Parsing all ${body.pages} pages took ${(body.ms / 1000).toFixed(1)} s.`,
      '',
      'Worst pages (the work list):',
      '',
      '| page | F1 | precision | recall | paragraphs | note |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      ...body.worst.map(
        (p) =>
          `| ${p.id.slice(0, 10)} ${hostOf(p.url)} | ${f3(p.f1)} | ${p.score.precision === null ? '—' : f3(p.score.precision)} | ${p.score.recall === null ? '—' : f3(p.score.recall)} | ${p.paragraphs} | ${p.rejected ? `rejected: ${p.rejected}` : ''} |`,
      ),
      '',
    );
  }
  if (dates) {
    out.push(
      `### Publication dates — ../shared/real-pages/pubdates (${dates.pages} pages)`,
      '',
      '| extractor | result |',
      '| --- | --- |',
      `| **Dossier now** | **accuracy ${f3(dates.accuracy)}, precision ${f3(dates.precision)}** (${dates.given} dated, ${dates.rejected} rejected) |`,
      ...PUBLISHED_DATES.map(([name, v]) => `| ${name} | ${v} |`),
      '',
      '| goal | target | measured | met |',
      '| --- | ---: | ---: | ---: |',
      `| right day, all pages | ≥ 0.90 | ${f3(dates.accuracy)} (${dates.right} of ${dates.pages}) | ${goal(dates.accuracy >= 0.9)} |`,
      `| right day, hosts outside .de/.at/.ch | ≥ 0.92 | ${f3(dates.outsideDach.accuracy)} (${dates.outsideDach.right} of ${dates.outsideDach.pages}) | ${goal(dates.outsideDach.accuracy >= 0.92)} |`,
      `| precision (right / dated) | ≥ 0.97 | ${f3(dates.precision)} | ${goal(dates.precision >= 0.97)} |`,
      '',
      `Parsing all ${dates.pages} pages took ${(dates.ms / 1000).toFixed(1)} s.`,
      '',
      'Wrong dates (first ones):',
      '',
      '| page | truth | ours |',
      '| --- | --- | --- |',
      ...dates.wrong.map((p) => `| ${p.file} | ${p.truth} | ${p.ours} |`),
      '',
      'No date (first ones):',
      '',
      '| page | truth | note |',
      '| --- | --- | --- |',
      ...dates.missing.map(
        (p) => `| ${p.file} | ${p.truth} | ${p.rejected ? `rejected: ${p.rejected}` : ''} |`,
      ),
      '',
    );
  }
  if (speed) {
    const ratio = speed.cpuSeconds / speed.before;
    out.push(
      '### Speed — ingestion of the 100k-paragraph bench corpus',
      '',
      `parseArticle over its ${speed.files.toLocaleString('en')} files (${speed.paragraphs.toLocaleString('en')} paragraphs), read into memory first, CPU time, best of 3.`,
      '',
      '| goal | target | measured | met |',
      '| --- | ---: | ---: | ---: |',
      `| ingestion CPU at 100k, against ${speed.before} s before this work (6097bda, measured the same way) | ≤ 1.2× | ${speed.cpuSeconds.toFixed(2)} s (${ratio.toFixed(2)}×) | ${goal(ratio <= 1.2)} |`,
      '',
    );
  }
  if (hostile) {
    out.push(
      '### Hostile pages — time to parse one generated page (`bench/hostile.ts`)',
      '',
      'Linear time means the 2 MiB column is about twice the 1 MiB one.',
      '',
      `| page | ${hostile.sizesMiB.map((m) => `${m} MiB`).join(' | ')} | 2 MiB ÷ 1 MiB | outcome at 2 MiB |`,
      `| --- | ${hostile.sizesMiB.map(() => '---:').join(' | ')} | ---: | --- |`,
      ...hostile.rows.map(
        (r) =>
          `| ${r.name}: ${r.what} | ${r.ms.map((ms) => `${Math.round(ms)} ms`).join(' | ')} | ${(r.ms[2]! / r.ms[1]!).toFixed(1)} | ${r.outcome} |`,
      ),
      '',
    );
  }
  out.push(INGEST_SECTION_END);
  return out.join('\n');
}

function pct(n: number, of: number): string {
  return `${((100 * n) / Math.max(1, of)).toFixed(1)} %`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Replaces (or appends) the ingestion section of docs/benchmarks.md, leaving the rest as `npm run bench` wrote it. */
export function withIngestSection(doc: string, section: string): string {
  const start = doc.indexOf(INGEST_SECTION_START);
  const end = doc.indexOf(INGEST_SECTION_END);
  if (start >= 0 && end > start)
    return doc.slice(0, start) + section + doc.slice(end + INGEST_SECTION_END.length);
  return `${doc.trimEnd()}\n\n${section}\n`;
}

/** The ingestion section of a docs/benchmarks.md, or '' (so `npm run bench` can keep it when it rewrites the file). */
export function ingestSectionOf(doc: string): string {
  const start = doc.indexOf(INGEST_SECTION_START);
  const end = doc.indexOf(INGEST_SECTION_END);
  return start >= 0 && end > start ? doc.slice(start, end + INGEST_SECTION_END.length) : '';
}

// ---------------------------------------------------------------------------------------------------
// Command line

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function main(): void {
  const args = process.argv.slice(2);
  const extraction = path.resolve(argValue(args, '--extraction') ?? path.join(DEFAULT_SETS, 'extraction'));
  const pubdates = path.resolve(argValue(args, '--pubdates') ?? path.join(DEFAULT_SETS, 'pubdates'));
  const worst = Number(argValue(args, '--worst') ?? 12);
  const only = argValue(args, '--only');
  const haveBody =
    existsSync(path.join(extraction, 'ground-truth.json')) && existsSync(path.join(extraction, 'html'));
  const haveDates = existsSync(path.join(pubdates, 'truth.json')) && existsSync(path.join(pubdates, 'pages'));
  if (!haveBody && !haveDates) {
    process.stderr.write(
      [
        `bench:ingest: no evaluation pages at ${extraction} or ${pubdates}.`,
        'The sets are public: the article-extraction benchmark (github.com/scrapinghub/article-extraction-benchmark:',
        "  html/<id>.html.gz and ground-truth.json) and htmldate's evaluation pages (github.com/adbar/htmldate,",
        '  tests/eval: pages/<file>.gz and a truth.json of { url: { file, date } }). Point to them with',
        '  --extraction DIR and --pubdates DIR; in this project they are at ../shared/real-pages/.',
        '',
      ].join('\n'),
    );
    process.exit(2);
  }
  // Speed first, on a fresh heap: after the other parts the collector's work inflates its CPU time.
  const speed = only === undefined || only === 'speed' ? runSpeed() : null;
  const body = haveBody && (only === undefined || only === 'body') ? runBody(extraction, worst) : null;
  const dates = haveDates && (only === undefined || only === 'dates') ? runDates(pubdates, worst) : null;
  const hostile = only === undefined || only === 'hostile' ? runHostile() : null;
  const machine = `${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  if (args.includes('--json')) {
    process.stdout.write(JSON.stringify({ body, dates, hostile, speed }, null, 2) + '\n');
  } else {
    process.stdout.write(renderIngest(body, dates, machine, hostile, speed) + '\n');
  }
  if (args.includes('--write')) {
    const doc = existsSync(DOCS_FILE) ? readFileSync(DOCS_FILE, 'utf8') : '# Benchmarks\n';
    writeFileSync(DOCS_FILE, withIngestSection(doc, renderIngest(body, dates, machine, hostile, speed)));
    process.stderr.write(`Wrote ${path.relative(ROOT, DOCS_FILE)}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
