/** Lookup tables built at index time, next to the MiniSearch index. Plain data, serialisable. */

export type EntityKind = 'person' | 'place' | 'organization';

/** Where an entity is named. */
export interface Mention {
  articleId: string;
  /** 1-based paragraph number. */
  paragraph: number;
  /** The words as they stand in the text ("Blingen", "Peskov", "Dmitry Peskov"). */
  surface: string;
}

/** A role description the text gives ("spokesman for the Kremlin", "Kremlin spokesman"). */
export interface Role {
  text: string;
  articleId: string;
  paragraph: number;
  /** Other places the same role (or a near-duplicate wording of it) is stated. */
  alsoIn?: { articleId: string; paragraph: number }[];
}

export interface Entity {
  /** Stable key: kind + normalised canonical name, e.g. `person:dmitry-peskov`. */
  id: string;
  kind: EntityKind;
  /** The fullest, most common spelling ("Dmitry Peskov"). */
  name: string;
  /** Every other spelling met, surname-only forms included ("Peskov", "Dmitri Peskov"). */
  variants: string[];
  mentions: Mention[];
  roles: Role[];
}

/**
 * The order of an index's entity list: most mentioned first, then by id. A full build sorts by it
 * (entities-output.ts) and so does a change (delta.ts), so both give the same list.
 */
export function entityOrder(a: Entity, b: Entity): number {
  return b.mentions.length - a.mentions.length || (a.id < b.id ? -1 : 1);
}

/** A time expression found in a paragraph. */
export interface TimeMention {
  articleId: string;
  paragraph: number;
  /** Index of the sentence within the paragraph (0-based). */
  sentence: number;
  /** As written ("on Thursday", "February 24"). */
  text: string;
  /**
   * Resolved date, when the expression and the article's date allow it: `YYYY-MM-DD`, or `YYYY-MM`
   * for a month ("in June"), or `YYYY` for a bare year ("since 2014"). See `precision`.
   */
  date?: string;
  /** How much of `date` the text states; `week` dates give the Monday of that week ("last week"). */
  precision?: 'day' | 'week' | 'month' | 'year';
}

/** A direct quote attributed to a person. */
export interface Quote {
  /** Entity id of the speaker. */
  entityId: string;
  articleId: string;
  paragraph: number;
  /** The quoted words, without the quotation marks. */
  text: string;
  /** How the speaker was found: named next to the quote, a pronoun, or carried over from a quote nearby. */
  how?: 'named' | 'pronoun' | 'continued';
}
