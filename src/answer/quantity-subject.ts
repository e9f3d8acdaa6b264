/**
 * Whose figure a sentence states: "Home Depot (ticker: HD) reported $2.53 in per-share earnings" is
 * Home Depot's, and answers no question about Lowe's however well its other words fit.
 */
import type { DossierIndex } from '../index/model.js';
import { matchesOf } from '../corpus/text.js';
import { queryTerms } from '../index/terms.js';
import { lookupEntity, type AskedName } from './entity-lookup.js';
import type { NamedIn } from './tables.js';

/**
 * Where the clause holding a figure begins: after the last of these before it. A relative or
 * reported clause ("…, which is responsible for 120 employees", "said that 964,000 …"), a quote and
 * a coordinated clause ("…, and both teams received $250,000 fines") have subjects of their own.
 */
const CLAUSE_BREAK =
  /;\s+|,\s+(?:and|but|while|whereas|although|though)\s+|\s(?:which|who|that)\s+|[“"‘]\s*/giu;
/** Where the words after a figure stop telling what it is of: a dash, a semicolon or a comma. */
const PHRASE_END = /\s[―—–]\s|;|,\s/u;
/** What may stand before the clause's subject: an article. */
const LEADING = /^\s*(?:(?:the|a|an)\s+)?/iu;
/** "The state's Department …", "its chief": a possessive ties what follows to the story's subject. */
const POSSESSIVE_LEAD = /^\s*(?:the\s+)?(?:\p{Ll}+['’]s|its|their|his|her)\s+/iu;
/** "Audi will offer the car in thirteen finishes": "the car" may be the thing the question names. */
const BACK_REFERENCE = /\s(?:the|this|that)\s+\p{Ll}[\p{Ll}-]*\s+(?:in|at|for|of|to|with|by)\s+\S*$/u;
/** A verb that attributes what follows to a speaker, not a figure to its subject. */
const ATTRIBUTION =
  /\b(?:said|says|say|told|tells|added|adds|according|noted|notes|stated|wrote|writes|explained|announced|estimated|estimates|believes|thinks)\b/iu;
/**
 * Two or more capitalised words opening a clause and followed by a bracket or a verb: a name, known
 * to the tables or not ("Home Depot (ticker: HD) reported …", "Electronic Express via Rakuten is
 * offering …"; not "Regular European pricing").
 */
const NAME_RUN =
  /^(\p{Lu}[\p{L}'’.&-]*(?:\s+\p{Lu}[\p{L}'’.&-]*)+(?:\s+(?:via|of|at|and)\s+\p{Lu}[\p{L}'’.&-]*(?:\s+\p{Lu}[\p{L}'’.&-]*)*)*)(?=\s*\(|(?:\s+(?:also|still|already|\p{Ll}+ly))?\s+(?:is|was|are|were|has|had|have|will|would|can|could|reported|posted|earned|made|sold|paid|spent|raised|lost|received|got|won|scored|gave|offered|offers|bought|took)\b)/u;
/** One capitalised word set off by a dash or a bracket: a name ("Europa ― located some …"). */
const DASHED_NAME = /^(\p{Lu}[\p{L}'’.-]+)(?=\s*[―—–(])/u;
/** What follows a place that is its clause's subject: a dash, a comma or a bracket, or a verb. */
const PLACE_AS_SUBJECT =
  /^\s*(?:[―—–,(]|(?:is|was|are|were|has|had|have|will|would|reported|recorded|posted|saw|lost|spent|paid)\b)/u;
/** "In" or "At" opening a clause, before the place it is set in ("In Bhagalpur, …"). */
const SCENE = /^(?:[Ii]n|[Aa]t)\s+(?=\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*,)/u;
/** How well a name must match an entity to be taken for a short form of it ("Jose" of Jose Mourinho). */
const SHORT_FORM = 0.7;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Whether the clause holding the figure at `start` opens on a name the question does not ask about,
 * and names none it asks about before the figure or in the words right after it, nor attributes the
 * words to a speaker: then the figure is that name's ("Europa ― located some 390 million miles
 * away", "Electronic Express … is offering the iPad Pro for $799"), not the asked subject's.
 */
export function figureOfAnother(
  index: DossierIndex,
  sentence: string,
  start: number,
  named: readonly NamedIn[],
  asked: ReadonlySet<string>,
  askedRuns: readonly AskedName[],
  /** Names already looked up for this question: whether each is a short form of an asked name. */
  shortForms: Map<string, boolean> = new Map(),
): boolean {
  const before = sentence.slice(0, start);
  let from = 0;
  for (const m of matchesOf(CLAUSE_BREAK, before)) from = m.index + m[0].length;
  const clause = before.slice(from);
  if (POSSESSIVE_LEAD.test(clause) || ATTRIBUTION.test(clause) || BACK_REFERENCE.test(clause)) return false;
  // "… to study the 1,900-mile-wide (3,100 kilometers) moon Europa": the figure's own phrase counts.
  const after = sentence.slice(start);
  const end = after.search(PHRASE_END);
  const isAsked = (text: string) => queryTerms(text).some((t) => asked.has(t));
  // The clause names an asked name when it holds every word of it: "iPad Pro" is not "MacBook Pro".
  const held = new Set(queryTerms(clause + (end < 0 ? after : after.slice(0, end))));
  // A person is named by any of their names ("Assange, 47").
  if (
    askedRuns.some((run) =>
      (run.person ? run.terms.some : run.terms.every).call(run.terms, (t) => held.has(t)),
    )
  )
    return false;
  let opening = clause.slice(LEADING.exec(clause)![0].length);
  // A place counts when the question asks about a place, or when it stands as the clause's subject
  // ("Europa ― located some 390 million miles away"), not as a modifier ("US lawmakers are …").
  const placeAsked =
    named.some((n) => n.entity.kind === 'place' && isAsked(n.entity.name)) || askedRuns.some((r) => r.place);
  // "In Bhagalpur, … 215 active cases": a clause set in another place than the one asked about
  // tells that place's figure, as its subject would.
  if (placeAsked) opening = opening.replace(SCENE, '');
  const opens = (s: string) => opening.startsWith(s) && !LETTER_OR_DIGIT.test(opening[s.length] ?? '');
  const name =
    named
      .filter(
        (n) =>
          placeAsked ||
          n.entity.kind !== 'place' ||
          n.surfaces.some((s) => opens(s) && PLACE_AS_SUBJECT.test(opening.slice(s.length))),
      )
      .flatMap((n) => n.surfaces)
      .find(opens) ??
    NAME_RUN.exec(opening)?.[1] ??
    DASHED_NAME.exec(opening)?.[1];
  // "Jose is one of …" of a question on Mourinho: a short form of the name asked is that name.
  if (!name) return false;
  let short = shortForms.get(name);
  if (short === undefined) {
    short = lookupEntity(index, name).some((m) => m.score >= SHORT_FORM && isAsked(m.entity.name));
    shortForms.set(name, short);
  }
  return !short;
}

/**
 * A word, then an opening bracket (and maybe spaces): the word the brackets are said of. Not a
 * figure's own word: "1,900-mile-wide (3,100 kilometers)" gives the figure in other units.
 */
const WORD_THEN_BRACKET = /(?:^|\s)(\p{L}[\p{L}'’-]*)\s*\($/u;

/** Where the word ends that the open bracket around `at` follows, if it follows a word. */
export function bracketHead(sentence: string, at: number): number | undefined {
  const open = sentence.lastIndexOf('(', at);
  if (open < 0 || sentence.lastIndexOf(')', at) > open) return undefined;
  const from = Math.max(0, open - HEAD_REACH);
  const m = WORD_THEN_BRACKET.exec(sentence.slice(from, open + 1));
  return m ? from + m.index + m[0].indexOf(m[1]!) + m[1]!.length : undefined;
}
const HEAD_REACH = 40;

/**
 * "$19,000 pretax to a 401(k) and $6,000 to a traditional IRA": a word in the phrase that follows a
 * figure ("to a 401(k)") is said of that figure, not of the next one, however near. For each span,
 * where the figure ends whose following phrase holds it, if any (figures read inside one another,
 * "five-and-a-half years" and "a-half years", end together and share it).
 */
export function spanOwners(
  sentence: string,
  figures: readonly { end: number }[],
  spans: readonly { start: number; end: number }[],
): (number | undefined)[] {
  return spans.map((s) => {
    let end = -1;
    for (const f of figures) if (f.end <= s.start && f.end > end) end = f.end;
    if (end < 0 || s.start - end > OWNED_PHRASE_REACH) return undefined;
    // "making $320,000 on a budget of $27 million": "budget of" takes the figure after it.
    if (OF_A_FIGURE.test(sentence.slice(s.end, s.end + OWNED_PHRASE_REACH))) return undefined;
    return FIGURE_PHRASE.test(sentence.slice(end, s.start)) ? end : undefined;
  });
}
/** What may stand between a figure and a word of its phrase: a word or two, then a preposition. */
const FIGURE_PHRASE =
  /^(?:\s+[\p{L}-]+){0,2}?\s+(?:to|for|into|in|on|at)\s+(?:(?:the|a|an|his|her|their|its)\s+)?(?:[\p{L}-]+\s+)?$/u;
const OWNED_PHRASE_REACH = 40;
/** "of" and a figure right after a word: the figure is that word's ("a budget of $27 million"). */
const OF_A_FIGURE = /^\s+of\s+(?:about\s+|around\s+|up\s+to\s+|some\s+)?[$€£]?\d/u;

/**
 * Where the first person or organisation of the paragraph's `named` stands in the sentence, or -1;
 * places count too when the question names a place the paragraph names.
 */
export function firstNamedAt(
  named: readonly NamedIn[],
  sentence: string,
  asked: ReadonlySet<string>,
): number {
  const placeAsked = named.some(
    (n) => n.entity.kind === 'place' && queryTerms(n.entity.name).some((t) => asked.has(t)),
  );
  let first = -1;
  for (const n of named) {
    if (n.entity.kind === 'place' && !placeAsked) continue;
    for (const surface of n.surfaces) {
      const at = nameAt(sentence, surface);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
  }
  return first;
}

/**
 * Where `surface` first stands in `sentence` as a name: a whole word, and not a currency's prefix
 * ("US$171 million", "A$5", "HK$2 billion" name a sum's currency, not a subject).
 */
function nameAt(sentence: string, surface: string): number {
  for (let at = sentence.indexOf(surface); at >= 0; at = sentence.indexOf(surface, at + 1)) {
    const next = sentence[at + surface.length] ?? '';
    if (NAME_CHAR.test(sentence[at - 1] ?? '') || NAME_CHAR.test(next) || CURRENCY_SIGN.test(next)) continue;
    return at;
  }
  return -1;
}
const NAME_CHAR = /[\p{L}\p{N}]/u;
const CURRENCY_SIGN = /[$€£¥₹]/;
