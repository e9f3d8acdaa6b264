/**
 * Whom an age stands for when the sentence does not name them: "The 55-year-old is …" of the one a
 * story is about, "the 37-year-old small-city mayor" of the person named just before, and "At 16, he
 * went …" or "He was 68." of the person named last before — skipping names that cannot be that
 * pronoun's (a woman for "he", a title in quote marks, a nickname of someone already named).
 */
import type { DossierIndex } from '../index/model.js';
import type { Hit } from '../index/search/search.js';
import type { Entity } from '../index/tables/types.js';
import { processTerm } from '../index/terms.js';
import type { Found } from './quantity-figures.js';
import { entitiesAt } from './tables.js';
import { heldTerms } from './tokens.js';

/** How many paragraphs back the person such a sentence speaks of may have been named. */
const NAMED_REACH = 3;
const WHITESPACE_RUN = /\s+/;

/** What may follow "The 55-year-old" when it stands for the one a story is about: a verb, not a noun. */
const STANDS_FOR_PERSON =
  /^\s*The\s+\d{1,3}-year-old(?:\s+(?:is|was|has|had|said|says|told|who|died|remains)\b|,)/;

/**
 * Whether "The 55-year-old is …" speaks of what the question describes: the words after the age
 * are a verb (not "The 43-year-old woman"), and this paragraph or one just before holds the
 * question's description ("hunter").
 */
function storyIsAbout(index: DossierIndex, hit: Hit, sentence: string, common: ReadonlySet<string>): boolean {
  if (!STANDS_FOR_PERSON.test(sentence)) return false;
  for (let back = 0; back <= NAMED_REACH; back++) {
    const p = index.paragraphs[hit.pos - back];
    if (!p || p.articleId !== hit.paragraph.articleId) break;
    if (heldTerms(p.text, common).size > 0) return true;
  }
  return false;
}

/** "the 37-year-old small-city mayor": an age that stands for someone, a lower-case noun after it. */
const EPITHET_BEFORE = /\bthe\s+$/i;
const EPITHET_AFTER = /^[\s-]*\p{Ll}/u;
/** How much an epithet's age counts against one right by the name. */
export const EPITHET_FIT = 0.8;

/**
 * Whether an age in `sentence` is an epithet ("the 37-year-old small-city mayor") for the person the
 * question names: that person's is the last name before it in the sentence, with no one else's after.
 */
export function epithetOf(
  index: DossierIndex,
  hit: Hit,
  sentence: string,
  f: Found,
  asked: ReadonlySet<string>,
): boolean {
  if (!EPITHET_BEFORE.test(sentence.slice(Math.max(0, f.start - 8), f.start))) return false;
  if (!EPITHET_AFTER.test(sentence.slice(f.end, f.end + 3))) return false;
  const named = lastNamed(index, hit.pos, sentence.slice(0, f.start));
  return !!named && named.some((t) => asked.has(t));
}

/**
 * Whether the person named last before `sentence` (earlier in its paragraph, or in the paragraphs
 * just before) is the one the question names.
 */
function lastNamedIs(
  index: DossierIndex,
  hit: Hit,
  sentence: string,
  topicTerms: ReadonlySet<string>,
): boolean {
  const { paragraph } = hit;
  const at = paragraph.sentences.indexOf(sentence);
  const pronoun = PRONOUN_GENDER.exec(sentence)?.[1]?.toLowerCase();
  const gender = pronoun === 'he' ? 'male' : pronoun === 'she' ? 'female' : undefined;
  for (let back = 0; back <= NAMED_REACH; back++) {
    const pos = hit.pos - back;
    const p = index.paragraphs[pos];
    if (!p || p.articleId !== paragraph.articleId) break;
    const named = lastNamed(
      index,
      pos,
      back === 0 ? p.sentences.slice(0, Math.max(0, at)).join(' ') : p.text,
      gender,
    );
    if (named !== undefined) return named !== null && named.some((t) => topicTerms.has(t));
  }
  return false;
}

/**
 * The name's words (as terms) of the person whose mention stands last in `text`, one of paragraph
 * `pos`'s: undefined when it names no person, null when several are named at that one place.
 */
function lastNamed(
  index: DossierIndex,
  pos: number,
  text: string,
  gender?: 'male' | 'female',
): string[] | null | undefined {
  let last = -1;
  const people = new Set<Entity>();
  for (const { entity, surfaces } of entitiesAt(index, pos)) {
    if (entity.kind !== 'person') continue;
    for (const surface of surfaces) {
      const offset = text.lastIndexOf(surface);
      if (offset < 0 || offset < last) continue;
      // "co-writer of “Ladies' Night”": a name inside quote marks is a title or someone's words.
      if (insideQuotes(text, offset)) continue;
      // "his aunt, Jane Starner, … At 16, he went": "he" is not the aunt.
      if (gender && genderBefore(text, offset) === (gender === 'male' ? 'female' : 'male')) continue;
      // "Everyone called him Mike": a nickname of someone named before, not someone new.
      if (ALIAS_BEFORE.test(text.slice(Math.max(0, offset - GENDER_REACH), offset))) continue;
      if (offset > last) people.clear();
      last = offset;
      people.add(entity);
    }
  }
  if (last < 0) return undefined;
  if (people.size !== 1) return null;
  // Any of the name's words: a question may ask by the first name ("How old is Kepa?").
  const [person] = people;
  return person!.name.split(WHITESPACE_RUN).flatMap((w) => processTerm(w) ?? []);
}

/** The pronoun an anaphoric age's sentence opens with ("At 16, he …", "She was 68."). */
const PRONOUN_GENDER = /^\s*(?:At\s+\d{1,3},\s*)?(he|she)\b/iu;
/** Nouns and titles that tell a person's sex, right before the name ("his aunt, Jane …", "Mrs Roe"). */
const FEMALE_BEFORE =
  /\b(?:aunt|mother|mom|mum|wife|sister|daughter|grandmother|niece|woman|girl|girlfriend|widow|actress|queen|princess|mrs|ms|miss|lady|businesswoman|chairwoman|congresswoman|spokeswoman)\b[.,]?\s*$/iu;
const MALE_BEFORE =
  /\b(?:uncle|father|dad|husband|brother|son|grandfather|nephew|man|boy|boyfriend|widower|actor|king|prince|mr|sir|lord|businessman|chairman|congressman|spokesman)\b[.,]?\s*$/iu;
/** "called him Mike", "known as Mike", "nicknamed Mike": a name given to someone already named. */
const ALIAS_BEFORE = /\b(?:called\s+(?:him|her)|known\s+as|nicknamed|dubbed)\s+$/iu;
/** How far before a name its gendered noun may stand. */
const GENDER_REACH = 24;

/** The sex the words right before `offset` give the name there, if any. */
function genderBefore(text: string, offset: number): 'male' | 'female' | undefined {
  const before = text.slice(Math.max(0, offset - GENDER_REACH), offset);
  return FEMALE_BEFORE.test(before) ? 'female' : MALE_BEFORE.test(before) ? 'male' : undefined;
}

/** Whether `offset` of `text` stands inside a pair of quote marks (straight or curly). */
function insideQuotes(text: string, offset: number): boolean {
  const before = text.slice(0, offset);
  if (before.lastIndexOf('“') > before.lastIndexOf('”')) return true;
  let straight = 0;
  for (const c of before) if (c === '"') straight++;
  return straight % 2 === 1;
}

/** A name, a comma and an age, as news introduces someone: "Dijon Williams, 21, …". */
export const NAMED_AGE = /\p{Lu}[\p{L}'’.-]*,\s(\d{1,3}),/u;

/**
 * "U.S. Marshals … have arrested a Georgetown University football player …", then "Federal agents
 * took Dijon Williams, 21, into custody": a lede that describes someone, and the paragraph after it
 * that names them with their age. Where that age starts in `sentence` (of the paragraph after one
 * holding the question's description, itself holding none of it), or -1.
 */
function introducedAge(index: DossierIndex, hit: Hit, sentence: string, common: ReadonlySet<string>): number {
  const m = NAMED_AGE.exec(sentence);
  const before = index.paragraphs[hit.pos - 1];
  if (!m || !before || before.articleId !== hit.paragraph.articleId) return -1;
  if (heldTerms(before.text, common).size === 0 || heldTerms(hit.paragraph.text, common).size > 0) return -1;
  return m.index + m[0].length - 1 - m[1]!.length;
}

/**
 * A sentence that opens on an age standing for a person: "The 56-year-old said …" (no name after),
 * and an obituary's "He was 68."
 */
export const ANAPHORIC_AGE =
  /^\s*(?:["“‘']\s*)?(?:The\s+\d{1,3}-year-old\s+(?!\p{Lu})|At\s+\d{1,3},\s*(?:he|she)\b|(?:He|She)\s+was\s+\d{1,3}\s*[.;]?\s*$)/u;
/** Where the age of such a sentence may end. */
export const ANAPHORIC_AGE_END = 24;

/**
 * How an age in a sentence stands for the person asked about: told of them by a pronoun or as the
 * story's subject ("The 56-year-old said …"; `anaphoric`), and where the age of someone introduced
 * after the lede's description starts (`introduced`, -1 for none).
 */
export function ageOfAsked(
  index: DossierIndex,
  hit: Hit,
  sentence: string,
  common: ReadonlySet<string> | undefined,
  asked: ReadonlySet<string>,
  about: number,
): { anaphoric: boolean; introduced: number } {
  const introduced = common && about === 0 ? introducedAge(index, hit, sentence, common) : -1;
  const anaphoric =
    (ANAPHORIC_AGE.test(sentence) &&
      (common ? storyIsAbout(index, hit, sentence, common) : lastNamedIs(index, hit, sentence, asked))) ||
    introduced >= 0;
  return { anaphoric, introduced };
}
/** No age asked. */
export const NO_AGE = { anaphoric: false, introduced: -1 };
