/**
 * Pass 1 of entity extraction: find candidate name spans in one paragraph, with the evidence for
 * each kind and the role descriptions stated next to them. No corpus-wide decisions here; those
 * are made in `entities.ts` once every paragraph has been seen.
 */
import nlp from 'compromise';

import { type Token, plainGap, tokenize } from './entities-tokens.js';
import {
  CHROME_WORDS,
  DIRECTIONS,
  NAME_PARTICLES,
  ORG_WORDS,
  PLACE_FOLLOWERS,
  SPEECH_VERB_SET,
  TITLE_WORDS,
  TRANSLITERATIONS,
  isCommonWord,
  isDateWord,
  isDemonym,
  isFirstName,
  isClosedClass,
  isFunctionWord,
  isKnownLastName,
  isKnownOrg,
  isKnownPlace,
  isActorNoun,
  isVerbForm,
} from './names-lexicon.js';
import { fold } from './names.js';
import { isRoleNoun, roleAfterCopula, roleAsAppointed, roleBeforeAppositive } from './entities-roles.js';

export interface Votes {
  person: number;
  place: number;
  organization: number;
}

export interface Candidate {
  /** Words of the name, hyphenated words kept together ("Jean-Yves", "Le", "Drian"). */
  words: string[];
  /** Folded words joined by spaces, dots dropped ("u.s." → "us"). */
  key: string;
  /** The name as it stands in the text (titles and possessive removed). */
  surface: string;
  articleId: string;
  paragraph: number;
  /** Character offset in the paragraph (for "most recent mention" decisions). */
  offset: number;
  votes: Votes;
  roles: string[];
  /**
   * Weak candidates (a lone capitalised word starting a sentence, a word of a title-case headline,
   * one half of "Lavrov-Blingen") only join entities found elsewhere; they never found one.
   */
  weak: boolean;
}

const CONNECTORS = new Set(['of', 'for', 'to', 'the', 'and']);
const DETERMINERS = new Set(['a', 'an', 'the', 'its', 'his', 'her', 'their', 'our', 'my']);
const POSSESSIVE_DETERMINERS = new Set(['its', 'his', 'her', 'their', 'our']);
const PLACE_PREPOSITIONS = new Set([
  'in',
  'at',
  'near',
  'from',
  'outside',
  'across',
  'into',
  'towards',
  'of',
]);
const STOP_PUNCT = /[,.;:!?()[\]“”"«»„—–]/;

const isTitle = (t: Token): boolean => TITLE_WORDS.has(t.norm);
const isOrgWord = (t: Token): boolean => ORG_WORDS.has(t.norm);
const isRoleToken = (t: Token): boolean => !isHonorific(t) && (isTitle(t) || isRoleNoun(t.norm));
const HONORIFIC_TITLES = new Set(['mr.', 'mrs.', 'ms.', 'dr.', 'mr', 'mrs', 'ms', 'dr']);
const isHonorific = (t: Token): boolean => HONORIFIC_TITLES.has(t.norm);

/** A capitalised word that can be part of a name (not "The", "However", "Monday", "May"). */
function nameish(t: Token): boolean {
  if (t.credit || !t.cap) return false;
  if (t.acronym) return true;
  if (t.garbled || isDateWord(t.text)) return false;
  if (NAME_PARTICLES.has(t.norm)) return true; // "Le" in "Jean-Yves Le Drian"
  if (isClosedClass(t.text) && !isFirstName(t.text) && !isKnownPlace(t.text)) return false;
  return true;
}

/** A sentence-initial capitalised word says nothing about being a name unless it is a known one. */
function weakInitial(t: Token): boolean {
  return (
    t.sentenceStart &&
    !t.acronym &&
    !isFirstName(t.text) &&
    !isKnownPlace(t.text) &&
    !isKnownOrg(t.text) &&
    !isKnownLastName(t.text) &&
    !isTitle(t) &&
    (isCommonWord(t.norm) || isFunctionWord(t.text)) &&
    !isDemonym(t.text)
  );
}

/**
 * compromise's own opinion of a phrase: does it tag a person, a place, an organisation in it? Kept as
 * a bit mask per distinct phrase. Tagging one phrase per `nlp()` call costs about a millisecond, most
 * of it fixed overhead, so phrases are tagged in batches: each phrase is tokenised on its own (exactly
 * as `nlp(phrase)` would) and its sentences are appended to one document, which compromise tags
 * sentence by sentence; every tagger pass and the people/places/organizations matches stay within a
 * sentence, so a phrase gets the same tags as alone (checked over the benchmark corpus), at a sixth of
 * the cost. The cache persists across builds (a reindex of a mostly unchanged corpus asks again).
 */
const PERSON_BIT = 1;
const PLACE_BIT = 2;
const ORG_BIT = 4;
const compromiseCache = new Map<string, number>();
const MAX_CACHED_PHRASES = 400_000;
const BATCH = 500;

interface Pointing {
  fullPointer: number[][];
}
interface BatchDoc {
  people(): Pointing;
  places(): Pointing;
  organizations(): Pointing;
}
interface NlpWorld {
  methods: { one: { tokenize: { fromString(text: string, world: NlpWorld): object[][] } } };
}
const world = nlp.world() as unknown as NlpWorld;
const tagDocument = nlp as unknown as (sentences: { terms: object[] }[]) => BatchDoc;

/** Tags every phrase not cached yet, in batches. */
function tagPhrases(phrases: Iterable<string>): void {
  const todo: string[] = [];
  const queued = new Set<string>();
  for (const p of phrases) {
    if (compromiseCache.has(p) || queued.has(p)) continue;
    queued.add(p);
    todo.push(p);
  }
  if (compromiseCache.size + todo.length > MAX_CACHED_PHRASES) compromiseCache.clear();
  for (let from = 0; from < todo.length; from += BATCH) {
    const batch = todo.slice(from, from + BATCH);
    const sentences: { terms: object[] }[] = [];
    const owner: number[] = [];
    batch.forEach((phrase, i) => {
      for (const terms of world.methods.one.tokenize.fromString(phrase, world)) {
        sentences.push({ terms });
        owner.push(i);
      }
    });
    const masks = new Array<number>(batch.length).fill(0);
    if (sentences.length > 0) {
      const doc = tagDocument(sentences);
      const found: [number, Pointing][] = [
        [PERSON_BIT, doc.people()],
        [PLACE_BIT, doc.places()],
        [ORG_BIT, doc.organizations()],
      ];
      for (const [bit, view] of found) for (const ptr of view.fullPointer) masks[owner[ptr[0]!]!]! |= bit;
    }
    batch.forEach((phrase, i) => compromiseCache.set(phrase, masks[i]!));
  }
}

function addCompromiseVotes(v: Votes, phrase: string): void {
  let mask = compromiseCache.get(phrase);
  if (mask === undefined) {
    tagPhrases([phrase]);
    mask = compromiseCache.get(phrase) ?? 0;
  }
  if (mask & PERSON_BIT) v.person += 2;
  if (mask & PLACE_BIT) v.place += 1;
  if (mask & ORG_BIT) v.organization += 1;
}

/** Groups hyphen-joined tokens into words: [Jean][Yves][Le][Drian] → "Jean-Yves", "Le", "Drian". */
function groupWords(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  for (const t of tokens) {
    const lastGroup = out[out.length - 1];
    if (t.hyphenJoined && lastGroup) lastGroup.push(t);
    else out.push([t]);
  }
  return out;
}

const DOTS = /\./g;

export function keyOf(words: string[]): string {
  const key = fold(words.join(' ')).replace(DOTS, '');
  return TRANSLITERATIONS[key] ?? key;
}

const SENTENCE_MARK = /[.!?]/;

/** Title-case headline ("Putin Slams NATO Military Aid to Ukraine"): capitals say nothing there. */
function isHeadline(text: string, tokens: Token[], from: number, to: number): boolean {
  if (to <= from) return false;
  const last = tokens[to - 1]!;
  const next = tokens[to];
  const tail = text.slice(last.end, next ? next.start : text.length);
  if (SENTENCE_MARK.test(tail)) return false; // headlines carry no full stop
  let content = 0;
  let caps = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (CONNECTORS.has(t.norm) || t.norm.length <= 2 || startsWithNumber(t.text)) continue;
    content++;
    if (t.cap) caps++;
  }
  if (content < 5) return false;
  return caps / content >= 0.8;
}

const STARTS_WITH_NUMBER = /^\p{N}/u;

function startsWithNumber(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c < 128) return c >= 48 && c <= 57;
  return STARTS_WITH_NUMBER.test(word);
}

/** Sentences as token index ranges. */
function sentences(tokens: Token[]): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  for (let i = 1; i <= tokens.length; i++) {
    if (i === tokens.length || tokens[i]!.sentenceStart) {
      out.push([s, i]);
      s = i;
    }
  }
  return out;
}

/**
 * A capitalised function word inside a sentence, right before a name word, is a first name: "Will
 * Moy", "May Mobley". At a sentence's start it is just the sentence's first word ("Will Moy go?").
 */
function closedClassFirstName(tokens: Token[], i: number, to: number): boolean {
  const t = tokens[i]!;
  const next = tokens[i + 1];
  return (
    t.cap &&
    !t.sentenceStart &&
    !t.acronym &&
    !t.credit &&
    !t.possessive &&
    i + 1 < to &&
    !!next &&
    plainGap(next.gap) &&
    nameish(next) &&
    !next.acronym &&
    !isKnownPlace(next.text) &&
    !isKnownOrg(next.text) &&
    !isDateWord(t.text) &&
    isClosedClass(t.text)
  );
}

/** Runs of name-ish words inside a sentence, allowing inner connectors and name particles. */
function runs(tokens: Token[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let i = from;
  while (i < to) {
    if (!nameish(tokens[i]!) && !closedClassFirstName(tokens, i, to)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < to) {
      const prev = tokens[j - 1]!;
      const t = tokens[j]!;
      if (prev.possessive || !plainGap(t.gap)) break;
      if (nameish(t)) {
        j++;
        continue;
      }
      // "of the", "von der": connectors or particles continue the run only when a name word follows.
      let k = j;
      while (
        k < to &&
        plainGap(tokens[k]!.gap) &&
        !tokens[k]!.cap &&
        tokens[k]!.norm !== 'and' &&
        (CONNECTORS.has(tokens[k]!.norm) || NAME_PARTICLES.has(tokens[k]!.norm))
      )
        k++;
      if (k > j && k < to && plainGap(tokens[k]!.gap) && nameish(tokens[k]!)) {
        j = k + 1;
        continue;
      }
      break;
    }
    out.push([i, j]);
    i = j;
  }
  return out;
}

function phrase(text: string, tokens: Token[]): string {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  return text.slice(first.start, last.start + last.text.length);
}

/** Takes a personal name off the end of a title complement: "of State Antony Blinken" → Antony Blinken. */
function nameFromEnd(tokens: Token[]): number {
  // Returns the index in `tokens` where the name starts, or -1.
  const words = groupWords(tokens);
  let w = words.length - 1;
  const lastWord = words[w];
  if (!lastWord) return -1;
  const surname = lastWord[0]!;
  if (!surname.cap || isKnownPlace(surname.text) || isOrgWord(surname) || surname.acronym) return -1;
  if (isCommonWord(surname.norm) && !isKnownLastName(surname.text)) return -1; // Secretary of State
  if (CONNECTORS.has(surname.norm)) return -1;
  w--;
  while (w >= 0 && NAME_PARTICLES.has(words[w]![0]!.norm)) w--;
  const particles = w < words.length - 2;
  const given = words[w];
  let startWord = w + 1;
  if (
    given &&
    given[0]!.cap &&
    !CONNECTORS.has(given[0]!.norm) &&
    !isKnownPlace(given[0]!.text) &&
    (particles || given.length > 1 || isFirstName(given[0]!.text) || !isCommonWord(given[0]!.norm))
  ) {
    startWord = w;
  }
  if (startWord === 0) return -1; // the whole complement would be the name: "Minister of Foreign Affairs"
  let idx = 0;
  for (let k = 0; k < startWord; k++) idx += words[k]!.length;
  return idx;
}

const ALL_LOWERCASE = /^\p{Ll}+$/u;

/** Role words written before a name outside its capitalised run: "Kremlin spokesman Dmitry Peskov". */
function roleBefore(text: string, tokens: Token[], start: number): string | undefined {
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

const ED_ENDING = /ed$/;

function isCommonVerb(norm: string): boolean {
  return isVerbForm(norm) || ED_ENDING.test(norm);
}

/** An appositive role after a name: "Dmitry Peskov, a spokesperson for the Kremlin, said". */
function roleAfter(text: string, tokens: Token[], end: number): string | undefined {
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

function emptyVotes(): Votes {
  return { person: 0, place: 0, organization: 0 };
}

/** Kind evidence from the words of a name and its immediate context. */
function scoreName(
  words: Token[],
  before: Token | undefined,
  after: Token | undefined,
  display: string,
): Votes {
  // compromise's votes are added later, in a batch (see Spotted).
  const v = emptyVotes();
  const key = fold(display);
  const last = words[words.length - 1]!;
  if (words.some(isOrgWord) || isKnownOrg(key)) v.organization += 4;
  if (words.length === 1 && last.acronym && !isKnownPlace(last.text)) v.organization += 2;
  if (isKnownPlace(key) || (words.length === 1 && isKnownPlace(last.text))) v.place += 3;
  if (words.length >= 2 && words.length <= 4 && isFirstName(words[0]!.text) && !words.some(isOrgWord))
    v.person += 3;
  if (words.length >= 2 && isKnownLastName(last.text)) v.person += 2;
  if (
    words.length >= 2 &&
    words.length <= 3 &&
    words.every((w) => !isCommonWord(w.norm) && !isKnownPlace(w.text) && !w.acronym && !isOrgWord(w))
  )
    v.person += 1;
  if (before && before.norm === 'the' && plainGap(words[0]!.gap)) {
    v.person -= 3;
    v.organization += 1;
  }
  if (before && PLACE_PREPOSITIONS.has(before.norm) && plainGap(words[0]!.gap)) v.place += 1;
  if (after && plainGap(after.gap) && PLACE_FOLLOWERS.has(after.norm)) v.place += 2;
  if (after && plainGap(after.gap) && SPEECH_VERB_SET.has(after.norm)) v.person += 1;
  if (before && SPEECH_VERB_SET.has(before.norm) && plainGap(words[0]!.gap)) v.person += 1;
  return v;
}

/** Whether compromise's opinion of the name counts (not for a lone sentence-initial word). */
function asksCompromise(words: Token[]): boolean {
  return words.length >= 2 || !words[0]!.sentenceStart;
}

interface Pending {
  tokens: Token[];
  titled: boolean;
  roles: string[];
  weak: boolean;
}

/** Two letters in a row: a word, not an initial or a number. */
const TWO_LETTERS = /\p{L}{2,}/u;

/** Splits one capitalised run into name pieces (dropping titles, demonyms, directions, connectors). */
function splitRun(text: string, all: Token[], from: number, to: number, headline: boolean): Pending[] {
  // "…the United States Cho Biden Russian colleague", "Anthony Blinkenand Russian Foreign Minister
  // Sergey Lavrov": a demonym or acronym inside a run (not after "of the") starts a new run.
  for (let i = from + 1; i < to; i++) {
    const t = all[i]!;
    const prev = all[i - 1]!;
    const splits = t.acronym || (isDemonym(t.text) && !isOrgWord(all[i + 1] ?? t));
    if (splits && !CONNECTORS.has(prev.norm) && !t.hyphenJoined) {
      if (isTitle(prev) || prev.acronym || isDemonym(prev.text)) continue; // "Belarus President", "US Vice"
      return [...splitRun(text, all, from, i, headline), ...splitRun(text, all, i, to, headline)];
    }
  }
  let run = all.slice(from, to);
  const out: Pending[] = [];
  if (run.some((t) => CHROME_WORDS.has(t.norm))) return out;
  const upper = run.filter((t) => TWO_LETTERS.test(t.text) && !CONNECTORS.has(t.norm));
  if (upper.length >= 2 && upper.every((t) => t.text === t.text.toUpperCase())) return out; // "IMAGE SOURCE"
  // In a title-case headline capitals mean nothing: only titled or organisation-like runs count,
  // other words are kept alone and only join names found elsewhere (unless the lexicon knows them).
  if (headline && !run.some((t) => isTitle(t) || isOrgWord(t)))
    return run
      .filter((t) => nameish(t))
      .map((t) => ({ tokens: [t], titled: false, roles: [], weak: !lexiconKnown(t) }));
  // Sentence-initial common words: "However", "Reiterating", "Separatist" are not names.
  // …but "Foreign Secretary Dominic Raab": a modifier of the title that follows it stays.
  while (
    run.length &&
    weakInitial(run[0]!) &&
    !(run.length === 1 && run[0]!.possessive) &&
    !(run.length > 2 && isTitle(run[1]!) && !isTitle(run[0]!))
  )
    run = run.slice(1);
  while (run.length && CONNECTORS.has(run[0]!.norm)) run = run.slice(1);
  if (run.length === 2 && DIRECTIONS.has(run[0]!.norm) && isKnownPlace(run[1]!.text)) run = run.slice(1);
  if (!run.length) return out;

  // A title inside the run: "US Secretary of State Antony Blinken", "French President Emmanuel Macron".
  let titleAt = -1;
  for (let i = run.length - 1; i >= 0; i--) {
    const next = run[i + 1];
    if (isTitle(run[i]!) && !(next && isOrgWord(next))) {
      titleAt = i;
      break;
    }
  }
  if (titleAt >= 0) {
    const after = run.slice(titleAt + 1);
    let nameStart: number;
    if (after.length && CONNECTORS.has(after[0]!.norm)) nameStart = nameFromEnd(after);
    else nameStart = after.length ? 0 : -1;
    // "Fire Chief Supervisor Dan Ortiz": a role noun after the title still belongs to the role.
    while (
      nameStart >= 0 &&
      nameStart < after.length - 2 &&
      isRoleNoun(after[nameStart]!.norm) &&
      !isHonorific(after[nameStart]!) &&
      isFirstName(after[nameStart + 1]!.text)
    )
      nameStart++;
    let roleTokens = nameStart >= 0 ? run.slice(0, titleAt + 1 + nameStart) : run;
    // "Anthony Blinkenand Russian Foreign Minister Sergey Lavrov": the role starts at the demonym;
    // what stands before it is another name.
    const demonymAt = roleTokens.findIndex((t, i) => i > 0 && isDemonym(t.text) && !t.acronym);
    if (demonymAt > 0 && roleTokens.slice(0, demonymAt).some((t) => isFirstName(t.text))) {
      out.push({ tokens: roleTokens.slice(0, demonymAt), titled: false, roles: [], weak: false });
      roleTokens = roleTokens.slice(demonymAt);
    }
    // "France’s President Emmanuel Macron": the possessor belongs to the role.
    const owner = all[from - 1];
    const roleStart = owner && owner.possessive && owner.cap && plainGap(run[0]!.gap) ? [owner] : [];
    const roleText = phrase(text, [...roleStart, ...roleTokens]);
    // Organisations and places named inside the title: "White House" Press Secretary, "Belarus" President.
    for (let piece of piecesOf(roleTokens)) {
      // "White House Press Secretary": the organisation ends at its last organisation word.
      const lastOrg = piece.map(isOrgWord).lastIndexOf(true);
      if (lastOrg >= 0) piece = piece.slice(0, lastOrg + 1);
      // Only names standing on their own: "State" (of State) and "Foreign Affairs" are not entities.
      const known =
        lastOrg >= 0 ||
        isKnownPlace(keyOf(piece.map((t) => t.text))) ||
        (piece.length === 1 && lexiconKnown(piece[0]!));
      if (known) out.push({ tokens: piece, titled: false, roles: [], weak: false });
    }
    if (nameStart >= 0) {
      let name = after.slice(nameStart);
      while (name.length && isDemonym(name[0]!.text)) name = name.slice(1);
      // "Cho Biden Russian colleague": a demonym ends the name; what follows is another run.
      const cut = name.findIndex((t) => isDemonym(t.text) && !t.acronym);
      const rest = cut >= 0 ? name.slice(cut + 1) : [];
      if (cut >= 0) name = name.slice(0, cut);
      // "President Joe Biden of the United States": the name ends before "of"; the rest is its own.
      const link = name.findIndex((t, i) => i > 0 && CONNECTORS.has(t.norm) && !NAME_PARTICLES.has(t.norm));
      if (link > 0) {
        for (const piece of piecesOf(name.slice(link)))
          out.push({ tokens: piece, titled: false, roles: [], weak: false });
        name = name.slice(0, link);
      }
      if (name.length) out.push({ tokens: name, titled: true, roles: [roleText], weak: false });
      for (const piece of piecesOf(rest)) out.push({ tokens: piece, titled: false, roles: [], weak: false });
    }
    return out;
  }
  for (const piece of piecesOf(run)) {
    // "State Park Ranger Supervisor Robert Colligan": a chain of capitalised role words, then a two
    // or three word name that starts with a known first name.
    const split = titleChainName(piece);
    if (split > 0) {
      const roleText = phrase(text, piece.slice(0, split));
      out.push({ tokens: piece.slice(split), titled: true, roles: [roleText], weak: false });
      continue;
    }
    // Five capitalised words with no organisation word are not one name (bylines, lists): keep the
    // words alone, to join names found elsewhere.
    if (piece.length > 4 && !piece.some(isOrgWord)) {
      for (const t of piece) out.push({ tokens: [t], titled: false, roles: [], weak: true });
    } else out.push({ tokens: piece, titled: false, roles: [], weak: false });
  }
  return out;
}

/** "of the European Union" right after a name: the token range, when it names an organisation or place. */
function orgAfterName(tokens: Token[], at: number): [number, number] | undefined {
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

/** Where the name starts after a chain of capitalised role words ending in a role noun, or -1. */
function titleChainName(piece: Token[]): number {
  if (piece.length < 3) return -1;
  for (const size of [2, 3]) {
    const at = piece.length - size;
    if (at < 1) continue;
    const role = piece[at - 1]!;
    const given = piece[at]!;
    if (role.acronym || !isRoleNoun(role.norm) || isHonorific(role)) continue;
    if (!isFirstName(given.text) || isRoleNoun(given.norm) || isTitle(given)) continue;
    if (piece.slice(at).some((t) => isOrgWord(t) || t.acronym || isKnownPlace(t.text))) continue;
    return at;
  }
  return -1;
}

function lexiconKnown(t: Token): boolean {
  return isKnownPlace(t.text) || isKnownOrg(t.text) || t.acronym;
}

/** Pieces of a title-free run: split at demonyms and at connectors unless an organisation word heads it. */
function piecesOf(run: Token[]): Token[][] {
  const out: Token[][] = [];
  // Demonyms split runs ("Cho Biden Russian colleague"), except when heading an organisation.
  const segments: Token[][] = [[]];
  // Whether an organisation word, and a title, stand after each position of the run (one pass back).
  const orgAfter: boolean[] = new Array<boolean>(run.length + 1).fill(false);
  const titleAfter: boolean[] = new Array<boolean>(run.length + 1).fill(false);
  for (let i = run.length - 1; i >= 0; i--) {
    orgAfter[i] = orgAfter[i + 1]! || (i + 1 < run.length && isOrgWord(run[i + 1]!));
    titleAfter[i] = titleAfter[i + 1]! || (i + 1 < run.length && isTitle(run[i + 1]!));
  }
  for (const [i, t] of run.entries()) {
    const seg = segments[segments.length - 1]!;
    if (isTitle(t)) {
      segments.push([]);
      continue;
    }
    if (isDemonym(t.text) && !t.acronym) {
      const prev = seg[seg.length - 1];
      const headsOrg =
        (seg.length === 0 || (prev !== undefined && CONNECTORS.has(prev.norm))) &&
        orgAfter[i]! &&
        !titleAfter[i]!;
      if (!headsOrg) {
        segments.push([]);
        continue;
      }
    }
    seg.push(t);
  }
  for (let seg of segments) {
    while (seg.length && CONNECTORS.has(seg[0]!.norm)) seg = seg.slice(1);
    if (seg.length === 2 && DIRECTIONS.has(seg[0]!.norm) && isKnownPlace(seg[1]!.text)) seg = seg.slice(1);
    while (seg.length && CONNECTORS.has(seg[seg.length - 1]!.norm)) seg = seg.slice(0, -1);
    if (!seg.length) continue;
    const firstConnector = seg.findIndex((t) => CONNECTORS.has(t.norm) && !NAME_PARTICLES.has(t.norm));
    if (firstConnector < 0) {
      out.push(seg);
      continue;
    }
    // "Ministry of Foreign Affairs" stays whole; "Josep Borrell of the European Union" splits.
    if (seg.slice(0, firstConnector).some(isOrgWord)) {
      out.push(seg);
      continue;
    }
    let cur: Token[] = [];
    for (const t of seg) {
      if (CONNECTORS.has(t.norm) && !NAME_PARTICLES.has(t.norm)) {
        if (cur.length) out.push(cur);
        cur = [];
      } else cur.push(t);
    }
    if (cur.length) out.push(cur);
  }
  return out;
}

/**
 * Candidates found so far, with the evidence still to add: compromise's opinion of each name (asked
 * for in a batch by `settle`), then the place evidence that coordinated names share, which depends on
 * it. Both are additive, so deferring them gives the same votes as adding them name by name.
 */
export interface Spotted {
  cands: Candidate[];
  /** Candidates whose votes take compromise's opinion of their surface. */
  asks: Candidate[];
  /** Coordinated pairs ("Luhansk and Donetsk"), in text order. */
  pairs: [Candidate, Candidate][];
}

export function spotted(): Spotted {
  return { cands: [], asks: [], pairs: [] };
}

/** Adds compromise's votes (tagging all the new phrases at once), then the coordination evidence. */
export function settle(s: Spotted): void {
  tagPhrases(s.asks.map((c) => c.surface));
  for (const c of s.asks) addCompromiseVotes(c.votes, c.surface);
  for (const [a, b] of s.pairs) {
    const pa = a.votes.place;
    const pb = b.votes.place;
    if (pb >= 2 && pa < pb) a.votes.place += 2;
    else if (pa >= 2 && pb < pa) b.votes.place += 2;
  }
  s.asks.length = 0;
  s.pairs.length = 0;
}

/** Finds candidate names in one paragraph, leaving the deferred evidence in `into`. */
export function spot(articleId: string, paragraph: number, text: string, into: Spotted): void {
  const tokens = tokenize(text);
  // Each token's position, for the candidates' first and last tokens: a search per candidate would
  // make a paragraph of many names quadratic.
  const position = new Map<Token, number>();
  tokens.forEach((t, i) => position.set(t, i));
  const out = into.cands;
  const sentenceCands: { cand: Candidate; iFirst: number; iLast: number }[] = [];
  for (const [s, e] of sentences(tokens)) {
    const headline = isHeadline(text, tokens, s, e);
    for (const [a, b] of runs(tokens, s, e)) {
      for (const p of splitRun(text, tokens, a, b, headline)) {
        const first = p.tokens[0]!;
        const last = p.tokens[p.tokens.length - 1]!;
        const iFirst = position.get(first) ?? -1;
        const iLast = position.get(last) ?? -1;
        const groups = groupWords(p.tokens);
        const words = groups.map((g) => phrase(text, g));
        const surface = phrase(text, p.tokens);
        const before = tokens[iFirst - 1];
        const after = tokens[iLast + 1];
        // "Lavrov-Blingen meeting": a hyphen compound before a common noun is two names, each weak.
        if (groups.length === 1 && groups[0]!.length > 1 && after && !after.cap && !p.titled) {
          for (const t of groups[0]!) {
            if (!nameish(t)) continue;
            out.push({
              words: [t.text],
              key: keyOf([t.text]),
              surface: t.text,
              articleId,
              paragraph,
              offset: t.start,
              votes: emptyVotes(),
              roles: [],
              weak: true,
            });
          }
          continue;
        }
        const votes = scoreName(p.tokens, before, after, surface);
        const asks = asksCompromise(p.tokens);
        const roles = [...p.roles];
        if (!p.weak && !p.titled) {
          const rb = roleBefore(text, tokens, iFirst);
          if (rb) roles.push(rb);
          else {
            // "The priest, Fidelis X, is …": the role opens the sentence, set off by commas.
            const range = roleBeforeAppositive(tokens, iFirst, iLast + 1, isRoleToken);
            if (range) roles.push(phrase(text, tokens.slice(range[0], range[1])));
          }
        }
        // "Foreign policy head Josep Borrell of the European Union": the organisation after the
        // name belongs to the title before it.
        if (roles.length === 1 && !roles[0]!.includes(' of ')) {
          const org = orgAfterName(tokens, iLast + 1);
          if (org) roles[0] = `${roles[0]!} ${phrase(text, tokens.slice(org[0], org[1]))}`;
        }
        if (!p.weak) {
          const ra = roleAfter(text, tokens, iLast + 1);
          if (ra) roles.push(ra);
          else {
            // "NAME is the chief executive of ORG", "NAME, who is the … expert".
            const range = roleAfterCopula(tokens, iLast + 1, isRoleToken);
            if (range) roles.push(phrase(text, tokens.slice(range[0], range[1])));
            else if (first.sentenceStart) {
              // "NAME has agreed to replace OTHER as Tottenham's manager": the subject's new post.
              const post = roleAsAppointed(tokens, iLast + 1, isRoleToken);
              if (post) roles.push(phrase(text, tokens.slice(post[0], post[1])));
            }
          }
        }
        if (p.titled || roles.length) votes.person += 3;
        const weak = p.weak || (words.length === 1 && first.sentenceStart && !p.titled && !roles.length);
        const cand: Candidate = {
          words,
          key: keyOf(words),
          surface,
          articleId,
          paragraph,
          offset: first.start,
          votes,
          roles,
          weak,
        };
        out.push(cand);
        if (asks) into.asks.push(cand);
        sentenceCands.push({ cand, iFirst, iLast });
      }
    }
    coordinate(tokens, sentenceCands, into.pairs);
    sentenceCands.length = 0;
  }
}

/**
 * "Luhansk and Donetsk regions", "(Donetsk and Lukansk)": names joined by "and", "or" or a comma
 * share place evidence, so a place named next to a place is a place.
 */
function coordinate(
  tokens: Token[],
  cands: { cand: Candidate; iFirst: number; iLast: number }[],
  pairs: [Candidate, Candidate][],
): void {
  for (let i = 0; i + 1 < cands.length; i++) {
    const a = cands[i]!;
    const b = cands[i + 1]!;
    const between = Math.max(0, b.iFirst - a.iLast - 1);
    const joined =
      (between === 0 && tokens[b.iFirst]!.gap.trim() === ',') ||
      (between === 1 && (tokens[a.iLast + 1]!.norm === 'and' || tokens[a.iLast + 1]!.norm === 'or'));
    if (joined) pairs.push([a.cand, b.cand]); // the place evidence is shared in `settle`
  }
}
