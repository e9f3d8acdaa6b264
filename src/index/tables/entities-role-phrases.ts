/**
 * Role phrases stated next to a name in its sentence: before it ("Kremlin spokesman Dmitry Peskov",
 * "The priest, Fidelis X,"), as an appositive after it ("Dmitry Peskov, a spokesperson for the
 * Kremlin,"), with a copula ("NAME is the chief executive of ORG") or an appointment ("… as
 * Tottenham's manager"), and an organisation after the name that completes the role ("Josep Borrell
 * of the European Union"). Roles are deduplicated in entities-roles.ts.
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
import {
  CONNECTORS,
  DETERMINERS,
  ED_ENDING,
  isCommonVerb,
  isRoleNoun,
  isOrgWord,
  isTitle,
  keyOf,
  TITLE_SMALL_WORDS,
  nameish,
  phrase,
} from './entities-words.js';

const POSSESSIVE_DETERMINERS = new Set(['its', 'his', 'her', 'their', 'our']);
const STOP_PUNCT = /[,.;:!?()[\]“”"«»„—–]/;

const ALL_LOWERCASE = /^\p{Ll}+$/u;
/** Words that end a role phrase: a new clause or a second item. */
const ROLE_ENDERS_LIST = ['who', 'that', 'which', 'and', 'or', 'but', 'when', 'since', 'because'];
export const ROLE_ENDERS = new Set(ROLE_ENDERS_LIST);

/**
 * Role words written before a name outside its capitalised run: "Kremlin spokesman Dmitry Peskov";
 * with a second role joined by "and" before it, both: "Apple chairman and chief executive Tim Cook"
 * (not after a determiner: "the mayor and police chief John Smith" may be two people).
 */
export function rolesBefore(text: string, tokens: Token[], start: number): string[] {
  const last = roleBeforeAt(text, tokens, start);
  if (!last) return [];
  const first = roleBeforeAnd(text, tokens, last.from);
  return first ? [first, last.text] : [last.text];
}

/**
 * The role before an "and" right before `from` (where another role, or a titled name's run, starts)
 * that shares the name after it ("Apple chairman and …"), unless a determiner opens it ("the mayor
 * and …" may be another person).
 */
export function roleBeforeAnd(text: string, tokens: Token[], from: number): string | undefined {
  const and = tokens[from - 1];
  const gap = tokens[from]!.gap;
  if (and?.norm !== 'and' || !(plainGap(gap) || OPENING_QUOTE_GAP.test(gap)) || !plainGap(and.gap))
    return undefined;
  const found = roleBeforeAt(text, tokens, from - 1);
  return found && !DETERMINERS.has(tokens[found.from - 1]?.norm ?? '') ? found.text : undefined;
}

function roleBeforeAt(
  text: string,
  tokens: Token[],
  start: number,
): { text: string; from: number } | undefined {
  const first = tokens[start]!;
  const commaMode = first.gap.trim() === ',';
  if (!commaMode && !plainGap(first.gap)) return undefined;
  // "BBC’s Emily Maitlis", "NASA’s Jim Bridenstine": the organisation they speak or work for.
  const owner = tokens[start - 1];
  if (!commaMode && owner?.possessive && (owner.acronym || isKnownOrg(owner.norm)) && !isTitle(owner))
    return { text: owner.text, from: start - 1 };
  const served = commaMode ? undefined : servedBefore(tokens, start);
  if (served) start = served.at;
  const picked: Token[] = served ? [...served.tokens] : [];
  let j = start - 1;
  let sawTitle = false;
  let lower = 0;
  let capSeen = false;
  /** The quote mark that opens a quoted title the role starts with. */
  let opening = '';
  while (j >= 0 && picked.length < 8) {
    const t = tokens[j]!;
    const head = picked.length === (served?.tokens.length ?? 0);
    if (head && !isTitle(t) && !(isHeadNoun(t) && !t.cap)) return undefined;
    if (DETERMINERS.has(t.norm)) break;
    if (isTitle(t) || (head && isHeadNoun(t))) sawTitle = true;
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
    // "“The Nanny” star Fran Drescher": the quoted title of a work the role noun is of.
    const quoted = picked.length === 1 && CLOSING_QUOTE_GAP.test(t.gap) ? quotedTitleBefore(tokens, j) : -1;
    if (quoted >= 0) {
      picked.unshift(...tokens.slice(quoted, j));
      j = quoted;
      opening = tokens[quoted]!.gap.slice(-1);
      break;
    }
    if (t.possessive || !plainGap(t.gap) || t.sentenceStart) break;
    j--;
  }
  if (!sawTitle || picked.length === 0) return undefined;
  if (commaMode) {
    // "its Defence Minister, Oleksiy Reznikov": only with a possessive determiner before the title.
    const det = tokens[j];
    if (!det || picked.includes(det) || !POSSESSIVE_DETERMINERS.has(det.norm)) return undefined;
  }
  return { text: opening + phrase(text, picked), from: tokens.indexOf(picked[0]!, Math.max(0, j)) };
}

/** A closing quote mark between a quoted title and the word after it. */
const CLOSING_QUOTE_GAP = /^\s*["”]\s+$/u;
/** An opening quote mark before a quoted title's first word. */
const OPENING_QUOTE_GAP = /(?:^|\s)["“]$/u;

/**
 * Where a quoted title that ends right before token `end` starts (one to six words, capitalised but
 * for small words, the first after an opening quote mark); -1 when there is none.
 */
function quotedTitleBefore(tokens: Token[], end: number): number {
  for (let k = end - 1; k >= 0 && end - k <= 6; k--) {
    const t = tokens[k]!;
    if (!t.cap && !TITLE_SMALL_WORDS.has(t.norm)) return -1;
    if (OPENING_QUOTE_GAP.test(t.gap)) return t.cap ? k : -1;
    if (!plainGap(t.gap)) return -1;
  }
  return -1;
}

/**
 * A lowercase noun for a person that can head the role written right before a name: a role noun,
 * or any noun the lexicon knows as one for people ("certified financial planner Eric Roberge",
 * "mobile marketing pioneer Ivan Braiker").
 */
function isHeadNoun(t: Token): boolean {
  return isRoleNoun(t.norm) || (!t.cap && isActorNoun(t.norm));
}

/**
 * "ambassador to Ukraine Marie Yovanovitch": the place or organisation a role serves, between the
 * role and the name (one to three capitalised words after "to", "of" or "for"). Its tokens and
 * where the role noun before it ends.
 */
function servedBefore(tokens: Token[], start: number): { at: number; tokens: Token[] } | undefined {
  let k = start - 1;
  while (
    k >= 0 &&
    start - k <= 3 &&
    tokens[k]!.cap &&
    !tokens[k]!.sentenceStart &&
    plainGap(tokens[k + 1]!.gap)
  )
    k--;
  // "ambassador to the Ukraine Marie Yovanovitch": "the" before the place.
  if (
    k < start - 1 &&
    tokens[k]?.norm === 'the' &&
    SERVED_LINKS.has(tokens[k - 1]?.norm ?? '') &&
    plainGap(tokens[k + 1]!.gap)
  )
    k--;
  const link = tokens[k];
  if (k === start - 1 || !link || !SERVED_LINKS.has(link.norm) || !plainGap(tokens[k + 1]!.gap))
    return undefined;
  const role = tokens[k - 1];
  if (!role || role.cap || !(isTitle(role) || isRoleNoun(role.norm)) || !plainGap(link.gap)) return undefined;
  return { at: k, tokens: tokens.slice(k, start) };
}

const SERVED_LINKS = new Set(['to', 'of', 'for']);

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
  const described = !hadArticle ? (relativeRole(text, picked) ?? knownFor(text, picked)) : undefined;
  if (described) return described;
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
      // "Chief Strategy Officer": capitalised words closed by a title are one title, not a name.
      if (isTitle(capRun[capRun.length - 1]!)) continue;
      if (
        capRun.some(isOrgWord) &&
        tail &&
        !tail.cap &&
        (isTitle(tail) || isRoleNoun(tail.norm) || k < picked.length - 1)
      )
        continue;
      // "a top national security aide to Vice President Pence": the role names whom it serves.
      let chain = i;
      while (chain > titleAt + 1 && picked[chain - 1]!.cap) chain--;
      if (chain > titleAt + 1 && SERVES.has(picked[chain - 1]!.norm)) return phrase(text, picked.slice(0, k));
      return undefined;
    }
  }
  return phrase(text, picked);
}

/** What leading something makes someone: "who heads the Alliance" → "head of the Alliance". */
const LEADS: Record<string, string> = {
  heads: 'head',
  headed: 'head',
  leads: 'leader',
  led: 'leader',
  runs: 'head',
  ran: 'head',
  chairs: 'chair',
  chaired: 'chair',
  directs: 'director',
  directed: 'director',
  manages: 'manager',
  managed: 'manager',
  founded: 'founder',
  owns: 'owner',
  owned: 'owner',
};
/** Where the object of "who heads …" ends: a conjunction or a new clause. */
const OBJECT_ENDERS = new Set([
  ...ROLE_ENDERS_LIST,
  'as',
  'to',
  'in',
  'on',
  'since',
  'until',
  'after',
  'before',
]);

/**
 * A relative clause that says what someone leads: "Scott Paul, who heads the Alliance for American
 * Manufacturing," → "head of the Alliance for American Manufacturing". The object must be named
 * (a capitalised word in it), so "who runs a bakery" or "who led the way" gives no role.
 */
function relativeRole(text: string, picked: Token[]): string | undefined {
  if (picked[0]!.norm !== 'who' || picked.length < 3) return undefined;
  const role = LEADS[picked[1]!.norm];
  if (!role) return undefined;
  let end = 2;
  while (end < picked.length && end < 12 && (end === 2 || !OBJECT_ENDERS.has(picked[end]!.norm))) end++;
  const object = picked.slice(2, end);
  if (!object.some((t) => t.cap && !t.sentenceStart)) return undefined;
  return `${role} of ${phrase(text, object)}`;
}

/** "best known for", "widely known as": an appositive that says what someone is known for. */
const KNOWN_ADVERBS = new Set(['best', 'widely', 'well', 'perhaps', 'mostly', 'also']);

/**
 * "Noah Hawley, best known for creating FX's Legion and Fargo TV series, is …": what the person is
 * known for describes them, as a role does.
 */
function knownFor(text: string, picked: Token[]): string | undefined {
  let k = 0;
  while (k < picked.length && k < 2 && KNOWN_ADVERBS.has(picked[k]!.norm)) k++;
  if (k === 0 || picked[k]?.norm !== 'known') return undefined;
  const link = picked[k + 1]?.norm;
  if ((link !== 'for' && link !== 'as') || picked.length < k + 3) return undefined;
  return phrase(text, picked.slice(0, Math.min(picked.length, 14)));
}

/** "of the European Union" right after a name: the token range, when it names an organisation or place. */
export function orgAfterName(tokens: Token[], at: number, orgOnly = false): [number, number] | undefined {
  const link = tokens[at];
  if (!link || link.norm !== 'of' || !(plainGap(link.gap) || COMMA_GAP.test(link.gap))) return undefined;
  let k = at + 1;
  if (tokens[k]?.norm === 'the' && plainGap(tokens[k]!.gap)) k++;
  let end = -1;
  let known = false;
  for (; k < tokens.length && k < at + 8; k++) {
    const t = tokens[k]!;
    if (!plainGap(t.gap) || !(t.cap || (end > 0 && CONNECTORS.has(t.norm)))) break;
    if (!t.cap) continue;
    if (isOrgWord(t) || t.acronym || isKnownOrg(t.text) || (!orgOnly && isKnownPlace(t.text))) known = true;
    end = k + 1;
    // "of Columbia University’s Zuckerman Institute": an affiliation goes on to the unit.
    if (t.possessive && !orgOnly) break;
  }
  if (end < 0) return undefined;
  if (!known) {
    const words = tokens.slice(at + 1, end).filter((t) => t.cap);
    const key = keyOf(words.map((t) => t.text));
    known = (!orgOnly && isKnownPlace(key)) || isKnownOrg(key);
  }
  return known ? [at, end] : undefined;
}

/** Determiners that open a role written before the name and set off by commas: "The priest, …". */
const APPOSITIVE_OPENERS = new Set(['the', 'a', 'an']);
/** "aide to", "spokesman for", "chief of staff under" someone: a role that names whom it serves. */
const SERVES = new Set(['to', 'for', 'under']);
/** Words that tie a role to its organisation or place: "mayor of Surabaya", "analyst at Oanda". */
const ROLE_LINKS = new Set(['of', 'at', 'for', 'in', 'with']);
export const COMMA_GAP = /^\s*,\s*$/;
const SPEECH_AFTER = new Set(['said', 'says', 'told', 'added', 'explained', 'warned']);
export const LOWER_WORD = /^\p{Ll}[\p{Ll}-]*$/u;

/**
 * "The priest, Fidelis X, is …", "The mayor of Springfield, Jane Y, said": a role opened by "the" or
 * "a", set off by commas, with the name directly after it and a comma closing the name (`end` is the
 * index after the name). Walks back at most a dozen tokens; returns the role's token range or
 * undefined. `isTitle` is the caller's title test (role nouns count too).
 */
export function roleBeforeAppositive(
  tokens: Token[],
  start: number,
  end: number,
  isTitle: (t: Token) => boolean,
): [number, number] | undefined {
  const first = tokens[start];
  if (!first || !COMMA_GAP.test(first.gap)) return undefined;
  // "ZHDA president, Tawanda Zvakada said": a speech verb may close it where the comma was left out.
  const spoke = SPEECH_AFTER.has(tokens[end]?.norm ?? '') && tokens[end]!.gap === ' ';
  if (!closesAppositive(tokens, end) && !spoke) return undefined;
  // Back from the comma to an opening determiner: [det] modifiers* TITLE ((of|at|…) Org words)?
  let j = start - 1;
  const stop = Math.max(0, start - 12);
  let title = -1;
  let sawLink = false;
  // "ZHDA president, NAME said": capitalised words open the role right after a comma or at the
  // sentence's start, with no determiner.
  let capOpen = false;
  for (; j >= stop; j--) {
    const t = tokens[j]!;
    const gap = tokens[j + 1]!.gap;
    if (j < start - 1 && gap.trim() !== '' && gap !== '-') return undefined;
    if (APPOSITIVE_OPENERS.has(t.norm) || POSSESSIVE_DETERMINERS.has(t.norm)) break;
    if (title >= 0 && t.cap && !t.possessive && (t.sentenceStart || t.gap.includes(','))) {
      // Only a name right before the title ("ZHDA president"), not a clause ("Inspectors spoke to …").
      if (tokens.slice(j + 1, title).some((k) => !k.cap)) return undefined;
      capOpen = true;
      break;
    }
    // "Sweden’s deputy director of public prosecutions, NAME,": a possessive name opens it too.
    if (t.possessive && t.cap && title >= 0) break;
    if (title < 0 && isTitle(t)) title = j;
    else if (title < 0 && ROLE_LINKS.has(t.norm)) {
      if (sawLink) return undefined;
      sawLink = true;
    } else if (title < 0 && !t.cap && !LOWER_WORD.test(t.text)) return undefined;
    else if (title >= 0 && !t.cap && !LOWER_WORD.test(t.text)) return undefined;
    if (t.sentenceStart) return undefined;
  }
  if (j < stop || title < 0) return undefined;
  const det = tokens[j]!;
  // The opening determiner starts the sentence or follows a verb, a preposition or an opening
  // phrase ("In a statement, the union's president, …"), never sits inside a list of names.
  if (det.gap.includes(',') && !det.possessive && (j === 0 || tokens[j - 1]!.cap)) return undefined;
  // After the title only the link and its organisation: capitalised words, "the".
  if (sawLink) {
    let k = title + 1;
    if (!ROLE_LINKS.has(tokens[k]?.norm ?? '')) return undefined;
    for (k++; k < start; k++) {
      const t = tokens[k]!;
      // "of the European Commission", "of public prosecutions": an organisation or a domain.
      if (!t.cap && t.norm !== 'the' && t.norm !== 'of' && t.norm !== 'and' && !LOWER_WORD.test(t.text))
        return undefined;
    }
  } else if (title !== start - 1) return undefined;
  // Before the title only lowercase or capitalised modifiers (no verbs written in: "a man who…").
  for (let k = j + 1; k < title; k++)
    if (tokens[k]!.norm === 'who' || tokens[k]!.norm === 'that') return undefined;
  return [capOpen ? j : j + 1, start];
}

/**
 * Whether the name ending before `end` closes an appositive: a comma right after it, or after the
 * organisation it belongs to ("The president, Tsai Ing-wen of the Democratic Progressive party,").
 */
function closesAppositive(tokens: Token[], end: number): boolean {
  const closing = tokens[end];
  if (!closing) return false;
  if (COMMA_GAP.test(closing.gap)) return true;
  if (closing.norm !== 'of' || !plainBefore(closing)) return false;
  let k = end + 1;
  if (tokens[k]?.norm === 'the' && plainBefore(tokens[k])) k++;
  if (!tokens[k]?.cap) return false;
  for (let n = 0; k < tokens.length && n < 6; k++, n++) {
    const t = tokens[k]!;
    if (n > 0 && COMMA_GAP.test(t.gap)) return true;
    if (n > 0 && !plainBefore(t)) return false;
    if (!t.cap && !LOWER_WORD.test(t.text)) return false;
  }
  return false;
}

const COPULAS = new Set(['is', 'was']);
const COPULA_DETERMINERS = new Set(['the', 'a', 'an']);
/** Words that end a role stated after a copula: the clause goes on ("the man who", "the CEO and"). */

export const plainBefore = (t: Token | undefined): boolean => !!t && (t.gap.trim() === '' || t.gap === '-');

/**
 * "NAME is the chief executive of ORG", "NAME, who is the … Ukraine expert": a role stated with "is"
 * or "was" and an article, right after the name (`end` is the index after the name). The role is the
 * words up to a title or role noun, plus "of/at/for ORG" when capitalised words follow. Returns the
 * role's token range or undefined.
 */
export function roleAfterCopula(
  tokens: Token[],
  end: number,
  isTitle: (t: Token) => boolean,
): [number, number] | undefined {
  let k = end;
  // "NAME, who is the …", and without the comma: "said Leigh Sears who is the … manager".
  if (tokens[k]?.norm === 'who' && (COMMA_GAP.test(tokens[k]!.gap) || plainBefore(tokens[k]))) k++;
  else if (!plainBefore(tokens[k])) return undefined;
  if (!COPULAS.has(tokens[k]?.norm ?? '') || !plainBefore(tokens[k])) return undefined;
  k++;
  if (!COPULA_DETERMINERS.has(tokens[k]?.norm ?? '') || !plainBefore(tokens[k])) return undefined;
  k++;
  const start = k;
  let title = -1;
  for (; k < tokens.length && k < start + 10; k++) {
    const t = tokens[k]!;
    if (!plainBefore(t) || t.sentenceStart || ROLE_ENDERS.has(t.norm)) break;
    if (isTitle(t)) {
      title = k;
      const next = tokens[k + 1];
      if (next && plainBefore(next) && isTitle(next)) continue; // "chief executive"
      break;
    }
    if (!t.cap && !LOWER_WORD.test(t.text)) return undefined;
  }
  if (title < 0) return undefined;
  let stop = title + 1;
  // "was a head taller than …": a role ends at punctuation, a link or the end of the clause.
  const after = tokens[stop];
  if (after && plainBefore(after) && !ROLE_LINKS.has(after.norm) && !ROLE_ENDERS.has(after.norm))
    return undefined;
  // "of DH", "at the Dunmore Institute": the organisation, capitalised words only.
  const link = tokens[stop];
  if (link && plainBefore(link) && ROLE_LINKS.has(link.norm)) {
    let m = stop + 1;
    if (tokens[m]?.norm === 'the' && plainBefore(tokens[m])) m++;
    let last = -1;
    while (
      m < tokens.length &&
      plainBefore(tokens[m]) &&
      (tokens[m]!.cap || (last > 0 && tokens[m]!.norm === 'of'))
    ) {
      if (tokens[m]!.cap) last = m + 1;
      m++;
    }
    if (last > 0) stop = last;
  }
  return [start, stop];
}
