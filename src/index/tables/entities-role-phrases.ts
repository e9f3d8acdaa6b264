/**
 * Role phrases stated next to a name in its sentence: before it ("Kremlin spokesman Dmitry Peskov"),
 * as an appositive after it ("Dmitry Peskov, a spokesperson for the Kremlin,"), and an organisation
 * after it that completes the role ("Josep Borrell of the European Union").
 */
import { type Token, plainGap } from './entities-tokens.js';
import {
  isActorNoun,
  isClosedClass,
  isDateWord,
  isFunctionWord,
  isKnownOrg,
  isKnownPlace,
} from './names-lexicon.js';
import { isRoleNoun } from './entities-roles.js';
import {
  CONNECTORS,
  DETERMINERS,
  ED_ENDING,
  isCommonVerb,
  isOrgWord,
  isTitle,
  keyOf,
  nameish,
  phrase,
} from './entities-words.js';

const POSSESSIVE_DETERMINERS = new Set(['its', 'his', 'her', 'their', 'our']);
const STOP_PUNCT = /[,.;:!?()[\]“”"«»„—–]/;

const ALL_LOWERCASE = /^\p{Ll}+$/u;

/** Role words written before a name outside its capitalised run: "Kremlin spokesman Dmitry Peskov". */
export function roleBefore(text: string, tokens: Token[], start: number): string | undefined {
  const first = tokens[start]!;
  const commaMode = first.gap.trim() === ',';
  if (!commaMode && !plainGap(first.gap)) return undefined;
  const picked: Token[] = [];
  let j = start - 1;
  let sawTitle = false;
  let lower = 0;
  let capSeen = false;
  while (j >= 0 && picked.length < 8) {
    const t = tokens[j]!;
    if (picked.length === 0 && !isTitle(t) && !(isRoleNoun(t.norm) && !t.cap)) return undefined;
    if (DETERMINERS.has(t.norm)) break;
    if (isTitle(t) || (picked.length === 0 && isRoleNoun(t.norm))) sawTitle = true;
    else if (
      t.acronym ||
      (t.cap && (!isFunctionWord(t.text) || (!t.sentenceStart && !isClosedClass(t.text))))
    ) {
      // Kremlin, White House, Russian, Foreign
      if (!isDateWord(t.text)) capSeen = true;
    } else if (
      sawTitle &&
      lower < 2 &&
      !capSeen &&
      !t.cap &&
      !isFunctionWord(t.text) &&
      !isCommonVerb(t.norm) &&
      ALL_LOWERCASE.test(t.text)
    ) {
      lower++; // "policy" in "Foreign policy head", "press" in "press secretary"
    } else break;
    picked.unshift(t);
    if (t.possessive || !plainGap(t.gap) || t.sentenceStart) break;
    j--;
  }
  if (!sawTitle || picked.length === 0) return undefined;
  if (commaMode) {
    // "its Defence Minister, Oleksiy Reznikov": only with a possessive determiner before the title.
    const det = tokens[j];
    if (!det || picked.includes(det) || !POSSESSIVE_DETERMINERS.has(det.norm)) return undefined;
  }
  return phrase(text, picked);
}

/** An appositive role after a name: "Dmitry Peskov, a spokesperson for the Kremlin, said". */
export function roleAfter(text: string, tokens: Token[], end: number): string | undefined {
  const next = tokens[end];
  if (!next || next.gap.trim() !== ',') return undefined;
  let k = end;
  const hadArticle = DETERMINERS.has(tokens[k]!.norm);
  if (hadArticle) k++;
  const start = k;
  const picked: Token[] = [];
  while (k < tokens.length && picked.length < 14) {
    const t = tokens[k]!;
    if (k > start && STOP_PUNCT.test(t.gap)) break;
    if (t.sentenceStart && k > start) break;
    picked.push(t);
    k++;
  }
  if (picked.length === 0) return undefined;
  const head = picked[0]!;
  // "market analyst", "associate professor": a word that could be a verb, then a role noun.
  const second = picked[1];
  const nounCompound =
    !!second &&
    !second.cap &&
    !head.cap &&
    (isTitle(second) || isRoleNoun(second.norm)) &&
    !isClosedClass(head.text);
  if (isFunctionWord(head.text) && !isTitle(head) && !nounCompound) return undefined;
  // After an article an -ed word is an adjective: "a respected elder".
  if (
    isCommonVerb(head.norm) &&
    !isTitle(head) &&
    !(nounCompound && (hadArticle || !ED_ENDING.test(head.norm)))
  )
    return undefined;
  // Up to six words before the title, more when they name its organisation ("Washington State
  // Department of Health public information officer").
  const orgBefore = (i: number): boolean => picked.slice(0, i).some(isOrgWord);
  const titleAt = picked.findIndex(
    (t, i) =>
      (i < 6 || (i < 12 && orgBefore(i))) &&
      (isTitle(t) || (!t.cap && (isActorNoun(t.norm) || isRoleNoun(t.norm)))),
  );
  if (titleAt < 0) return undefined;
  // "British Prime Minister Boris Johnson" names someone else: a title directly followed by a name
  // (not an organisation with a lowercase role after it: "deputy White House press secretary").
  for (let i = titleAt; i < picked.length - 1; i++) {
    const a = picked[i]!;
    const b = picked[i + 1]!;
    if (isTitle(a) && b.cap && nameish(b) && !CONNECTORS.has(b.norm) && !isOrgWord(b) && !isTitle(b)) {
      let k = i + 1;
      while (k < picked.length && picked[k]!.cap) k++;
      const capRun = picked.slice(i + 1, k);
      const tail = picked[k];
      if (
        capRun.some(isOrgWord) &&
        tail &&
        !tail.cap &&
        (isTitle(tail) || isRoleNoun(tail.norm) || k < picked.length - 1)
      )
        continue;
      return undefined;
    }
  }
  return phrase(text, picked);
}

/** "of the European Union" right after a name: the token range, when it names an organisation or place. */
export function orgAfterName(tokens: Token[], at: number): [number, number] | undefined {
  const link = tokens[at];
  if (!link || link.norm !== 'of' || !plainGap(link.gap)) return undefined;
  let k = at + 1;
  if (tokens[k]?.norm === 'the' && plainGap(tokens[k]!.gap)) k++;
  let end = -1;
  let known = false;
  for (; k < tokens.length && k < at + 8; k++) {
    const t = tokens[k]!;
    if (!plainGap(t.gap) || !(t.cap || (end > 0 && CONNECTORS.has(t.norm)))) break;
    if (!t.cap) continue;
    if (isOrgWord(t) || t.acronym || isKnownPlace(t.text) || isKnownOrg(t.text)) known = true;
    end = k + 1;
    if (t.possessive) break;
  }
  if (end < 0) return undefined;
  if (!known) {
    const words = tokens.slice(at + 1, end).filter((t) => t.cap);
    const key = keyOf(words.map((t) => t.text));
    known = isKnownPlace(key) || isKnownOrg(key);
  }
  return known ? [at, end] : undefined;
}
