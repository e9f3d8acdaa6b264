/**
 * A person named as one of a group: "The Tennis Podcast team of Catherine Whitaker, Matt Roberts and
 * David Law", "the BBC Sport duo of …". The group, named by the words before its noun, is the role
 * of the first person after "of" (the text gives no other).
 */
import { plainGap, type Token } from './entities-tokens.js';
import { phrase } from './entities-words.js';

/** Nouns for a group of people known together. */
const GROUP_NOUNS = new Set(['team', 'duo', 'trio', 'quartet', 'pair', 'crew', 'panel', 'partnership']);
/** Words that open the group's name. */
const OPENERS = new Set(['the', 'a', 'its', 'their', 'our', 'his', 'her']);
/** The most lower-case words between the group's name and its noun ("podcast"). */
const MOST_LOWER = 2;
/** The most words a group's name takes before its noun. */
const MOST_WORDS = 4;

/** The group a name at `start` is one of ("Tennis Podcast team"), or undefined. */
export function groupBefore(text: string, tokens: Token[], start: number): string | undefined {
  const of = tokens[start - 1];
  const noun = tokens[start - 2];
  if (!of || !noun || of.norm !== 'of' || !plainGap(tokens[start]!.gap) || !plainGap(of.gap))
    return undefined;
  if (noun.cap || !GROUP_NOUNS.has(noun.norm)) return undefined;
  const picked: Token[] = [noun];
  let named = false;
  let lower = 0;
  for (let j = start - 3; j >= 0 && picked.length <= MOST_WORDS; j--) {
    const t = tokens[j]!;
    if (!plainGap(picked[0]!.gap) || (OPENERS.has(t.norm) && (!t.cap || t.sentenceStart))) break;
    if (t.cap) named = true;
    // "Court Report podcast team": lower-case words only between the name and the noun.
    else if (named || ++lower > MOST_LOWER) break;
    picked.unshift(t);
    if (t.possessive || t.sentenceStart) break;
  }
  while (picked.length > 1 && !picked[0]!.cap) picked.shift();
  return named ? phrase(text, picked) : undefined;
}
