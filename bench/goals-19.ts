/**
 * Issue #19's goals as the bench judges them: each corpus change answerable ≤ 1 s and saved ≤ 3 s,
 * a full reindex with one changed file ≤ 3 s, answers after 200 random changes identical to a
 * rebuild's, event-loop max < 50 ms while a feed adds 20 items, and the heap after 1,000 changes
 * within 10 % of a fresh build's. Judged at the largest bench size run; the two that take many
 * changes are measured at 10k (where they were run) and say so. `met` is null when not measured.
 */
import type { ChangeTiming } from './change-timing.js';
import type { Goal, SizeResult } from './main.js';

const k = (paragraphs: number) => `${(paragraphs / 1000).toLocaleString('en')}k`;

function changeGoals(what: string, t: ChangeTiming | undefined, at: string): Goal[] {
  const missing = 'not measured (see the notes)';
  return [
    {
      goal: `${what}: answerable ≤ 1 s${at}`,
      target: '≤ 1000 ms',
      value:
        t === undefined
          ? missing
          : `${t.answerableMs} ms${t.fetchMs !== undefined ? ` after the bytes were in (fetch ${t.fetchMs} ms)` : ''}`,
      met: t === undefined ? null : t.answerableMs <= 1000,
    },
    {
      goal: `${what}: saved ≤ 3 s${at}`,
      target: '≤ 3000 ms',
      value:
        t === undefined
          ? missing
          : t.savedMs === null
            ? `not saved: ${t.savedNote ?? '?'}`
            : `${t.savedMs} ms`,
      met: t === undefined || t.savedMs === null ? null : t.savedMs <= 3000,
    },
  ];
}

/**
 * What a goal line says of the size it was measured at: nothing at 100k, else the size. The
 * generated 100k corpus counts a few paragraphs fewer under today's ingestion (99,997).
 */
export function sizeLabel(paragraphs: number): string {
  if (paragraphs >= 100_000) return '';
  const n = paragraphs.toLocaleString('en');
  return paragraphs >= 99_000 ? ` (at ${n} paragraphs)` : ` (at ${n} — no 100k run)`;
}

/** The goals of issue #19 for the largest bench size (`big`) among `bench` (all bench sizes run). */
export function judgeChangeGoals(big: SizeResult, bench: SizeResult[]): Goal[] {
  const at = sizeLabel(big.paragraphs);
  const ch = big.changes;
  const goals = [
    ...changeGoals('/admin add-article of one article', ch?.add, at),
    ...changeGoals('/admin add-url of one page', big.addUrl?.add, at),
    ...changeGoals('/admin add-article replace:true of one article', ch?.replace, at),
    ...changeGoals('/admin remove-article of one article', ch?.remove, at),
  ];
  const one = ch?.reindexOneChanged ?? undefined;
  goals.push({
    goal: `full /admin reindex with one changed file ≤ 3 s${at}`,
    target: '≤ 3000 ms',
    value:
      one === undefined
        ? 'not measured (see the notes)'
        : `${one.changed.totalMs} ms (answerable at ${one.changed.answerableMs} ms; saved: ${one.changed.savedMs === null ? (one.changed.savedNote ?? '?') : `${one.changed.savedMs} ms`})`,
    met: one === undefined ? null : one.changed.totalMs <= 3000,
  });
  const feed = big.feedLoad;
  goals.push({
    goal: `event-loop max < 50 ms while a feed adds 20 items under a stream of questions${at}`,
    target: '< 50 ms',
    value: feed
      ? `${feed.maxMs} ms (p99 ${feed.p99Ms} ms; without the feed ${feed.baselineMaxMs} ms)`
      : 'not measured',
    met: feed ? feed.maxMs < 50 : null,
  });
  const o = big.oneShot;
  goals.push({
    goal: `one-shot CLI \`/admin add-article\` on the saved index ≤ 1/10 of \`build-index --force\`${at}`,
    target: '≤ 0.10×',
    value: o ? `${o.addMs} ms vs ${o.buildMs} ms (${o.ratio}×)` : 'not measured (see the notes)',
    met: o ? o.ratio <= 0.1 : null,
  });
  // Measured where they were run (10k; a small version in --quick), the largest such size.
  const withProperty = bench.find((s) => s.property);
  const p = withProperty?.property;
  goals.push({
    goal: `answers after ${p?.changes ?? 200} random adds, replaces and removes identical to a full rebuild${withProperty ? ` (at ${k(withProperty.paragraphs)})` : ''}`,
    target: '0 mismatches',
    value: p
      ? `${p.mismatches} mismatches (${p.queries} answers, version and 3 tables compared)`
      : 'not measured (runs at 10k)',
    met: p ? p.mismatches === 0 : null,
  });
  const withChurn = bench.find((s) => s.churn);
  const c = withChurn?.churn;
  const where =
    withChurn && withChurn !== big
      ? ` (measured at ${k(withChurn.paragraphs)}: ${c?.changes ?? 1000} changes at ${k(big.paragraphs)} would take too long)`
      : withChurn
        ? ` (at ${k(withChurn.paragraphs)})`
        : '';
  goals.push({
    goal: `heap after ${c?.changes ?? 1000} changes within 10 % of a fresh build's${where}`,
    target: '≤ 1.10×',
    value: c
      ? `${c.afterHeapMB} MB vs ${c.freshHeapMB} MB fresh (${c.ratio}×)${c.failed ? `; stopped early: ${c.failed}` : ''}`
      : 'not measured (runs at 10k)',
    met: c ? c.ratio <= 1.1 && !c.failed : null,
  });
  return goals;
}
