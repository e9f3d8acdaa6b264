/**
 * Role deduplication. "Kremlin spokesman" and "spokesman for the Kremlin" say the same thing, as do
 * "Defence Minister" and "defense minister": roles are keyed by their sorted content words, keys a
 * small edit distance apart are merged, and each merged role keeps its most frequent wording (the
 * longer one on ties) and every place it was stated.
 */
import type { Role } from './types.js';
import type { Token } from './entities-tokens.js';
import { editDistance, fold } from './names.js';

/** Role nouns that only mean something with their owner ("its head", "her counterpart"). */
const RELATIONAL = new Set(['head', 'counterpart', 'colleague', 'member']);

/** Forms of address: they say how to name someone, never what the person does. */
const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'madam', 'mx']);
const HONORIFIC_WORD = /[\p{L}]+/gu;

/** True when a role says nothing but an honorific: "Mr.", "Dr.", "Mrs". */
export function isHonorificOnly(text: string): boolean {
  const ws = fold(text).match(HONORIFIC_WORD) ?? [];
  return ws.length > 0 && ws.every((w) => HONORIFICS.has(w));
}

/**
 * Nouns that name what someone does in newswriting's appositives and the tagger does not know as
 * actors: "equity strategist at …", "a senior fellow at …", "an elder of the … tribe".
 */
const ROLE_NOUNS = new Set([
  'strategist',
  'expert',
  'specialist',
  'fellow',
  'elder',
  'counsel',
  'counselor',
  'counsellor',
  'supervisor',
  'consultant',
  'lecturer',
  'historian',
  'spokesman',
  'priest',
  'bishop',
  'archbishop',
  'imam',
  'rabbi',
  'pastor',
  'coach',
  'partner',
  'founder',
  'investigator',
  'director',
  'head',
  'chief',
  'physician',
  'surgeon',
  'nurse',
  'teacher',
  'principal',
  'student',
  'owner',
  'president',
  'economist',
  'analyst',
]);

export const isRoleNoun = (norm: string): boolean => ROLE_NOUNS.has(norm);

/** Determiners that open a role written before the name and set off by commas: "The priest, …". */
const APPOSITIVE_OPENERS = new Set(['the', 'a', 'an']);
/** Words that tie a role to its organisation or place: "mayor of Surabaya", "analyst at Oanda". */
const ROLE_LINKS = new Set(['of', 'at', 'for', 'in', 'with']);
const COMMA_GAP = /^\s*,\s*$/;
const LOWER_WORD = /^\p{Ll}[\p{Ll}-]*$/u;

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
  const closing = tokens[end];
  if (!closing || !COMMA_GAP.test(closing.gap)) return undefined;
  // Back from the comma to an opening determiner: [det] modifiers* TITLE ((of|at|…) Org words)?
  let j = start - 1;
  const stop = Math.max(0, start - 12);
  let title = -1;
  let sawLink = false;
  for (; j >= stop; j--) {
    const t = tokens[j]!;
    const gap = tokens[j + 1]!.gap;
    if (j < start - 1 && gap.trim() !== '' && gap !== '-') return undefined;
    if (APPOSITIVE_OPENERS.has(t.norm)) break;
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
  // The opening determiner starts the sentence or follows a verb or preposition ("said the mayor, …"),
  // never sits inside a list of names.
  if (det.gap.includes(',') && !det.possessive) return undefined;
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
  return [j + 1, start];
}

const FILLER = new Set([
  'a',
  'an',
  'the',
  'of',
  'for',
  'to',
  'its',
  'his',
  'her',
  'their',
  'our',
  'in',
  'at',
  'and',
]);

const POSSESSIVE_S = /['’]s\b/g;
const NON_ALPHANUMERIC_RUN = /[^\p{L}\p{N}]+/u;

export function roleKey(text: string): string {
  return fold(text)
    .replace(POSSESSIVE_S, '')
    .split(NON_ALPHANUMERIC_RUN)
    .filter((w) => w && !FILLER.has(w))
    .sort()
    .join(' ');
}

interface Bucket {
  key: string;
  texts: Map<string, { count: number; first: Role }>;
  places: { articleId: string; paragraph: number }[];
}

const TRAILING_PUNCTUATION = /[,;:]+$/;

export function dedupeRoles(roles: Role[]): Role[] {
  const buckets: Bucket[] = [];
  const byKey = new Map<string, Bucket>();
  for (const r of roles) {
    const text = r.text.trim().replace(TRAILING_PUNCTUATION, '');
    if (isHonorificOnly(text)) continue; // "Mr. Reeves": a form of address, not a role
    // "its head", "his counterpart": a relation that needs its owner; alone it says nothing.
    if (RELATIONAL.has(fold(text))) continue;
    const key = roleKey(text);
    if (!key) continue;
    let b = byKey.get(key);
    if (!b) {
      // Near duplicates ("defence minister" / "defense minister"). Roles per entity are few; cap the scan.
      b = buckets
        .slice(0, 200)
        .find((x) => editDistance(x.key, key, 2) <= Math.min(2, Math.floor(key.length / 8)));
      if (!b) buckets.push((b = { key, texts: new Map(), places: [] }));
      byKey.set(key, b);
    }
    const lower = text.toLowerCase();
    const t = b.texts.get(lower);
    if (t) t.count++;
    else b.texts.set(lower, { count: 1, first: { ...r, text } });
    if (!b.places.some((p) => p.articleId === r.articleId && p.paragraph === r.paragraph)) {
      b.places.push({ articleId: r.articleId, paragraph: r.paragraph });
    }
  }
  return buckets.map((b) => {
    const best = [...b.texts.values()].sort(
      (x, y) => y.count - x.count || y.first.text.length - x.first.text.length,
    )[0]!;
    const alsoIn = b.places.filter(
      (p) => p.articleId !== best.first.articleId || p.paragraph !== best.first.paragraph,
    );
    return alsoIn.length ? { ...best.first, alsoIn } : best.first;
  });
}

const COPULAS = new Set(['is', 'was']);
const COPULA_DETERMINERS = new Set(['the', 'a', 'an']);
/** Words that end a role stated after a copula: the clause goes on ("the man who", "the CEO and"). */
const ROLE_ENDERS = new Set(['who', 'that', 'which', 'and', 'or', 'but', 'when', 'since', 'because']);

const plainBefore = (t: Token | undefined): boolean => !!t && (t.gap.trim() === '' || t.gap === '-');

/** Verbs that give the subject a post: "X was named / appointed / hired …", "X will replace Y …". */
const APPOINTED = new Set([
  'named',
  'appointed',
  'hired',
  'elected',
  'chosen',
  'installed',
  'replace',
  'replaces',
  'replaced',
  'replacing',
  'succeed',
  'succeeds',
  'succeeded',
  'succeeding',
]);
const AS_DETERMINERS = new Set(['the', 'a', 'an', 'its', 'their', 'new', 'next', 'interim', 'permanent']);

/**
 * "NAME has agreed a deal to replace OTHER as Tottenham's manager", "NAME was appointed as the new
 * chief executive": a post given to the sentence's subject with an appointment verb and "as". Looks
 * at most a dozen tokens past the name (`end`) for the verb, then at most four more for "as" (the
 * person replaced may stand between). Returns the role's token range (after "as" and its
 * determiners, up to the title or role noun) or undefined.
 */
export function roleAsAppointed(
  tokens: Token[],
  end: number,
  isTitle: (t: Token) => boolean,
): [number, number] | undefined {
  let k = end;
  const verbStop = Math.min(tokens.length, end + 12);
  while (k < verbStop && !APPOINTED.has(tokens[k]!.norm)) {
    if (tokens[k]!.sentenceStart || !plainBefore(tokens[k])) return undefined;
    k++;
  }
  if (k >= verbStop) return undefined;
  const asStop = Math.min(tokens.length, k + 6);
  for (k++; k < asStop && tokens[k]!.norm !== 'as'; k++) {
    if (tokens[k]!.sentenceStart || !plainBefore(tokens[k])) return undefined;
  }
  if (tokens[k]?.norm !== 'as' || !plainBefore(tokens[k])) return undefined;
  k++;
  while (k < tokens.length && AS_DETERMINERS.has(tokens[k]!.norm) && plainBefore(tokens[k])) k++;
  const start = k;
  for (; k < tokens.length && k < start + 6; k++) {
    const t = tokens[k]!;
    if (k > start && !plainBefore(t)) return undefined;
    if (t.sentenceStart || ROLE_ENDERS.has(t.norm)) return undefined;
    if (isTitle(t)) {
      const next = tokens[k + 1];
      if (next && plainBefore(next) && isTitle(next)) continue; // "chief executive"
      return [start, k + 1];
    }
    if (!t.cap && !LOWER_WORD.test(t.text)) return undefined;
  }
  return undefined;
}

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
  if (tokens[k]?.norm === 'who' && COMMA_GAP.test(tokens[k]!.gap)) k++;
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
