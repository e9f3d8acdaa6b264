/** HTML to blocks via Readability (finds the article in a page) and linkedom (a DOM without a browser). */
import { createRequire } from 'node:module';
import type * as ReadabilityNs from '@mozilla/readability';
import type * as LinkedomNs from 'linkedom';
import type { RawBlock } from './blocks.js';
import { collapseWhitespace } from './text.js';
import type { ArticleMeta } from './types.js';

type ReadabilityModule = typeof ReadabilityNs;
type LinkedomModule = typeof LinkedomNs;

/**
 * The DOM and Readability are loaded on the first HTML article, not at start-up: most corpora are
 * Markdown or text, and loading them costs more than the rest of ingestion's start-up together.
 */
let libraries: { Readability: ReadabilityModule['Readability']; parseHTML: LinkedomModule['parseHTML'] } | undefined;
function htmlLibraries() {
  if (!libraries) {
    const require = createRequire(import.meta.url);
    const { Readability } = require('@mozilla/readability') as ReadabilityModule;
    const { parseHTML } = require('linkedom') as LinkedomModule;
    libraries = { Readability, parseHTML };
  }
  return libraries;
}

/** The slice of the DOM this module uses; the project compiles without the DOM lib. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
  remove?(): void;
}
interface DomDocument extends DomNode {
  title: string;
  documentElement: DomNode | null;
  body: DomNode | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}

export interface HtmlArticle {
  /** Metadata the page declares (`og:title`, `<h1>`, site name, byline, publication time). */
  meta: Partial<Record<keyof ArticleMeta, string>>;
  blocks: RawBlock[];
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
/** Never article text; removed before Readability so their contents cannot leak into paragraphs. */
const NEVER_TEXT = 'script, style, noscript, template, iframe, svg, canvas, object, embed, form, button, select';
/** Images with their captions and credits: captions are chrome (see chrome-rules.ts). */
const SKIPPED = new Set(['FIGURE', 'FIGCAPTION', 'PICTURE', 'IMG', 'NAV', 'ASIDE', 'FOOTER', 'HEADER']);
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const BLOCKS = new Set([
  ...HEADINGS,
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'DL', 'DT', 'DD', 'PRE',
  'TABLE', 'THEAD', 'TBODY', 'TR', 'TD', 'TH', 'HR', 'ADDRESS', 'CENTER',
]);

/** An opening `<head>` or `<body>` tag: the input is (part of) a page, only missing `<html>`. */
const HEAD_OR_BODY_TAG = /<(head|body)[\s>]/i;
/** "By Jane Doe": the word before the name in a byline. */
const BYLINE_PREFIX = /^by\s+/i;

/**
 * linkedom builds a usable document only from a whole page: from a fragment (`<p>…</p>`, text with
 * no tags, or tags before `<html>`), as editors and exports often save, it has no body, an empty
 * one, or throws. Such input is parsed again wrapped in a page.
 */
function parseDocument(parseHTML: LinkedomModule['parseHTML'], html: string): DomDocument {
  const candidates = [
    html,
    ...(HEAD_OR_BODY_TAG.test(html) ? [`<html>${html}</html>`] : []),
    `<!doctype html><html><head></head><body>${html}</body></html>`,
  ];
  for (const candidate of candidates) {
    const { document } = parseHTML(candidate) as unknown as { document: DomDocument };
    try {
      if (document.documentElement?.nodeName === 'HTML' && document.body?.textContent?.trim()) {
        return document;
      }
    } catch {
      // linkedom throws from `body` when the page has no root element: try the next wrapping.
    }
  }
  return (parseHTML(candidates.at(-1)!) as unknown as { document: DomDocument }).document;
}

export function htmlArticle(html: string): HtmlArticle {
  const { Readability, parseHTML } = htmlLibraries();
  const document = parseDocument(parseHTML, html);
  for (const node of Array.from(document.querySelectorAll(NEVER_TEXT))) node.remove?.();

  // Read the page's own metadata first: Readability rewrites the document as it works.
  const h1 = text(document.querySelector('h1'));
  const ogTitle = attr(document, 'meta[property="og:title"]', 'content');
  const meta: HtmlArticle['meta'] = {};

  let root: DomNode | null = document.body;
  try {
    const parsed = new Readability(document as never, { charThreshold: 100, serializer: (node) => node }).parse();
    if (parsed?.content) root = parsed.content as unknown as DomNode;
    setIf(meta, 'outlet', parsed?.siteName);
    setIf(meta, 'author', parsed?.byline?.replace(BYLINE_PREFIX, ''));
    setIf(meta, 'published', parsed?.publishedTime);
    setIf(meta, 'title', h1 || ogTitle || parsed?.title || document.title);
  } catch {
    // Readability gives up on some odd pages; the body, walked the same way, is still worth reading.
    setIf(meta, 'title', h1 || ogTitle || document.title);
  }

  const blocks: RawBlock[] = [];
  if (root) walk(root, blocks);
  return { meta, blocks };
}

function setIf(meta: HtmlArticle['meta'], key: keyof ArticleMeta, value: string | null | undefined) {
  const cleaned = value ? collapseWhitespace(value) : '';
  if (cleaned) meta[key] = cleaned;
}

function attr(document: DomDocument, selector: string, name: string): string {
  return collapseWhitespace(document.querySelector(selector)?.getAttribute?.(name) ?? '');
}

function text(node: DomNode | null): string {
  return collapseWhitespace(node?.textContent ?? '');
}

/**
 * Collects block elements in reading order. An element whose children include blocks is a container
 * and is walked; any other element is one block whose `<br>`s separate its lines.
 */
function walk(node: DomNode, out: RawBlock[]): void {
  const children = Array.from(node.childNodes);
  let inlineRun: DomNode[] = [];
  const flush = () => {
    const lines = inlineText(inlineRun).split('\n').map(collapseWhitespace).filter(Boolean);
    if (lines.length > 0) out.push({ lines });
    inlineRun = [];
  };
  for (const child of children) {
    if (child.nodeType === ELEMENT_NODE && SKIPPED.has(child.nodeName)) continue;
    if (child.nodeType === ELEMENT_NODE && BLOCKS.has(child.nodeName)) {
      flush();
      if (HEADINGS.has(child.nodeName)) {
        const heading = text(child);
        if (heading) out.push({ lines: [heading], heading: true });
      } else if (hasBlockChild(child)) {
        walk(child, out);
      } else {
        const lines = inlineText([child]).split('\n').map(collapseWhitespace).filter(Boolean);
        if (lines.length > 0) out.push({ lines });
      }
    } else {
      inlineRun.push(child);
    }
  }
  flush();
}

function hasBlockChild(node: DomNode): boolean {
  return Array.from(node.childNodes).some(
    (child) => child.nodeType === ELEMENT_NODE && (BLOCKS.has(child.nodeName) || SKIPPED.has(child.nodeName)),
  );
}

function inlineText(nodes: DomNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.nodeType === TEXT_NODE) out += node.textContent ?? '';
    else if (node.nodeType === ELEMENT_NODE) {
      if (node.nodeName === 'BR') out += '\n';
      else if (!SKIPPED.has(node.nodeName)) out += inlineText(Array.from(node.childNodes));
    }
  }
  return out;
}
