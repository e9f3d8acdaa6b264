/** HTML to blocks via Readability (finds the article in a page) and linkedom (a DOM without a browser). */
import { createRequire } from 'node:module';
import type * as ReadabilityNs from '@mozilla/readability';
import type * as LinkedomNs from 'linkedom';
import type { RawBlock } from './blocks.js';
import { ELEMENT_NODE, TEXT_NODE } from './dom.js';
import type { DomDocument, DomNode } from './dom.js';
import { completePageMeta, readPageMeta } from './page-meta.js';
import type { PageMeta, PageMetaOptions } from './page-meta.js';
import { collapseWhitespace } from './text.js';

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

export interface HtmlArticle {
  /** Metadata the page declares (`og:title`, `<h1>`, site name, byline, publication time). */
  meta: PageMeta;
  blocks: RawBlock[];
}

/**
 * Never article text; removed before Readability so their contents cannot leak into paragraphs. A
 * `<form>` is not among them: some sites wrap the whole page in one (Readability drops comment and
 * search forms inside the article itself); its controls are.
 */
const NEVER_TEXT = 'script, style, noscript, template, iframe, svg, canvas, object, embed, button, select, textarea, input';
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

export function htmlArticle(html: string, opts: PageMetaOptions): HtmlArticle {
  const { Readability, parseHTML } = htmlLibraries();
  const document = parseDocument(parseHTML, html);
  // Read the page's own metadata first: its JSON-LD is a script, and Readability rewrites the document.
  const declared = readPageMeta(document, opts);
  const documentTitle = safeTitle(document);
  for (const node of Array.from(document.querySelectorAll(NEVER_TEXT))) node.remove?.();

  let root: DomNode | null = document.body;
  let meta: PageMeta;
  try {
    const parsed = new Readability(document as never, { serializer: (node) => node }).parse();
    if (parsed?.content) root = parsed.content as unknown as DomNode;
    meta = completePageMeta(declared, parsed, documentTitle);
  } catch {
    // Readability gives up on some odd pages; the body, walked the same way, is still worth reading.
    meta = completePageMeta(declared, null, documentTitle);
  }

  const blocks: RawBlock[] = [];
  if (root) walk(root, blocks);
  return { meta, blocks };
}

/** The `<title>`; linkedom throws from `title` on a document it could not root. */
function safeTitle(document: DomDocument): string {
  try {
    return document.title ?? '';
  } catch {
    return '';
  }
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
