/** Issue #19's figures of one bench size as report lines (the terminal table and docs/benchmarks.md). */
import type { ChangeTiming } from './change-timing.js';
import { SETTLE_MS } from './changes.js';
import type { Stall } from './eventloop.js';
import type { FeedLoadResult } from './feed-load.js';
import type { SizeResult } from './main.js';

const SETTLE_S = SETTLE_MS / 1000;

const ms = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : `${n.toLocaleString('en')} ms`;

/** "answerable 380 ms, saved 2,100 ms" or "…, not saved (why)". */
function timing(t: ChangeTiming): string {
  const saved = t.savedMs === null ? `not saved — ${t.savedNote ?? '?'}` : `saved ${ms(t.savedMs)}`;
  const fetch = t.fetchMs !== undefined ? ` after a fetch of ${ms(t.fetchMs)}` : '';
  const phases = Object.entries(t.phasesMs)
    .map(([phase, at]) => `${phase} ${at}`)
    .join(', ');
  return `answerable ${ms(t.answerableMs)}${fetch}, ${saved}${phases ? ` [phases ended at ms: ${phases}]` : ''}`;
}

/** One line per measurement that ran at this size (Markdown list items; the terminal shows them too). */
export function changeLines(s: SizeResult): string[] {
  const out: string[] = [];
  const c = s.changes;
  if (c) {
    const shown = c.servedAfterAdd && c.goneAfterRemove ? '' : ' **The change did not show in the index.**';
    out.push(
      `- One article (${c.paragraphs} paragraphs) added with \`/admin add-article\` on the serving store: ${timing(c.add)}; replaced (\`replace:true\`, ${c.replaced ? `${c.replaced.paragraphsBefore} → ${c.replaced.paragraphsAfter} paragraphs` : '?'}): ${timing(c.replace)}${c.servedAfterReplace ? '' : ' **(the new text did not serve)**'}; removed with \`/admin remove-article\`: ${timing(c.remove)}.${shown} These three ran back to back, ${SETTLE_S} s after the same add was made (and removed) right after the reindex under load, while the store was still settling: ${timing(c.addAtOnce)}.`,
    );
    const one = c.reindexOneChanged;
    if (one) {
      out.push(
        `- Full \`/admin reindex\` after one file (${one.file}) changed on disk: ${ms(one.changed.totalMs)} (${timing(one.changed)}); after it was put back: ${ms(one.restored.totalMs)}.${one.oneFileReported ? '' : ' **The reindex did not report exactly that file as changed.**'}`,
      );
    }
  }
  const u = s.addUrl;
  if (u) {
    out.push(
      `- One page (${u.paragraphs} paragraphs) added with \`/admin add-url\` from a local server: ${timing(u.add)}; removed again: ${timing(u.remove)}.${u.servedAfterAdd && u.goneAfterRemove ? '' : ' **The change did not show in the index.**'}`,
    );
  }
  const f = s.feedLoad;
  if (f) {
    out.push(
      `- A feed's poll of ${f.items} items under the question stream (each \`stageArticle\`, then one reindex): event-loop delay max ${ms(f.maxMs)}, p99 ${ms(f.p99Ms)} (the stream alone: max ${ms(f.baselineMaxMs)}, p99 ${ms(f.baselineP99Ms)}); staging ${ms(f.stageMs)} + reindex ${ms(f.reindexMs)} = ${ms(f.totalMs)}; ${f.questions} questions answered meanwhile (p99 ${ms(f.answerP99Ms)})${f.allServed ? '' : '; **not all items served**'}. Taking the items out again: ${ms(f.cleanupMs)}.` +
        feedCauses(f),
    );
  }
  const h = s.churn;
  if (h) {
    out.push(
      `- Heap after ${h.changes.toLocaleString('en')} changes (adds and removes of a 6-paragraph article, alternating): ${h.afterHeapMB} MB vs ${h.freshHeapMB} MB right after a fresh build served (${h.ratio}×; the bench process's heap after a forced GC, its own data in both)${h.gcExposed ? '' : ' — **no --expose-gc, so not after a full collection**'}; a change took ${ms(h.changeP50Ms)} (median), ${ms(h.changeMaxMs)} at most; ${(h.totalMs / 1000).toFixed(0)} s in all.${h.sameCorpus ? '' : ' **The index did not end with the corpus it began with.**'}${h.failed ? ` Stopped early: ${h.failed}` : ''}`,
    );
  }
  const p = s.property;
  if (p) {
    out.push(
      `- Property check on a copy of this corpus: ${p.changes} random changes (${p.adds} adds back, ${p.replaces} replaces, ${p.removes} removes; ${p.refused} refused) in ${(p.changesMs / 1000).toFixed(0)} s, then compared with a full rebuild of the folder (${p.articles} articles, ${p.paragraphs.toLocaleString('en')} paragraphs): **${p.mismatches} mismatches** over the version, entities, times, quotes and ${p.queries} answers${p.examples.length ? ` (${p.examples.join('; ')})` : ''}; ${(p.totalMs / 1000).toFixed(0)} s in all.`,
    );
  }
  const o = s.oneShot;
  if (o) {
    out.push(
      `- One-shot CLI: \`npm run ask -- "/admin add-article FILE"\` on the saved index (a new process: start, load, change and save) took ${ms(o.addMs)}, against ${ms(o.buildMs)} for \`npm run build-index -- --force\` (${o.ratio}×); the one-shot \`/admin remove-article\` after it: ${ms(o.removeMs)}. The add said: “${o.addSaid}”.`,
    );
  }
  return out;
}

/** How the figures above are measured (once, under the overview). */
export const CHANGE_METHOD = [
  `- **changes (issue #19)**: on the serving store of the end-to-end run, after its reindex under load and a pause of ${SETTLE_S} s for the store to settle (a change that comes at once is reported too). **Answerable**: from the call until the store reports \`swapping\` done (the changed index serves); for \`/admin add-url\` from when the page’s bytes were in (the fetch, from a local server, is left out), after a pause of the same length (it follows two reindexes; until session 16 it was timed right after them). **Saved**: until the store reports \`saving\` done, counted only when the reindex report says the change was written to the saved index (bytes > 0). The article added is removed again, a file changed on disk is put back (bytes and modification time), and \`.removed/\` and \`.sources.json\` are restored, so the cached bench corpus is unchanged.`,
  '- **one-shot CLI**: spawn to exit, through `npm run`, with `INDEX_FILE` set to an index of its own in the bench cache: `build-index --force`, then one `ask` that adds a made-up article from a temporary file and one that removes it (the corpus and `.removed/` are put back).',
  '- **feed**: 20 × `store.stageArticle` then one `store.reindex({ changedOnly: true })` (what a feed poll does), under the same question stream as the reindex under load; the items are then deleted and the corpus reindexed.',
  '- **heap after changes**: `heapUsed` after a forced GC right after the full reindex served, and again after the changes; run at 10k (and at the size of a `--quick` run), since a change at 100k takes seconds.',
  '- **property check**: at 10k (a small one in `--quick`), on a copy of the corpus in a temporary folder with a store of its own: seeded random removes, adds back and replaces (an edited text), then the store’s index against `buildIndex(loadCorpus(folder))`: version, entities, times and quotes deep-equal, and the answers to 40 bench queries per kind equal as JSON.',
];

/** One stall of the event loop: its length, the phase, and how much of it was answering and GC. */
export function stallText(x: Stall): string {
  return `${ms(x.ms)} in “${x.phase}” (answering ${ms(x.answeringMs)}, GC ${ms(x.gcMs)})`;
}

/** What a feed's event-loop delay came from, where the run recorded it (before session 17 it did not). */
function feedCauses(f: FeedLoadResult): string {
  const answers = (list: FeedLoadResult['slowestAnswers']) =>
    list
      .slice(0, 3)
      .map((a) => `${a.kind} “${a.text}” ${ms(a.ms)}`)
      .join(', ');
  const parts: string[] = [];
  if (f.stalls?.length) parts.push(`stalls over 50 ms: ${f.stalls.map(stallText).join('; ')}`);
  if (f.slowestAnswers?.length) parts.push(`slowest answers meanwhile: ${answers(f.slowestAnswers)}`);
  if (f.baselineSlowestAnswers?.length)
    parts.push(`of the stream alone: ${answers(f.baselineSlowestAnswers)}`);
  if (f.gcMaxMs !== undefined) parts.push(`longest GC pause meanwhile ${ms(f.gcMaxMs)}`);
  return parts.length ? ` ${parts.join('; ')}.` : '';
}
