/** The machine-readable Answer: a stable shape, every documented key always present. */
import type { Answer } from '../answer/types.js';

interface JsonCitation {
  articleId: string;
  title: string;
  outlet: string | null;
  published: string | null;
  url: string | null;
  paragraph: number;
  text: string;
  highlights: string[];
  alsoIn: { articleId: string; title: string; paragraph: number }[];
  date: string | null;
  /** Timelines: the sentence of `text` holding `date`. */
  sentence: string | null;
}

export interface JsonAnswer {
  kind: Answer['kind'];
  query: string;
  text: string | null;
  message: string | null;
  routedTo: Answer['kind'] | null;
  corpusArticles: number;
  sources: {
    articleId: string;
    title: string;
    outlet: string | null;
    published: string | null;
    url: string | null;
  }[];
  citations: JsonCitation[];
  page: { offset: number; size: number; total: number } | null;
  /** Present only when the question had an article filter: ISO days and the outlet. */
  filter?: { since: string | null; until: string | null; outlet: string | null };
  articles?: {
    articleId: string;
    title: string;
    outlet: string | null;
    published: string | null;
    file: string;
    paragraphs: number;
  }[];
}

export function toJson(answer: Answer): JsonAnswer {
  const out: JsonAnswer = {
    kind: answer.kind,
    query: answer.query,
    text: answer.text,
    message: answer.message ?? null,
    routedTo: answer.routedTo ?? null,
    corpusArticles: answer.corpusArticles,
    sources: answer.sources.map((s) => ({
      articleId: s.articleId,
      title: s.title,
      outlet: s.outlet ?? null,
      published: s.published ?? null,
      url: s.url ?? null,
    })),
    citations: answer.citations.map((c) => ({
      articleId: c.articleId,
      title: c.title,
      outlet: c.outlet ?? null,
      published: c.published ?? null,
      url: c.url ?? null,
      paragraph: c.paragraph,
      text: c.text,
      highlights: c.highlights,
      alsoIn: c.alsoIn ?? [],
      date: c.date ?? null,
      sentence: c.sentence ?? null,
    })),
    page: answer.page ?? null,
  };
  if (answer.filter) {
    const f = answer.filter;
    out.filter = { since: f.since ?? null, until: f.until ?? null, outlet: f.outlet ?? null };
  }
  if (answer.articles) {
    out.articles = answer.articles.map((a) => ({
      articleId: a.articleId,
      title: a.title,
      outlet: a.outlet ?? null,
      published: a.published ?? null,
      file: a.file,
      paragraphs: a.paragraphs,
    }));
  }
  return out;
}

export function renderJson(answer: Answer): string {
  return JSON.stringify(toJson(answer));
}
