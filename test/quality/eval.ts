/**
 * `npm run eval [-- --json] [--write] [--file test/quality/x.yaml] [--dates]`: answers the quality
 * question set (test/quality/*.yaml) over real news pages, in-process through the same path as
 * `npm run ask -- --json --corpus .cache/eval/corpus "<q>"`, and reports the pass rate per kind; then
 * resolves the date gold set (test/quality/dates/*.yaml, see dates-gold.ts) with Dossier's resolver and
 * with plain chrono-node, side by side. `--dates` runs the gold set only; `--file` the questions only.
 * Exit codes: 0 measured (also when goals are missed), 2 a malformed question file, 1 unexpected.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { localContext, parseArgs, runCliLine, startEngine } from '../../src/cli/shared.js';
import { toJson } from '../../src/render/json.js';
import { positionAt } from '../../src/answer/tables.js';
import {
  GoldFileError,
  describeReading,
  evaluateGold,
  parseGold,
  summariseGold,
  type GoldEntry,
  type GoldResult,
  type GoldRow,
} from './dates-gold.js';
import {
  QUESTION_KINDS,
  QuestionFileError,
  judge,
  parseQuestions,
  type Outcome,
  type Question,
} from './match.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const QUESTIONS_DIR = path.join(ROOT, 'test/quality');
const PAGES_DIR = '/work/shared/real-pages/extraction/html';
const PUBDATES_DIR = '/work/shared/real-pages/pubdates/pages';
const SEED_DIR = path.join(ROOT, 'test/fixtures/seed-corpus');
const CORPUS = path.join(ROOT, '.cache/eval/corpus');
const REPORT = path.join(ROOT, 'docs/quality.md');
const GOLD_DIR = path.join(QUESTIONS_DIR, 'dates');
const GOAL_OVERALL = 0.9;
const GOAL_KIND = 0.8;
const GOAL_DATES = 0.85;
/** Dossier must beat plain chrono-node on the gold set by at least this many points. */
const GOAL_DATES_MARGIN = 0.05;

interface Args {
  json: boolean;
  write: boolean;
  dates: boolean;
  file?: string;
}

interface Entry extends Question {
  file: string;
}

interface Result {
  entry: Entry;
  ok: boolean;
  why?: string;
  out: Outcome;
}

class UsageError extends Error {}

function parseCli(argv: string[]): Args {
  const args: Args = { json: false, write: false, dates: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--write') args.write = true;
    else if (a === '--dates') args.dates = true;
    else if (a === '--file') {
      const f = argv[++i];
      if (!f) throw new UsageError('--file needs a question file, e.g. --file test/quality/questions-a.yaml');
      args.file = f;
    } else if (a.startsWith('--file=')) args.file = a.slice('--file='.length);
    else if (a !== '--')
      throw new UsageError(
        `Unknown option ${a}. Usage: npm run eval -- [--json] [--write] [--file F] [--dates]`,
      );
  }
  return args;
}

async function loadQuestions(args: Args): Promise<Entry[]> {
  const files = args.file
    ? [path.resolve(args.file)]
    : (await readdir(QUESTIONS_DIR))
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => path.join(QUESTIONS_DIR, f));
  const entries: Entry[] = [];
  for (const f of files) {
    const rel = path.relative(ROOT, f).startsWith('..') ? f : path.relative(ROOT, f);
    const text = await readFile(f, 'utf8').catch(() => {
      throw new QuestionFileError(`${rel}: no such question file`);
    });
    entries.push(...parseQuestions(text, rel).map((q) => ({ ...q, file: rel })));
  }
  return entries;
}

async function loadGold(): Promise<(GoldEntry & { file: string })[]> {
  const files = (await readdir(GOLD_DIR).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const entries: (GoldEntry & { file: string })[] = [];
  for (const f of files) {
    const rel = path.relative(ROOT, path.join(GOLD_DIR, f));
    entries.push(
      ...parseGold(await readFile(path.join(GOLD_DIR, f), 'utf8'), rel).map((e) => ({ ...e, file: rel })),
    );
  }
  return entries;
}

interface GoldSummary {
  rows: GoldRow[];
  files: string[];
  pages: number;
  met: { rate: boolean; margin: boolean };
}

function summariseGoldRun(results: GoldResult[]): GoldSummary {
  const rows = summariseGold(results);
  const all = rows[0]!;
  const ours = all.total ? all.ours / all.total : 0;
  const chrono = all.total ? all.chrono / all.total : 0;
  return {
    rows,
    files: [...new Set(results.map((r) => r.file))],
    pages: new Set(results.map((r) => r.entry.page)).size,
    met: {
      rate: all.total > 0 && ours >= GOAL_DATES,
      margin: all.total > 0 && ours - chrono >= GOAL_DATES_MARGIN,
    },
  };
}

const rate = (n: number, total: number): string => (total ? `${((100 * n) / total).toFixed(1)} %` : '—');

function goldTable(g: GoldSummary, bold: (s: string) => string): string[] {
  return g.rows.map(
    (r) =>
      `| ${r.form === 'all' ? bold('all') : r.form} | ${r.total} | ${r.ours} (${rate(r.ours, r.total)}) | ${r.chrono} (${rate(r.chrono, r.total)}) | ${rate(r.oursLenient, r.total)} | ${rate(r.chronoLenient, r.total)} |`,
  );
}

function goldFailure(r: GoldResult): string {
  return `[${r.entry.page}, ${r.entry.published}] “${r.entry.phrase}” expected ${r.entry.expect}; ours ${describeReading(r.ours.reading)}; chrono ${describeReading(r.chrono.reading)} — “${r.entry.sentence}”`;
}

function goldTextReport(results: GoldResult[], g: GoldSummary): string {
  const all = g.rows[0]!;
  const lines = [
    `Date phrases: ${all.total} from ${g.pages} pages. Dossier ${all.ours}/${all.total} (${rate(all.ours, all.total)}; goal ≥ 85 %${g.met.rate ? '' : ', missed'}); plain chrono-node ${all.chrono}/${all.total} (${rate(all.chrono, all.total)}); margin goal ≥ 5 points${g.met.margin ? ' met' : ' missed'}`,
  ];
  for (const r of g.rows.slice(1))
    lines.push(
      `  ${r.form.padEnd(6)} ${String(r.total).padStart(4)}  ours ${rate(r.ours, r.total).padStart(7)}  chrono ${rate(r.chrono, r.total).padStart(7)}  (lenient: ours ${rate(r.oursLenient, r.total)}, chrono ${rate(r.chronoLenient, r.total)})`,
    );
  const failures = results.filter((r) => !r.ours.ok);
  lines.push(
    '',
    failures.length ? `Date phrases Dossier got wrong (${failures.length}):` : 'No date phrase wrong.',
  );
  for (const f of failures) lines.push(`- ${goldFailure(f)}`);
  return lines.join('\n');
}

function goldMarkdown(results: GoldResult[], g: GoldSummary): string[] {
  const all = g.rows[0]!;
  const mark = (b: boolean): string => (b ? 'met' : 'missed');
  const out = [
    '## Date phrases',
    '',
    `${all.total} date phrases from ${g.pages} real pages (${g.files.map((f) => `\`${f}\``).join(', ')}), each with its sentence,`,
    'the article’s publication day and the day, week, month or year a reader gives it, written by reading the',
    'page. Each phrase is resolved by Dossier’s resolver (`extractTimes`, as the index does) and by plain',
    'chrono-node (`chrono.parse(sentence, published, { forwardDate: false })`). A reading is right when it names',
    'the expected period at the expected precision (“last year” answered with one day is wrong). The lenient',
    'columns count any reading whose day falls inside the expected period, whatever precision it claims (chrono',
    'has no weeks).',
    '',
    `Goals: Dossier ≥ 85 % — ${mark(g.met.rate)}; at least 5 points above plain chrono-node — ${mark(g.met.margin)}.`,
    '',
    '| expected | phrases | Dossier | plain chrono-node | Dossier, lenient | chrono, lenient |',
    '| --- | --- | --- | --- | --- | --- |',
    ...goldTable(g, (s) => `**${s}**`),
    '',
    '### Date phrases Dossier got wrong',
    '',
  ];
  const failures = results.filter((r) => !r.ours.ok);
  if (!failures.length) out.push('None.');
  for (const f of failures) out.push(`- ${md(goldFailure(f))}`);
  return out;
}

/** The corpus file a page becomes, and its bytes. */
function pageSource(page: string, where: string): { name: string; bytes: Buffer } {
  if (page.startsWith('seed:')) {
    const name = page.slice('seed:'.length);
    try {
      return { name, bytes: readFileSync(path.join(SEED_DIR, name)) };
    } catch {
      throw new QuestionFileError(`${where}: page ${page}: no file ${name} in corpus/`);
    }
  }
  if (page.startsWith('pubdates:')) {
    const name = page.slice('pubdates:'.length);
    const file = [`${name}.html.gz`, `${name}.htm.gz`, `${name}.gz`].find((f) =>
      existsSync(path.join(PUBDATES_DIR, f)),
    );
    if (!file)
      throw new QuestionFileError(`${where}: page ${page}: no page ${name}.html.gz in ${PUBDATES_DIR}`);
    return { name: `pd-${name}.html`, bytes: gunzipSync(readFileSync(path.join(PUBDATES_DIR, file))) };
  }
  const found = readdirSync(PAGES_DIR).filter((f) => f.startsWith(page) && f.endsWith('.html.gz'));
  if (found.length !== 1)
    throw new QuestionFileError(
      `${where}: page ${page}: ${found.length ? 'more than one' : 'no'} page ${page}….html.gz in ${PAGES_DIR}`,
    );
  return { name: `${page}.html`, bytes: gunzipSync(readFileSync(path.join(PAGES_DIR, found[0]!))) };
}

/** Writes the named pages into the eval corpus (only files that changed) and removes the others. */
async function prepareCorpus(entries: Entry[]): Promise<Map<string, string>> {
  await mkdir(CORPUS, { recursive: true });
  const fileOf = new Map<string, string>();
  for (const e of entries) {
    if (fileOf.has(e.page)) continue;
    const { name, bytes } = pageSource(e.page, `${e.file}: q ${JSON.stringify(e.q)}`);
    fileOf.set(e.page, name);
    const target = path.join(CORPUS, name);
    const old = await readFile(target).catch(() => undefined);
    if (!old || !old.equals(bytes)) await writeFile(target, bytes);
  }
  const keep = new Set(fileOf.values());
  for (const f of await readdir(CORPUS)) if (!keep.has(f)) await rm(path.join(CORPUS, f), { force: true });
  return fileOf;
}

async function evaluate(
  entries: Entry[],
): Promise<{ results: Result[]; articles: number; errors: string[] }> {
  const engine = await startEngine(parseArgs(['--json', '--corpus', CORPUS]), { oneShot: true });
  const ctx = localContext(engine);
  const results: Result[] = [];
  for (const entry of entries) {
    const reply = await runCliLine(entry.q, ctx);
    let out: Outcome;
    if (reply.type === 'answer') {
      const json = toJson(reply.answer);
      const index = engine.store.current();
      out = {
        text: json.text,
        message: json.message,
        citations: json.citations.map((c) => {
          const pos = positionAt(index, c.articleId, c.paragraph);
          const section = pos === undefined ? undefined : index.paragraphs[pos]?.section;
          return {
            articleId: c.articleId,
            paragraph: c.paragraph,
            text: c.text,
            date: c.date,
            ...(section ? { section } : {}),
          };
        }),
      };
    } else {
      out = { text: null, message: `(a notice) ${reply.notice.title}`, citations: [] };
    }
    results.push({ entry, out, ...judge(entry, out) });
  }
  const index = engine.store.current();
  return {
    results,
    articles: index.articles.length,
    errors: index.errors.map((e) => `${e.file}: ${e.reason}`),
  };
}

interface KindRow {
  kind: string;
  right: number;
  total: number;
  rate: number;
  met: boolean;
}

function summarise(results: Result[]): { overall: KindRow; kinds: KindRow[] } {
  const row = (kind: string, rs: Result[], goal: number): KindRow => {
    const right = rs.filter((r) => r.ok).length;
    const rate = rs.length ? right / rs.length : 0;
    return { kind, right, total: rs.length, rate, met: rs.length > 0 && rate >= goal };
  };
  const kinds = QUESTION_KINDS.map((k) =>
    row(
      k,
      results.filter((r) => r.entry.kind === k),
      GOAL_KIND,
    ),
  ).filter((k) => k.total > 0);
  return { overall: row('overall', results, GOAL_OVERALL), kinds };
}

const pct = (r: KindRow): string => `${(100 * r.rate).toFixed(0)} %`;

function expected(e: Entry): string {
  if (e.kind === 'nothing') return 'nothing found';
  const parts = (e.answer ?? []).map((a) => JSON.stringify(a));
  if (e.cite) parts.push(`cite ${JSON.stringify(e.cite)}`);
  return parts.join(', ');
}

function got(out: Outcome): string {
  const line = out.text ?? `(no answer) ${out.message ?? ''}`.trim();
  const c = out.citations[0];
  const cite = c
    ? ` — [${c.articleId} ¶${c.paragraph}] ${c.text.slice(0, 100)}${c.text.length > 100 ? '…' : ''}`
    : ' — no citation';
  return `${line.replace(/\s+/g, ' ')}${cite}`;
}

function textReport(results: Result[], s: ReturnType<typeof summarise>): string {
  const lines = [`Overall: ${s.overall.right}/${s.overall.total} right (${pct(s.overall)}; goal ≥ 90 %)`];
  for (const k of s.kinds)
    lines.push(
      `  ${k.kind.padEnd(9)} ${`${k.right}/${k.total}`.padStart(7)}  ${pct(k).padStart(5)}${k.met ? '' : '  < 80 %'}`,
    );
  const failures = results.filter((r) => !r.ok);
  lines.push('', failures.length ? `Failures (${failures.length}):` : 'No failures.');
  for (const f of failures) {
    lines.push(
      `- [${f.entry.page}] ${f.entry.q}  (${f.entry.kind}, ${f.entry.file})`,
      `    expected: ${expected(f.entry)}`,
      `    got:      ${got(f.out)}`,
      `    why:      ${f.why ?? ''}`,
    );
  }
  return lines.join('\n');
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

const md = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function markdownReport(
  results: Result[],
  s: ReturnType<typeof summarise>,
  files: string[],
  articles: number,
  gold: string[],
): string {
  const mark = (r: KindRow): string => (r.met ? 'met' : 'missed');
  const out = [
    '# Answer quality on real news pages',
    '',
    'Written by `npm run eval` (test/quality/eval.ts); do not edit by hand.',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${machine()}`,
    `- Commit: ${gitCommit()} (plus any uncommitted changes)`,
    `- Question files: ${files.map((f) => `\`${f}\``).join(', ')}; ${articles} articles in the eval corpus`,
    '',
    'The questions and their expected answers were written by reading each article before running the',
    'engine on it; they measure the engine and are never changed to match its output.',
    '',
    'Goals: ≥ 90 % right overall, and every kind ≥ 80 %.',
    '',
    '| kind | right / total | rate | goal | |',
    '| --- | --- | --- | --- | --- |',
    `| **overall** | ${s.overall.right} / ${s.overall.total} | ${pct(s.overall)} | ≥ 90 % | ${mark(s.overall)} |`,
    ...s.kinds.map((k) => `| ${k.kind} | ${k.right} / ${k.total} | ${pct(k)} | ≥ 80 % | ${mark(k)} |`),
    '',
    '## Failures',
    '',
  ];
  const failures = results.filter((r) => !r.ok);
  if (!failures.length) out.push('None.');
  for (const f of failures) {
    out.push(
      `- \`${f.entry.page}\` ${md(f.entry.q)} (${f.entry.kind}, \`${f.entry.file}\`)`,
      `  - expected: ${md(expected(f.entry))}`,
      `  - got: ${md(got(f.out))}`,
    );
  }
  out.push('', ...gold);
  return out.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseCli(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  try {
    const json: Record<string, unknown> = {};
    const text: string[] = [];
    let questions:
      { results: Result[]; s: ReturnType<typeof summarise>; files: string[]; articles: number } | undefined;
    if (!args.dates) {
      const entries = await loadQuestions(args);
      if (!entries.length) {
        process.stderr.write('No questions: add test/quality/*.yaml files.\n');
        return 2;
      }
      await prepareCorpus(entries);
      const { results, articles, errors } = await evaluate(entries);
      const s = summarise(results);
      const files = [...new Set(entries.map((e) => e.file))];
      questions = { results, s, files, articles };
      Object.assign(json, {
        overall: s.overall,
        kinds: s.kinds,
        goals: { overall: GOAL_OVERALL, kind: GOAL_KIND, dates: GOAL_DATES, datesMargin: GOAL_DATES_MARGIN },
        files,
        articles,
        corpusErrors: errors,
        failures: results
          .filter((r) => !r.ok)
          .map((r) => ({
            page: r.entry.page,
            file: r.entry.file,
            q: r.entry.q,
            kind: r.entry.kind,
            expected: r.entry.kind === 'nothing' ? null : (r.entry.answer ?? null),
            cite: r.entry.cite ?? null,
            why: r.why ?? null,
            text: r.out.text,
            message: r.out.message,
            citation: r.out.citations[0] ?? null,
          })),
      });
      text.push(textReport(results, s));
      for (const e of errors) process.stderr.write(`warning: ${e}\n`);
    }
    let goldLines: string[] = [];
    if (!args.file) {
      const gold = await loadGold();
      if (!gold.length) {
        process.stderr.write('No date phrases: add test/quality/dates/*.yaml files.\n');
        return 2;
      }
      const results = evaluateGold(gold);
      const g = summariseGoldRun(results);
      json.dates = {
        rows: g.rows,
        pages: g.pages,
        files: g.files,
        met: g.met,
        failures: results
          .filter((r) => !r.ours.ok)
          .map((r) => ({ ...r.entry, file: r.file, ours: r.ours.reading, chrono: r.chrono.reading })),
      };
      text.push(goldTextReport(results, g));
      goldLines = goldMarkdown(results, g);
    }
    process.stdout.write(args.json ? JSON.stringify(json) + '\n' : text.join('\n\n') + '\n');
    // Only a full run (questions and dates) rewrites the report; --json only with --write.
    if (questions && goldLines.length && (args.write || !args.json)) {
      const { results, s, files, articles } = questions;
      await writeFile(REPORT, markdownReport(results, s, files, articles, goldLines));
      if (!args.json) process.stdout.write(`\nWrote ${path.relative(ROOT, REPORT)}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof QuestionFileError || err instanceof GoldFileError) {
      process.stderr.write(
        `Malformed ${err instanceof GoldFileError ? 'date gold' : 'question'} file: ${err.message}\n`,
      );
      return 2;
    }
    process.stderr.write(`Unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
// The engine may hold timers open; the measurement is done.
process.stdout.write('', () => process.exit(code));
