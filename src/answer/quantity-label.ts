/**
 * Numbers that are part of a name, a code, a rank or a label, not quantities (quantity-figures.ts);
 * and units spelled one way for telling figures apart.
 */

/** "number one", "No. 2" right before a figure: a rank. */
export const RANK_BEFORE = /\b(?:number|no\.)\s*$/i;
/** A hyphen and a digit right after a figure: a model code ("787-9"). */
export const MODEL_CODE_AFTER = /^-\d/;
/** Letters and a hyphen right before a number: the number is part of a name ("COVID-19", "F-35"). */
export const NAME_CODE_BEFORE = /\p{L}-$/u;

/**
 * A capitalised word inside a sentence right before the digits: the number is part of a name or a
 * label ("Corso Monforte 15", "Flight 370", "Apollo 11", "Chapter 11"), not a quantity. Group 1 is
 * what stands before the word (the word opens a sentence or phrase after punctuation), group 2 the word.
 */
const LABEL_BEFORE = /(\S)\s+(\p{Lu}[\p{L}'’-]*)\s$/u;
const OPENS_PHRASE = /[.!?:;"“‘([—–-]/;
/** Capitalised words a quantity may follow inside a sentence: "said Tuesday 15 people died". */
const NOT_A_LABEL =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i;

export function labelBefore(before: string): boolean {
  const m = LABEL_BEFORE.exec(before);
  return !!m && !OPENS_PHRASE.test(m[1]!) && !NOT_A_LABEL.test(m[2]!) && !POSSESSIVE.test(m[2]!);
}
/** "Jupiter's 79 moons": a possessive before a number is whose they are, not a label. */
const POSSESSIVE = /['’]s?$/;

/**
 * A unit as one spelling for telling figures apart: "30 minutes" and "a 30-minute period" are one
 * figure, as are "feet" and "foot", "metres" and "meters".
 */
export function sameUnit(unit: string): string {
  const u = unit.toLowerCase().replace(METRE, 'meter');
  const known = UNIT_SINGULAR[u];
  if (known) return known;
  return u.length > 3 && u.endsWith('s') && !u.endsWith('ss') ? u.slice(0, -1) : u;
}
const METRE = /metre/g;
const UNIT_SINGULAR: Record<string, string> = {
  feet: 'foot',
  inches: 'inch',
  centuries: 'century',
  hrs: 'hr',
  mins: 'min',
  secs: 'sec',
  lbs: 'lb',
};
