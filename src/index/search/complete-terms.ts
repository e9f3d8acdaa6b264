/**
 * As-you-type completion of a search's last word to index terms (/search's autocomplete).
 */
import type { DossierIndex } from '../model.js';
import { EDGE_APOSTROPHES, fold, processTerm, words } from '../terms.js';
import { coreOf, type Core } from './core.js';
import { byFrequency, documentFrequency, nearTermsOf, prefixTermsOf } from './vocabulary.js';

/** Index terms starting with `prefix`, most frequent first (cached per index, bounded). */
function termsStartingWith(core: Core, prefix: string): { term: string; df: number }[] {
  let list = core.completed.get(prefix);
  if (!list) {
    list = prefixTermsOf(core, prefix);
    if (!list) {
      // Until warm-up has sorted the vocabulary: walk MiniSearch's tree.
      list = [];
      for (const [term, data] of core.ix._index.atPrefix(prefix))
        list.push({ term, df: documentFrequency(data) });
      list.sort(byFrequency);
    }
    core.completed.set(prefix, list);
  }
  return list;
}

/**
 * As-you-type completion of the last word of `input` to index terms (folded, stemmed forms as the
 * search uses them), the most frequent first; then, with room left and `typos`, whole terms within
 * MiniSearch's fuzzy distance (a fifth of the length) of it. Earlier words of the input narrow the
 * completions to terms that share a paragraph with all of them, and lead each suggestion ("peace
 * ta" → "peace talk"). Undefined when the index cannot be read directly.
 */
export function completeTerms(
  index: DossierIndex,
  input: string,
  limit: number,
  typos = true,
): string[] | undefined {
  const core = coreOf(index);
  if (!core) return undefined;
  const typed = words(input);
  const last = typed.pop();
  if (!last) return [];
  const partial = fold(last).replace(EDGE_APOSTROPHES, '');
  if (!partial) return [];
  const context = [...new Set(typed.map((w) => processTerm(w)).filter((t): t is string => !!t))];
  // Paragraphs holding every earlier word; the completions must meet them there.
  let within: Set<number> | undefined;
  for (const t of context) {
    const data = core.ix._index.get(t);
    const next = new Set<number>();
    for (const postings of data?.values() ?? []) {
      for (const id of postings.keys()) if (!within || within.has(id)) next.add(id);
    }
    within = next;
    if (within.size === 0) return [];
  }
  // (A term's postings are looked up only when there are earlier words to meet.)
  const meets = (term: string) => {
    if (!within) return true;
    for (const postings of core.ix._index.get(term)?.values() ?? []) {
      if (postings.size < within.size) {
        for (const id of postings.keys()) if (within.has(id)) return true;
      } else {
        for (const id of within) if (postings.has(id)) return true;
      }
    }
    return false;
  };
  const out: string[] = [];
  const add = (term: string) => {
    if (out.length < limit && !out.includes(term) && !context.includes(term)) out.push(term);
  };
  const stemmed = processTerm(last);
  const prefixes = [...new Set([partial, ...(stemmed && stemmed !== partial ? [stemmed] : [])])];
  for (const prefix of prefixes) {
    // Frequent terms first; with earlier words, look a little further down for ones that meet them.
    let tried = 0;
    for (const { term } of termsStartingWith(core, prefix)) {
      if (out.length >= limit || tried >= limit * 8) break;
      tried++;
      if (meets(term)) add(term);
    }
  }
  const distance = Math.round(partial.length * 0.2);
  if (typos && out.length < limit && distance > 0) {
    const near = nearTermsOf(core, partial, distance).sort((a, b) => a.d - b.d || byFrequency(a, b));
    for (const { term } of near) if (out.length < limit && meets(term)) add(term);
  }
  const lead = typed.join(' ');
  return out.map((t) => (lead ? `${lead} ${t}` : t));
}
