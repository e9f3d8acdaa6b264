/**
 * `npm run complexity`: the growth check. Every text path — ingestion, indexing, answering,
 * rendering and autocomplete — runs on adversarial inputs at two sizes, n and 4n, and the check
 * fails when the larger one takes more than 8× as long (about n log n allows 4–5×; a quadratic path
 * takes 16×). It measures growth, not absolute time, so it holds on a busy machine: each size is
 * timed as the best of a few runs, and a shape over the limit is measured again before it counts.
 *
 *   npm run complexity                 # all shapes, exit 1 when one grows too fast
 *   npm run complexity -- --only ws    # the shapes whose name contains "ws"
 *   npm run complexity -- --kib 64     # the smaller size (default 64 KiB; the larger is 4×)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  answerAsk,
  answerQuote,
  answerSearch,
  answerTimeline,
  answerWhen,
  answerWho,
} from '../src/answer/index.js';
import type { Answer } from '../src/answer/index.js';
import { completeEntities } from '../src/answer/complete.js';
import { isIngestError, parseArticle } from '../src/corpus/index.js';
import { buildIndex } from '../src/index/build/build.js';
import type { DossierIndex } from '../src/index/model.js';
import { renderDiscord } from '../src/render/discord/index.js';
import { renderText } from '../src/render/text.js';

export interface Shape {
  name: string;
  /** The file name (its extension picks the parser). */
  file: string;
  /** About `chars` characters of adversarial content inside an otherwise ordinary article. */
  make: (chars: number) => string;
}

const PROSE =
  'Mayor Dana Whitcombe said on Monday that the Marrowgate ferry will return to service on 12 March 2024, and 1,200 passengers are booked. ';
const times = (unit: string, chars: number) => unit.repeat(Math.max(1, Math.floor(chars / unit.length)));
const md = (body: string) =>
  `---\ntitle: Marrowgate ferry\npublished: 2024-03-04\n---\n${PROSE}\n\n${body}\n\n${PROSE}\n`;
const html = (body: string) =>
  `<!doctype html><html><head><title>Marrowgate ferry</title></head><body><article><p>${PROSE}</p>${body}<p>${PROSE}</p></article></body></html>`;

/** One character repeated inside a paragraph, for each character that means something to a parser. */
const RUNS = [
  '\\',
  '[',
  ']',
  '(',
  '*',
  '_',
  '`',
  '~',
  '|',
  '<',
  '>',
  '#',
  '!',
  '"',
  '“',
  '”',
  "'",
  ',',
  '.',
  '-',
  '—',
  ':',
  '@',
  '&',
  ' ',
  'a',
];

export const SHAPES: Shape[] = [
  ...RUNS.map((c) => ({
    name: `run of ${JSON.stringify(c)} (md)`,
    file: 'run.md',
    make: (n: number) => md(`Before the run ${times(c, n)} after the run.`),
  })),
  { name: 'run of "\\" (txt)', file: 'run.txt', make: (n) => md(times('\\', n)) },
  { name: 'run of "[" (html)', file: 'run.html', make: (n) => html(`<p>${times('[', n)}</p>`) },
  { name: 'nested blockquotes (md)', file: 'quotes.md', make: (n) => md(`${times('> ', n)}deep`) },
  { name: 'nested links (md)', file: 'links.md', make: (n) => md(`${times('[a](', n)}x`) },
  { name: 'unclosed images (md)', file: 'images.md', make: (n) => md(times('![a', n)) },
  { name: 'bold markers (md)', file: 'bold.md', make: (n) => md(times('**a ', n)) },
  { name: 'code fences (md)', file: 'code.md', make: (n) => md(times('`a` ', n)) },
  { name: 'embedded code elements (txt)', file: 'code.txt', make: (n) => md(times('<code>a ', n)) },
  {
    name: 'deep divs (html)',
    file: 'deep.html',
    make: (n) => html(`${times('<div>', n / 2)}x${times('</div>', n / 2)}`),
  },
  { name: 'deep inline (html)', file: 'inline.html', make: (n) => html(`<p>${times('<b><i>', n)}word</p>`) },
  { name: 'line breaks (html)', file: 'br.html', make: (n) => html(`<p>${times('a line<br>', n)}</p>`) },
  { name: 'one long line of words', file: 'long.txt', make: (n) => md(times('word ', n)) },
  { name: 'many short lines', file: 'lines.txt', make: (n) => md(times('a\n', n)) },
  { name: 'many paragraphs', file: 'paras.txt', make: (n) => md(times('A short line here.\n\n', n)) },
  { name: 'many quotes', file: 'said.md', make: (n) => md(times('“We will sail,” Whitcombe said. ', n)) },
  { name: 'unclosed quotes', file: 'open.md', make: (n) => md(times('“a ', n)) },
  { name: 'quote with trailing marks', file: 'marks.md', make: (n) => md(`“Sail${times(',’”', n)}`) },
  { name: 'many commas', file: 'commas.md', make: (n) => md(times('a, ', n)) },
  { name: 'many names', file: 'names.md', make: (n) => md(times('Dana Whitcombe and Ivo Marsh ', n)) },
  { name: 'many capitalised words', file: 'caps.md', make: (n) => md(times('Ab Cd ', n)) },
  { name: 'many dates', file: 'dates.md', make: (n) => md(times('on 12 March 2024, ', n)) },
  { name: 'many numbers', file: 'numbers.md', make: (n) => md(times('1,200 ', n)) },
  { name: 'many sentence ends', file: 'ends.md', make: (n) => md(times('A. ', n)) },
];

/** The questions asked of each shape's index: every answer kind, with words the article holds. */
const QUESTIONS: ((index: DossierIndex) => Answer)[] = [
  (i) => answerSearch(i, 'ferry passengers Whitcombe', 0),
  (i) => answerWho(i, 'Dana Whitcombe'),
  (i) => answerWhen(i, 'ferry return'),
  (i) => answerQuote(i, 'Whitcombe'),
  (i) => answerAsk(i, 'How many passengers are booked on the ferry?'),
  (i) => answerTimeline(i, 'ferry', 0),
];

function bestOf(runs: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Parse, index, answer and render: the answer and render parts timed apart from the build. */
function measure(
  shape: Shape,
  chars: number,
  runs: number,
): { ingest: number; index: number; answer: number } {
  const input = shape.make(chars);
  const bytes = Buffer.from(input);
  const ingest = bestOf(runs, () => parseArticle(shape.file, bytes));
  const article = parseArticle(shape.file, bytes);
  if (isIngestError(article)) return { ingest, index: 0, answer: 0 };
  let index: DossierIndex | undefined;
  const build = bestOf(runs, () => {
    index = buildIndex({ articles: [article], errors: [] });
  });
  const built = index!;
  const answer = bestOf(runs, () => {
    for (const ask of QUESTIONS) {
      const a = ask(built);
      renderDiscord(a, { corpusVersion: 'v1' });
      renderText(a, { color: false, width: 100 });
    }
    // Autocomplete: a long typed prefix of the shape's own characters, and a short one.
    completeEntities(built, input.slice(200, 300), undefined, 25);
    completeEntities(built, 'Whit', 'person', 25);
  });
  return { ingest, index: build, answer };
}

/** Growth above this fails: 4× the input in more than 8× the time. */
export const MAX_GROWTH = 8;
/** Times below this (ms) are noise; growth is not judged on them. */
const NOISE_MS = 15;

export interface Row {
  shape: string;
  stage: 'ingest' | 'index' | 'answer';
  small: number;
  large: number;
  growth: number;
  ok: boolean;
}

export function check(shapes: Shape[], smallChars: number, runs = 3): Row[] {
  const rows: Row[] = [];
  for (const shape of shapes) {
    let small = measure(shape, smallChars, runs);
    let large = measure(shape, smallChars * 4, runs);
    const judge = () =>
      (['ingest', 'index', 'answer'] as const).map((stage) => {
        const growth = large[stage] / Math.max(small[stage], NOISE_MS);
        return {
          shape: shape.name,
          stage,
          small: small[stage],
          large: large[stage],
          growth,
          ok: growth <= MAX_GROWTH,
        };
      });
    let judged = judge();
    // A busy machine can slow one measurement: measure a failing shape again before it counts.
    if (judged.some((r) => !r.ok)) {
      small = measure(shape, smallChars, runs + 2);
      large = measure(shape, smallChars * 4, runs + 2);
      judged = judge();
    }
    rows.push(...judged);
  }
  return rows;
}

function main(): void {
  const args = process.argv.slice(2);
  const at = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const only = at('--only');
  const kib = Number(at('--kib') ?? 64);
  const shapes = only ? SHAPES.filter((s) => s.name.includes(only)) : SHAPES;
  const started = performance.now();
  const rows = check(shapes, kib * 1024);
  const failed = rows.filter((r) => !r.ok);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(`| shape | stage | ${kib} KiB | ${kib * 4} KiB | growth |`);
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const r of rows) {
    if (r.large < NOISE_MS && r.ok) continue;
    console.log(
      `| ${r.shape} | ${r.stage} | ${ms(r.small)} | ${ms(r.large)} | ${r.growth.toFixed(1)}×${r.ok ? '' : ' **too fast**'} |`,
    );
  }
  console.log(
    `\ncomplexity: ${shapes.length} shapes × 3 stages, ${failed.length} growing faster than ${MAX_GROWTH}× for 4× the input (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  if (failed.length > 0) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
