/** Plain data produced by ingestion. Nothing here knows about search or Discord. */

/** Metadata from an article's optional front matter. */
export interface ArticleMeta {
  title: string;
  outlet?: string;
  url?: string;
  /** ISO date `YYYY-MM-DD` (time of day, when given, is dropped). */
  published?: string;
  author?: string;
}

export interface Paragraph {
  /** Id of the article it belongs to. */
  articleId: string;
  /** 1-based position among the article's body paragraphs, in reading order, after cleaning. */
  n: number;
  /** The cleaned paragraph text (one line, whitespace collapsed). */
  text: string;
  /** The paragraph split into sentences; joining them with ' ' gives back `text`. */
  sentences: string[];
  /** The sub-heading this paragraph stands under, if any. */
  section?: string;
}

export interface Article extends ArticleMeta {
  /** Stable id: the file name without extension, slugged (unique within a corpus folder). */
  id: string;
  /** File name relative to the corpus folder. */
  file: string;
  paragraphs: Paragraph[];
}

/** A file that could not be ingested, with a reason a person can act on. */
export interface IngestError {
  file: string;
  reason: string;
}

export interface Corpus {
  articles: Article[];
  errors: IngestError[];
}
