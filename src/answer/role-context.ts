/**
 * A bare title with the organisation or place it is held in, when the passage that states it names
 * just one: "Eastern Airlines, an eight-airplane U.S. company … CEO Steve Harfst said" makes Steve
 * Harfst "CEO, Eastern Airlines"; "Louisiana Democrats re-elected Governor John Bel Edwards" makes
 * him "Governor, Louisiana". News names a company in the sentence before one its bare title opens,
 * and a state or city in the clause before its governor or mayor; with none or two or more named
 * there, the title stays bare ("President Barack Obama" mid-sentence is no one's president here).
 */
import type { DossierIndex } from '../index/model.js';
import type { Entity, Role } from '../index/tables/types.js';
import { positionOf } from './common.js';
import { entitiesAt } from './tables.js';

/** Titles held in a company or body, whose holder news names right after the company. */
const OFFICE_TITLE =
  /^(?:CEO|chief executive(?: officer)?|chairman|chairwoman|chair|founder|co-founder|owner|spokes(?:man|woman|person)|(?:managing |executive )?director)$/i;
/** Titles held in a place: its name stands before them ("Kentucky Democrats beat Gov. Matt Bevin"). */
const PLACE_TITLE = /^(?:governor|gov\.?|mayor|premier|lieutenant governor|lt\.? gov\.?)$/i;

/** The role as shown: with the one organisation or place its passage holds it in, when there is one. */
export function roleInContext(index: DossierIndex, person: Entity, role: Role): string {
  const text = role.text.trim();
  const office = OFFICE_TITLE.test(text);
  if (!office && !PLACE_TITLE.test(text)) return role.text;
  const pos = positionOf(index, role.articleId, role.paragraph);
  if (pos === undefined) return role.text;
  const { sentences } = index.paragraphs[pos]!;
  const named = entitiesAt(index, pos);
  const titled = (named.find((n) => n.entity === person)?.surfaces ?? []).map((surface) =>
    `${text} ${surface}`.toLowerCase(),
  );
  // The sentence where the title stands right before the person's name, and where.
  let i = -1;
  let at = -1;
  for (let s = 0; s < sentences.length && at < 0; s++) {
    const lower = sentences[s]!.toLowerCase();
    for (const phrase of titled) {
      at = lower.indexOf(phrase);
      if (at >= 0) {
        i = s;
        break;
      }
    }
  }
  if (at < 0) return role.text;
  const kind = office ? 'organization' : 'place';
  // An office's company is named in the sentence before one the title opens ("… has been Eastern
  // Airlines, an eight-airplane U.S. company. CEO Steve Harfst said …"); a place's, in the title's
  // own clause, before it ("Louisiana Democrats re-elected Governor …", not "After a visit to
  // Paris, Governor …").
  let before: string;
  if (office) {
    if (at !== 0 || i === 0) return role.text;
    before = sentences[i - 1]!;
  } else {
    const opening = sentences[i]!.slice(0, at);
    before = opening.slice(Math.max(...CLAUSE_ENDS.map((c) => opening.lastIndexOf(c))) + 1);
  }
  const holders = named.filter(
    (n) =>
      n.entity.kind === kind &&
      n.entity !== person &&
      n.surfaces.some((surface) => wordAt(before, surface, office)),
  );
  return holders.length === 1 ? `${text}, ${holders[0]!.entity.name}` : role.text;
}

/**
 * Whether `name` stands in `text` as whole words; an organisation (`alone`) as a name of its own,
 * not the start of a longer name ("South America") nor an abbreviation modifying a noun ("a U.S.
 * company"). A place may modify: "Louisiana Democrats re-elected Governor John Bel Edwards".
 */
function wordAt(text: string, name: string, alone: boolean): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (LETTER.test(text[at - 1] ?? '') || LETTER.test(text[at + name.length] ?? '')) continue;
    const next = text.slice(at + name.length, at + name.length + 2);
    if (alone && (CAPITAL_NEXT.test(next) || (name.endsWith('.') && LOWER_NEXT.test(next)))) continue;
    return true;
  }
  return false;
}
const LETTER = /[\p{L}\p{N}]/u;
/** What ends the clause a place's title stands in: a comma, a semicolon, a dash or a quote. */
const CLAUSE_ENDS = [',', ';', '—', '–', '”', '"'];
const CAPITAL_NEXT = /^ \p{Lu}/u;
const LOWER_NEXT = /^ \p{Ll}/u;
