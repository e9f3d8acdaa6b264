/**
 * The word that makes a quantity question about one thing and not another: of the nouns of the
 * question's noun phrases (`nounWords`: what is measured, not who or where, and not its verbs,
 * which the articles word otherwise), the one the fewest passages hold. "How much would a
 * hibernation mission to Mars cost?" is about a hibernation mission: the cost of a Mars mission
 * from a story that never mentions hibernation does not answer it, however well "mission" and
 * "Mars" match.
 *
 * The rule holds only when the best passage's story uses the word itself (else the articles say it
 * otherwise: "vapor" for "vapour", "flight" for "ride"); then a figure answers only from an article
 * that names it, in its title or text, in any form that shares its stem ("hibernation",
 * "hibernating"; "invest", "investment").
 */
import type { Article } from '../corpus/types.js';
import type { DossierIndex } from '../index/model.js';
import { coreTable } from '../index/search/core.js';
import { documentFrequency } from '../index/search/vocabulary.js';
import { processTerm, words } from '../index/terms.js';
import type { QuantityAsk } from './quantity-question.js';

const CAPITALISED = /^\p{Lu}/u;
const DIGIT = /\d/;
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
}

/**
 * The question's key word (see the header), or undefined when it has fewer than two lower-case
 * content words (then each figure's passage is on what was asked already) or none the index holds.
 */
export function keyWordOf(index: DossierIndex, ask: QuantityAsk): KeyWord | undefined {
  const core = coreTable.get(index);
  if (!core) return undefined;
  const terms = new Set<string>();
  for (const w of nounWords(ask.topic)) {
    const t = processTerm(w);
    if (t && t !== ask.head && t !== ask.thing && !MEASURE_WORDS.has(t) && t.length >= 3) terms.add(t);
  }
  if (terms.size < 2) return undefined;
  let best: { term: string; df: number } | undefined;
  for (const term of terms) {
    const postings = core.ix._index.get(term);
    if (!postings) continue;
    const df = documentFrequency(postings);
    if (!best || df < best.df) best = { term, df };
  }
  if (!best) return undefined;
  const { term } = best;
  return { term, stem: term.length <= MIN_STEM ? term : term.slice(0, Math.max(MIN_STEM, term.length - 3)) };
}

/** Words that open a noun phrase: determiners, possessives and prepositions. */
const OPENS_PHRASE = new Set(
  `the a an his her their its our my your this these those of in on at for with from about by into
  inside outside near over under after before during between per each every some any another other
  across against among around behind beyond through toward towards within without`.split(/\s+/),
);
/** Auxiliaries: after one, a question's subject, then its verb ("did the police find …"). */
const AUXILIARY = new Set(
  `is are was were be been being do does did have has had will would can could should may might must`.split(
    /\s+/,
  ),
);
/** Words after which a verb comes: "the hunter who caught …". */
const RELATIVE = new Set(['who', 'which', 'that', 'whose']);
const PARTICIPLE = /(?:ed|ing)$/;

/**
 * The lower-case words of a question's noun phrases: the nouns and their modifiers, not its verbs,
 * which the articles word otherwise more often ("lose" for "a loss of", "play" for "a 30-date
 * run"). In a question the verb stands after the subject that follows its auxiliary ("did Hong Kong
 * police trap …", "does the Clymer workshop manual cost"), after a relative word ("who caught"), or
 * with no determiner before it.
 */
export function nounWords(topic: string): string[] {
  const out: string[] = [];
  let run: string[] = [];
  /** Whether the words now read are in a noun phrase. */
  let inPhrase = true;
  /** The auxiliary before the subject now read ("be" forms take a participle, others a bare verb). */
  let subjectOf: string | undefined;
  let verbNext = false;
  let sawAuxiliary = false;
  const flush = () => {
    if (subjectOf !== undefined && run.length > 0) {
      // The subject's phrase ends on its verb: "police trap", "the … manual cost", "Europa releasing".
      const last = run[run.length - 1]!;
      const be = subjectOf === 'is' || subjectOf === 'are' || subjectOf === 'was' || subjectOf === 'were';
      if (!be || PARTICIPLE.test(last)) run.pop();
      subjectOf = undefined;
    }
    out.push(...run);
    run = [];
  };
  for (const w of words(topic)) {
    const lower = w.toLowerCase();
    if (CAPITALISED.test(w) || DIGIT.test(w)) {
      inPhrase = true; // a name, a year: "the Doobie Brothers", "their 2020 tour"
      continue;
    }
    if (AUXILIARY.has(lower)) {
      if (subjectOf !== undefined) {
        // "had Coty's stock been falling": the subject ended on a noun; a verb follows this one.
        subjectOf = undefined;
        flush();
        verbNext = true;
      } else {
        flush();
        // Only the question's first auxiliary has the subject after it.
        if (!sawAuxiliary) subjectOf = lower;
      }
      sawAuxiliary = true;
      inPhrase = true;
      continue;
    }
    if (RELATIVE.has(lower)) {
      flush();
      verbNext = true;
      continue;
    }
    if (OPENS_PHRASE.has(lower)) {
      if (subjectOf !== undefined && run.length > 0) flush();
      else if (subjectOf === undefined) flush();
      inPhrase = true;
      continue;
    }
    if (verbNext) {
      // The verb; a bare object may follow it ("who caught bubonic plague").
      verbNext = false;
      continue;
    }
    if (inPhrase) run.push(w);
  }
  flush();
  return out;
}

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
