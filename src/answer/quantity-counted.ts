/**
 * What a count counts: words news uses for one kind of thing, and the words that count people
 * (quantity-figures.ts reads a figure's noun against the question's).
 */
import { isPeopleNoun } from '../index/tables/person-nouns.js';

/** What "how many people" may be answered in. */
export const PEOPLE = new Set(['people', 'person']);
/** Words news uses for one kind of thing counted ("150,000 troops" / "150,000 Russian forces"). */
const SAME_THINGS: string[][] = [
  ['troop', 'force', 'soldier', 'personnel', 'servicemen', 'fighter', 'militant', 'marine'],
  ['jet', 'plane', 'aircraft', 'airplane', 'airliner'],
  ['home', 'house', 'building', 'dwelling'],
  ['car', 'vehicle'],
  ['job', 'position', 'worker', 'employee', 'staff'],
  ['company', 'firm', 'business'],
  ['colour', 'color', 'finish', 'shade', 'paint', 'hue'],
  // A tour's shows: "a 30-date run", "30 concerts".
  ['show', 'date', 'concert', 'gig', 'performance'],
];
const THING_CLASS = new Map<string, number>();
SAME_THINGS.forEach((words, i) => words.forEach((w) => THING_CLASS.set(w, i)));

/** Whether two counted nouns (as terms) name the same kind of thing. */
export function sameThing(a: string, b: string): boolean {
  if (a === b) return true;
  const c = THING_CLASS.get(a);
  return c !== undefined && c === THING_CLASS.get(b);
}

/** Words that count people of any kind ("six humans", "40 individuals"). */
export const ANY_PEOPLE = new Set(['people', 'person', 'human', 'individual', 'adult']);

/** "How many astronauts …" answered by "six humans": people counted for people of some kind. */
export function peopleFor(counted: string, head: string, people: boolean): boolean {
  return ANY_PEOPLE.has(counted) && (people || isPeopleNoun(head) || PEOPLE_EVENTS.has(head));
}

/** Whether a counted plural is people: of any kind, of a kind news counts, or what happens to them. */
export function countsPeople(term: string): boolean {
  return ANY_PEOPLE.has(term) || isPeopleNoun(term) || PEOPLE_EVENTS.has(term);
}

/** What happens to people, counted as people: "749 cases" is "749 people tested positive". */
const PEOPLE_EVENTS = new Set([
  'case',
  'infection',
  'death',
  'casualty',
  'fatality',
  'injury',
  'hospitalization',
  'hospitalisation',
]);
