/**
 * Nouns for people, by their English endings and the kinds of people news counts: what a role
 * (entities-words.ts) and "how many astronauts" (answer/quantity-figures.ts) read. No lexicon here:
 * answering from a saved index must not load the tagger.
 */

/**
 * Nouns English forms for people by what they study or do: -ist ("immunologist", "lobbyist"),
 * -ician ("statistician"), -grapher ("photographer"). No lexicon lists them all, and news keeps
 * coining them; the words these endings also spell that are not people ("assist", "exist",
 * "twist", "checklist") are left out.
 */
const AGENT_ENDING = /^\p{Ll}{3,}(?:ist|ician|grapher)$/u;
const NOT_AN_AGENT = new Set(
  `assist consist desist enlist exist coexist insist persist resist subsist twist wrist amidst schist
  checklist playlist blacklist whitelist wishlist shortlist longlist waitlist tracklist setlist hitlist`.split(
    /\s+/,
  ),
);

/** Whether a lowercase word is a noun for a person by its ending. */
export function isAgentNoun(norm: string): boolean {
  return AGENT_ENDING.test(norm) && !NOT_AN_AGENT.has(norm);
}

/** People news counts ("six passengers", "40 astronauts"), as search terms (plurals folded). */
const COUNTED_PEOPLE = new Set(
  `passenger student worker soldier voter patient victim migrant refugee child children resident fan
  player employee member tourist visitor astronaut cosmonaut officer firefighter teacher nurse doctor
  customer participant protester protestor prisoner inmate survivor athlete candidate delegate official
  lawmaker senator farmer miner driver pilot crew adult teen teenager men women man woman staff civilian`.split(
    /\s+/,
  ),
);

/** Whether a counted noun (a search term) names people of some kind. */
export function isPeopleNoun(term: string): boolean {
  return COUNTED_PEOPLE.has(term) || isAgentNoun(term);
}

/** What the abbreviated titles stand for (AP style abbreviates these before a name). */
export const TITLE_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['gov', 'governor'],
  ['sen', 'senator'],
  ['rep', 'representative'],
  ['gen', 'general'],
  ['lt', 'lieutenant'],
  ['col', 'colonel'],
  ['sgt', 'sergeant'],
  ['capt', 'captain'],
  ['cmdr', 'commander'],
  ['adm', 'admiral'],
  ['maj', 'major'],
  ['cpl', 'corporal'],
  ['supt', 'superintendent'],
  ['det', 'detective'],
  ['insp', 'inspector'],
  ['atty', 'attorney'],
  ['prof', 'professor'],
]);
