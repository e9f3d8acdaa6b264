/**
 * The word that makes a quantity question about one thing and not another: of the nouns of the
 * question's noun phrases (`questionWords`: what is measured, not who or where, and not its verbs,
 * which the articles word otherwise), the one the fewest passages hold. "How much would a
 * hibernation mission to Mars cost?" is about a hibernation mission: the cost of a Mars mission
 * from a story that never mentions hibernation does not answer it, however well "mission" and
 * "Mars" match.
 *
 * The rule holds only when the best passage's story uses the word itself (else the articles say it
 * otherwise: "flight" for "ride"); then a figure answers only from an article that names it, in its
 * title or text, in any form that shares its stem ("hibernation", "hibernating"; "invest",
 * "investment"; British and American spellings, "vapour" and "vapor", share theirs). A question with one such word holds to it only the passages
 * found by a near spelling of it: "How much snow is expected?" is not answered from "we already know".
 */
import type { Article } from '../corpus/types.js';
import type { DossierIndex } from '../index/model.js';
import { coreTable } from '../index/search/core.js';
import { documentFrequency } from '../index/search/vocabulary.js';
import { processTerm, words } from '../index/terms.js';
import type { QuantityAsk } from './quantity-question.js';
import { questionWords } from './question-words.js';

/**
 * Words that say when or how a figure is measured, or what kind it is, not what it is of: a figure's
 * sentence need not repeat them ("$6 million" answers "how much is she worth").
 */
const MEASURE_WORDS = new Set(
  `year day week month hour minute second time decade century quarter season period half weekend
  morning afternoon evening night today yesterday tomorrow last next
  first ago annual annually daily weekly monthly average total overall currently now still
  cost pay paid spend spent earn earned worth price charge charged fee budget value amount number
  many much long far old big large size percent percentage share rate figure sum
  get got have had make made take took do did go went come came give gave put keep kept`
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => processTerm(w) ?? w),
);
/** A stem this long at least is what a form of the key word must start with. */
const MIN_STEM = 5;

export interface KeyWord {
  term: string;
  /** What a word of another form must start with to count as the key word. */
  stem: string;
  /**
   * The question's only such word: the rule holds only for a passage the search found by a near
   * spelling of it alone ("snow" → "know"), whatever the best passage's story says.
   */
  sole?: boolean;
}

/**
 * The question's key word (see the header), or undefined when it has no lower-case content word
 * the index holds. One such word is the key word only when the search found its passages by a near
 * spelling (see `sole`): else each figure's passage is on what was asked already.
 */
export function keyWordOf(index: DossierIndex, ask: QuantityAsk): KeyWord | undefined {
  const core = coreTable.get(index);
  if (!core) return undefined;
  const terms = new Set<string>();
  for (const w of questionWords(ask.topic).nouns) {
    const t = processTerm(w);
    if (t && t !== ask.head && t !== ask.thing && !MEASURE_WORDS.has(t) && t.length >= 3) terms.add(t);
  }
  if (terms.size === 0) return undefined;
  let best: { term: string; df: number } | undefined;
  for (const term of terms) {
    const postings = core.ix._index.get(term);
    if (!postings) continue;
    const df = documentFrequency(postings);
    if (!best || df < best.df) best = { term, df };
  }
  if (!best) return undefined;
  const { term } = best;
  const stem = sharedStem(term);
  return terms.size === 1 ? { term, stem, sole: true } : { term, stem };
}

/**
 * What every form of `term` starts with, in British and American spelling alike: "vapour" and
 * "vapor" share "vapo", "colour" and "color" "colo", "organise" and "organize" "organi".
 */
function sharedStem(term: string): string {
  const stem = term.length <= MIN_STEM ? term : term.slice(0, Math.max(MIN_STEM, term.length - 3));
  const other = term.replace(BRITISH_OUR, '$1or').replace(BRITISH_ISE, '$1iz');
  if (other === term) return stem;
  let n = 0;
  while (n < stem.length && stem[n] === other[n]) n++;
  return stem.slice(0, Math.max(n, MIN_SPELLING_STEM));
}
/** "-our" of British spelling ("vapour", "labour"), after two letters at least ("four", "hour" keep theirs). */
const BRITISH_OUR = /^(\p{L}{2,})our/u;
/** "-ise" of British spelling ("organise", "realise"), after four letters at least ("rise", "wise" keep theirs). */
const BRITISH_ISE = /^(\p{L}{4,})is(?=e|ing|ation)/u;
/** The shortest stem a British and an American spelling may share. */
const MIN_SPELLING_STEM = 4;

/**
 * Whether an article names the key word, in its title or any paragraph. `memo` keeps each
 * article's answer.
 */
export function keyWordIn(article: Article, key: KeyWord, memo: Map<string, boolean>): boolean {
  let held = memo.get(article.id);
  if (held === undefined) {
    const holds = (text: string) =>
      // Read word by word only where the stem may be (folding, which the words go through, keeps
      // ASCII letters as they are lower-cased).
      (NON_ASCII.test(text) || text.toLowerCase().includes(key.stem)) &&
      words(text).some((w) => {
        const t = w.length >= key.stem.length ? processTerm(w) : null;
        return !!t && (t === key.term || t.startsWith(key.stem));
      });
    held = holds(article.title) || article.paragraphs.some((p) => holds(p.text));
    memo.set(article.id, held);
  }
  return held;
}

const NON_ASCII = /[^\t\n\r\x20-\x7e]/;
