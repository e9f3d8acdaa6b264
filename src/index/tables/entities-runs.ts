/**
 * The capitalised runs of a paragraph's sentences and how each splits into name pieces: titles,
 * demonyms, directions and connectors dropped, a title's role text kept with the name it precedes
 * ("French President Emmanuel Macron").
 */
import { type Token, plainGap } from './entities-tokens.js';
import {
  CHROME_WORDS,
  DIRECTIONS,
  NAME_PARTICLES,
  isCommonWord,
  isDateWord,
  isDemonym,
  isFirstName,
  isClosedClass,
  isKnownLastName,
  isKnownOrg,
  isKnownPlace,
} from './names-lexicon.js';
import {
  CONNECTORS,
  groupWords,
  isHonorific,
  isOrgWord,
  isRoleNoun,
  isTitle,
  keyOf,
  lexiconKnown,
  nameish,
  phrase,
  startsWithNumber,
  weakInitial,
} from './entities-words.js';

const SENTENCE_MARK = /[.!?]/;

/** Title-case headline ("Putin Slams NATO Military Aid to Ukraine"): capitals say nothing there. */
export function isHeadline(text: string, tokens: Token[], from: number, to: number): boolean {
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

/** Sentences as token index ranges. */
export function sentences(tokens: Token[]): [number, number][] {
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
export function runs(tokens: Token[], from: number, to: number): [number, number][] {
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
      const joined = andJoinsOrg(tokens, i, j, to);
      if (joined > j) {
        j = joined;
        continue;
      }
      break;
    }
    out.push([i, j]);
    i = j;
  }
  return out;
}

/**
 * "Computer Science and Artificial Intelligence Laboratory", "Department of Health and Human
 * Services": "and" inside one organisation's name, when the words before it are ordinary words
 * (a field, not a name of its own) and the capitalised words after it end on an organisation's head
 * word. "Microsoft and Amazon Web Services" stay two. Returns the run's new end, or `j`.
 */
function andJoinsOrg(tokens: Token[], i: number, j: number, to: number): number {
  const and = tokens[j];
  if (!and || and.norm !== 'and' || !plainGap(and.gap) || tokens[j - 1]!.possessive) return j;
  // A field of two words or more ("Computer Science"), not a name ("Braun and The Carlyle Group").
  if (j - i < 2 || isClosedClass(tokens[j + 1]?.text ?? '')) return j;
  for (let k = i; k < j; k++) {
    const t = tokens[k]!;
    if (t.cap && (t.acronym || !ordinaryWord(t.norm))) return j;
  }
  let k = j + 1;
  while (
    k < to &&
    k < j + 1 + AND_ORG_WORDS &&
    plainGap(tokens[k]!.gap) &&
    tokens[k]!.cap &&
    !tokens[k]!.possessive
  )
    k++;
  const head = tokens[k - 1]!;
  return k > j + 1 && isOrgWord(head) ? k : j;
}
const AND_ORG_WORDS = 4;
/** A word the lexicon does not know as a name of its own ("Computer", "Health"; not "Microsoft"). */
const ordinaryWord = (w: string): boolean =>
  !isFirstName(w) && !isKnownLastName(w) && !isKnownPlace(w) && !isKnownOrg(w);

const PLACE_TAIL =
  /^(?:north|south|east|west|central|northeast|northwest|southeast|southwest|upper|lower|inner|outer)$/;
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
  // "MP for Newcastle Central", "Senator for Harbour West": a lone word after a place, or a point of
  // the compass, is part of the place's name (a seat), not a surname.
  if (
    startWord === w + 1 &&
    (PLACE_TAIL.test(surname.norm) || (given && isKnownPlace(given[0]!.text))) &&
    !isKnownLastName(surname.text)
  )
    return -1;
  let idx = 0;
  for (let k = 0; k < startWord; k++) idx += words[k]!.length;
  return idx;
}

export interface Pending {
  tokens: Token[];
  titled: boolean;
  roles: string[];
  weak: boolean;
}

/** Two letters in a row: a word, not an initial or a number. */
const TWO_LETTERS = /\p{L}{2,}/u;

/** Splits one capitalised run into name pieces (dropping titles, demonyms, directions, connectors). */
export function splitRun(text: string, all: Token[], from: number, to: number, headline: boolean): Pending[] {
  const at = innerRunStart(all, from, to);
  if (at >= 0) return [...splitRun(text, all, from, at, headline), ...splitRun(text, all, at, to, headline)];
  const whole = all.slice(from, to);
  const out: Pending[] = [];
  if (isChrome(whole)) return out;
  // In a title-case headline capitals mean nothing: only titled or organisation-like runs count,
  // other words are kept alone and only join names found elsewhere (unless the lexicon knows them).
  if (headline && !whole.some((t) => isTitle(t) || isOrgWord(t)))
    return whole
      .filter((t) => nameish(t))
      .map((t) => ({ tokens: [t], titled: false, roles: [], weak: !lexiconKnown(t) }));
  const run = trimRunStart(whole);
  if (!run.length) return out;
  const titleAt = lastTitle(run);
  if (titleAt >= 0) splitTitled(text, all[from - 1], run, titleAt, out);
  else splitUntitled(text, run, out);
  return out;
}

/**
 * "…the United States Cho Biden Russian colleague", "Anthony Blinkenand Russian Foreign Minister
 * Sergey Lavrov": a demonym or acronym inside a run (not after "of the") starts a new run. Its index,
 * or -1.
 */
function innerRunStart(all: Token[], from: number, to: number): number {
  for (let i = from + 1; i < to; i++) {
    const t = all[i]!;
    const prev = all[i - 1]!;
    // "Browns DL Sheldon Richardson", "Tesla CEO Elon Musk": an abbreviated title goes with the
    // words before it, as a title written out does ("Home Secretary").
    const splits = (t.acronym && !isTitle(t)) || (isDemonym(t.text) && !isOrgWord(all[i + 1] ?? t));
    if (splits && !CONNECTORS.has(prev.norm) && !t.hyphenJoined) {
      if (isTitle(prev) || prev.acronym || isDemonym(prev.text)) continue; // "Belarus President", "US Vice"
      return i;
    }
  }
  return -1;
}

/** Page furniture ("IMAGE SOURCE", chrome words), not names. */
function isChrome(run: Token[]): boolean {
  if (run.some((t) => CHROME_WORDS.has(t.norm))) return true;
  const upper = run.filter((t) => TWO_LETTERS.test(t.text) && !CONNECTORS.has(t.norm));
  return upper.length >= 2 && upper.every((t) => t.text === t.text.toUpperCase());
}

/** First words of two-word place names ("South Dakota", "New Jersey", "West Virginia"). */
const PLACE_OPENERS = new Set(['north', 'south', 'east', 'west', 'new']);

/** Drops what cannot start a name: sentence-initial common words, connectors, a direction before a place. */
function trimRunStart(whole: Token[]): Token[] {
  let run = whole;
  // Sentence-initial common words: "However", "Reiterating", "Separatist" are not names.
  // …but "Foreign Secretary Dominic Raab": a modifier of the title that follows it stays.
  while (
    run.length &&
    weakInitial(run[0]!) &&
    !(run.length === 1 && run[0]!.possessive) &&
    !(run.length > 2 && isTitle(run[1]!) && !isTitle(run[0]!)) &&
    // "South Dakota Gov. Kristi Noem", "New Jersey Sen. …": a place a title serves opens the run.
    !(run.length > 3 && PLACE_OPENERS.has(run[0]!.norm) && isTitle(run[2]!))
  )
    run = run.slice(1);
  while (run.length && CONNECTORS.has(run[0]!.norm)) run = run.slice(1);
  if (run.length === 2 && DIRECTIONS.has(run[0]!.norm) && isKnownPlace(run[1]!.text)) run = run.slice(1);
  // "ambassador to Ukraine Marie Yovanovitch": a place, then a first name and more, ends the role
  // before the run; the name starts at the first name.
  // ("Georgia Anne Smith": a place that is also a first name starts the name.)
  if (
    run.length >= 3 &&
    isKnownPlace(run[0]!.text) &&
    !isFirstName(run[0]!.text) &&
    isFirstName(run[1]!.text) &&
    !run[1]!.hyphenJoined
  )
    run = run.slice(1);
  return run;
}

/** The last title inside the run not heading an organisation ("US Secretary of State Antony Blinken"), or -1. */
function lastTitle(run: Token[]): number {
  for (let i = run.length - 1; i >= 0; i--) {
    const next = run[i + 1];
    if (isTitle(run[i]!) && !(next && isOrgWord(next))) return i;
  }
  return -1;
}

/**
 * A run with a title at `titleAt` ("French President Emmanuel Macron"): the name after the title
 * takes the role's text; organisations and places named in the role are pieces of their own.
 * `owner` is the token before the run ("France’s").
 */
function splitTitled(
  text: string,
  owner: Token | undefined,
  run: Token[],
  titleAt: number,
  out: Pending[],
): void {
  const after = run.slice(titleAt + 1);
  const nameStart = nameStartAfterTitle(after);
  let roleTokens = nameStart >= 0 ? run.slice(0, titleAt + 1 + nameStart) : run;
  // "Anthony Blinkenand Russian Foreign Minister Sergey Lavrov": the role starts at the demonym;
  // what stands before it is another name.
  const demonymAt = roleTokens.findIndex((t, i) => i > 0 && isDemonym(t.text) && !t.acronym);
  if (demonymAt > 0 && roleTokens.slice(0, demonymAt).some((t) => isFirstName(t.text))) {
    out.push({ tokens: roleTokens.slice(0, demonymAt), titled: false, roles: [], weak: false });
    roleTokens = roleTokens.slice(demonymAt);
  }
  // "France’s President Emmanuel Macron": the possessor belongs to the role.
  const roleStart = owner && owner.possessive && owner.cap && plainGap(run[0]!.gap) ? [owner] : [];
  const roleText = phrase(text, [...roleStart, ...roleTokens]);
  pushRoleNames(roleTokens, out);
  if (nameStart >= 0) pushTitledName(after.slice(nameStart), roleText, out);
}

/** Where the name starts in what follows a title, or -1 when no name follows. */
function nameStartAfterTitle(after: Token[]): number {
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
  return nameStart;
}

/** Organisations and places named inside the title: "White House" Press Secretary, "Belarus" President. */
function pushRoleNames(roleTokens: Token[], out: Pending[]): void {
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
}

/** The name after a title, with the role's text; what trails it ("of the United States") is its own. */
function pushTitledName(afterTitle: Token[], roleText: string, out: Pending[]): void {
  let name = afterTitle;
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

/** A run with no title: its pieces, a chain of role words before a name, or lone words of a list. */
function splitUntitled(text: string, run: Token[], out: Pending[]): void {
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
    // "Ministry of Foreign Affairs" and "Computer Science and Artificial Intelligence Laboratory"
    // (see andJoinsOrg) stay whole; "Josep Borrell of the European Union" splits.
    const andOrg =
      seg[firstConnector]!.norm === 'and' &&
      firstConnector >= 2 &&
      !isClosedClass(seg[firstConnector + 1]?.text ?? '') &&
      isOrgWord(seg[seg.length - 1]!) &&
      seg.slice(0, firstConnector).every((t) => !t.acronym && ordinaryWord(t.norm));
    if (andOrg || seg.slice(0, firstConnector).some(isOrgWord)) {
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
