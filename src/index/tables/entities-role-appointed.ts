/**
 * Posts given with "as": "NAME was appointed as the new chief executive", "the board named NAME as
 * chief executive", "is adding mobile marketing pioneer NAME as the company's first Chief Strategy
 * Officer". Split from entities-role-phrases.ts, whose token helpers it shares.
 */
import type { Token } from './entities-tokens.js';
import { COMMA_GAP, LOWER_WORD, ROLE_ENDERS, plainBefore } from './entities-role-phrases.js';

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
const AS_DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'our',
  'his',
  'her',
  'new',
  'next',
  'interim',
  'permanent',
  'first',
]);

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
  return postAfterAs(tokens, k + 1, isTitle);
}

/** After "as": its determiners, then the words up to a title ("our new President and CEO"). */
function postAfterAs(
  tokens: Token[],
  from: number,
  isTitle: (t: Token) => boolean,
): [number, number] | undefined {
  let k = from;
  while (
    k < tokens.length &&
    // "as the company’s first …": a possessive common noun stands as a determiner.
    (AS_DETERMINERS.has(tokens[k]!.norm) || (tokens[k]!.possessive && !tokens[k]!.cap)) &&
    plainBefore(tokens[k])
  )
    k++;
  const start = k;
  for (; k < tokens.length && k < start + 6; k++) {
    const t = tokens[k]!;
    if (k > start && !plainBefore(t)) return undefined;
    if (t.sentenceStart || ROLE_ENDERS.has(t.norm)) return undefined;
    if (isTitle(t)) {
      const next = tokens[k + 1];
      if (next && plainBefore(next) && isTitle(next)) continue; // "chief executive"
      // "Chief Strategy Officer": one capitalised word between two titles.
      const then = tokens[k + 2];
      if (t.cap && next?.cap && plainBefore(next) && then?.cap && plainBefore(then) && isTitle(then))
        continue;
      // "President and CEO"
      const after = tokens[k + 2];
      if (next?.norm === 'and' && plainBefore(next) && after && plainBefore(after) && isTitle(after)) {
        k++;
        continue;
      }
      return [start, k + 1];
    }
    if (!t.cap && !LOWER_WORD.test(t.text)) return undefined;
  }
  return undefined;
}

/** Verbs whose object is given a post: "named NAME as …", "thrilled to have NAME … as our new CEO". */
const APPOINTS_OBJECT = new Set([
  'named',
  'appointed',
  'hired',
  'have',
  'welcome',
  'welcomed',
  'welcomes',
  'tapped',
  'picked',
  'promoted',
  'adding',
  'adds',
  'added',
  'hires',
  'hiring',
  'names',
  'naming',
  'appoints',
  'appointing',
]);
/** How many lowercase words may describe the name between the verb and it ("mobile marketing pioneer"). */
const OBJECT_EPITHET = 4;
/** How many tokens an appositive between the name and "as" may hold ("NAME, long time ExpApper, as"). */
const OBJECT_APPOSITIVE = 8;

/**
 * "Experience is thrilled to have Junior Gaspard, long time ExpApper, as our new President and CEO",
 * "the board named Jane Roe as chief executive": a post given to the name as the object of an
 * appointing verb (`start` is the name's first token, `end` the index after it).
 */
export function roleAsObject(
  tokens: Token[],
  start: number,
  end: number,
  isTitle: (t: Token) => boolean,
): [number, number] | undefined {
  // "is adding mobile marketing pioneer NAME as …": the verb may stand before a lowercase epithet.
  let v = start - 1;
  while (v > start - 1 - OBJECT_EPITHET && v > 0 && !APPOINTS_OBJECT.has(tokens[v]!.norm)) {
    const t = tokens[v]!;
    if (t.cap || !LOWER_WORD.test(t.text) || !plainBefore(tokens[v + 1]) || t.sentenceStart) return undefined;
    v--;
  }
  const verb = tokens[v];
  if (!verb || !APPOINTS_OBJECT.has(verb.norm) || !plainBefore(tokens[v + 1])) return undefined;
  let k = end;
  if (tokens[k] && COMMA_GAP.test(tokens[k]!.gap)) {
    // An appositive set off by commas: "…, long time ExpApper, as …".
    const stop = Math.min(tokens.length, k + OBJECT_APPOSITIVE);
    for (k++; k < stop && !COMMA_GAP.test(tokens[k]!.gap); k++)
      if (tokens[k]!.sentenceStart) return undefined;
    if (k >= stop) return undefined;
  }
  if (tokens[k]?.norm !== 'as') return undefined;
  return postAfterAs(tokens, k + 1, isTitle);
}
