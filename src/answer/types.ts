/** The product's output: surface-free, rendered by src/render for Discord, the terminal and JSON. */

export const ANSWER_KINDS = [
  'who',
  'when',
  'where',
  'what',
  'quote',
  'ask',
  'search',
  'sources',
  'timeline',
] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** An article that supports an answer. */
export interface Source {
  articleId: string;
  title: string;
  outlet?: string;
  published?: string;
  url?: string;
}

export interface Citation extends Source {
  /** 1-based paragraph number. */
  paragraph: number;
  /** The whole cleaned paragraph. */
  text: string;
  /** Words of `text` that matched the query, as they stand in the text (for bold / highlighting). */
  highlights: string[];
  /** Near-duplicate paragraphs in other articles, shown once here. */
  alsoIn?: { articleId: string; title: string; paragraph: number }[];
  /** For timelines: the resolved date (or the expression as written) this citation stands for. */
  date?: string;
  /** For timelines: the sentence of `text` that holds that date. */
  sentence?: string;
}

export interface Answer {
  kind: AnswerKind;
  query: string;
  /** The answer line, or null when the articles hold no answer. */
  text: string | null;
  /** Shown when `text` is null (or beside it): what was not found and what to try. */
  message?: string;
  /** Up to 3 cited paragraphs, best first (a page of them for search). */
  citations: Citation[];
  /** Every article that supports the answer (not only the cited ones). */
  sources: Source[];
  /** Articles in the corpus, for "reported in 4 of 5 articles". */
  corpusArticles: number;
  /** For paginated kinds: which slice of how many hits this is. */
  page?: { offset: number; size: number; total: number };
  /** For `ask`: which kind the router chose. */
  routedTo?: AnswerKind;
  /**
   * The article filter the answer was restricted to (`since:`, `until:`, `outlet:`), when one was
   * given: ISO days and the outlet as the articles spell it. `corpusArticles` then counts the
   * articles it allows.
   */
  filter?: { since?: string; until?: string; outlet?: string };
  /** For `sources`: the listing. */
  articles?: (Source & { paragraphs: number; file: string })[];
}

/** A surface-free message that is not an answer: admin reports, status, help. */
export interface Notice {
  title: string;
  lines: string[];
  level: 'info' | 'error';
}
