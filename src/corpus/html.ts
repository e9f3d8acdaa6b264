/** HTML to blocks via Readability (finds the article in a page) and linkedom (a DOM without a browser). */
import { createRequire } from 'node:module';
import type * as ReadabilityNs from '@mozilla/readability';
import type * as LinkedomNs from 'linkedom';
import type { RawBlock } from './blocks.js';
import { ELEMENT_NODE, TEXT_NODE, visitBounded } from './dom.js';
import { limitNesting } from './nesting.js';
import type { DomDocument, DomNode } from './dom.js';
import { completePageMeta, readPageMeta } from './page-meta.js';
import type { PageMeta, PageMetaOptions } from './page-meta.js';
import { collapseWhitespace, wordCount } from './text.js';

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
/** The skipped elements that are blocks; an image inside a line does not cut the line. */
const SKIPPED_BLOCKS = new Set(['FIGURE', 'FIGCAPTION', 'NAV', 'ASIDE', 'FOOTER', 'HEADER']);
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
  const document = parseDocument(parseHTML, limitNesting(html, MAX_MARKUP_DEPTH));
  flattenDeepNesting(document);
  // Read the page's own metadata first: its JSON-LD is a script, and Readability rewrites the document.
  const declared = readPageMeta(document, opts);
  const documentTitle = safeTitle(document);
  for (const chart of Array.from(document.querySelectorAll('svg, canvas'))) chartBox(chart).remove?.();
  for (const picture of Array.from(document.querySelectorAll('img, picture'))) {
    const box = chartBox(picture);
    if (box !== picture) box.remove?.();
  }
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
  if (root) walk(root, blocks, blockHolder());
  return { meta, blocks };
}

/**
 * Element nesting deeper than this is not the structure of a page (the deepest of the 124 real news
 * pages in the extraction benchmark nests 51 levels, the median 17); it is a broken or hostile file.
 * Readability's cost grows with the cube of the depth (1,000 nested `<div>`s: 8 s; 2,000: 41 s), and
 * every walk here would recurse as deep.
 */
const MAX_DEPTH = 64;
/** The same cap on the markup before parsing (see nesting.ts); the DOM's own cap then applies. */
const MAX_MARKUP_DEPTH = 128;

interface MutableNode extends DomNode {
  insertBefore(node: DomNode, before: DomNode): unknown;
}

/**
 * Unwraps every element nested deeper than MAX_DEPTH: its children take its place, so the text stays
 * in order and nothing is deeper than MAX_DEPTH + 1. Iterative and linear in the number of nodes.
 */
function flattenDeepNesting(document: DomDocument): void {
  const root = document.documentElement;
  if (!root) return;
  const deep: DomNode[] = [];
  const stack: [DomNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      if (child.nodeType !== ELEMENT_NODE) continue;
      if (depth + 1 > MAX_DEPTH) deep.push(child);
      stack.push([child, depth + 1]);
    }
  }
  // Outermost first: each unwrapped element's children move up one level, and are unwrapped in turn.
  // A block element leaves a line break where it ended, so its text does not run into the next
  // block's ("…the captain said.Passengers were safe.").
  for (const element of deep) {
    const parent = element.parentNode as MutableNode | null | undefined;
    if (!parent) continue;
    for (const child of Array.from(element.childNodes)) parent.insertBefore(child, element);
    if (BLOCKS.has(element.nodeName)) parent.insertBefore(document.createElement('br'), element);
    element.remove?.();
  }
}

/** Wrappers a chart's title, legend and notes sit in with the drawing. */
const CHART_WRAPPERS = new Set(['DIV', 'FIGURE', 'SECTION']);
/** A chart's title, legend and axis labels are a few words; a wrapper with more holds prose too. */
const MAX_CHART_WORDS = 40;

/**
 * The element to remove with a drawn chart (`<svg>`, `<canvas>`): the largest wrapper around it whose
 * text is only a few words (its title, legend, labels). An icon inside a link, a button or a line of
 * prose climbs no further than the drawing itself.
 */
function chartBox(drawing: DomNode): DomNode {
  let box = drawing;
  for (let parent = drawing.parentNode; parent && CHART_WRAPPERS.has(parent.nodeName); parent = parent.parentNode) {
    if (!hasAtMostWords(parent, MAX_CHART_WORDS)) break;
    box = parent;
  }
  return box;
}

/**
 * Whether the text inside `node` has at most `max` words, looking at no more than a few hundred nodes
 * (a larger subtree has more words anyway): bounded, so checking many drawings stays linear.
 */
function hasAtMostWords(node: DomNode, max: number): boolean {
  let words = 0;
  let over = false;
  const complete = visitBounded(node, 300, (current) => {
    if (current.nodeType !== TEXT_NODE) return true;
    const value = current.textContent ?? '';
    words += value.length > max * 40 ? max + 1 : wordCount(value);
    over = words > max;
    return !over;
  });
  return complete && !over;
}

/** The `<title>`; linkedom throws from `title` on a document it could not root. */
function safeTitle(document: DomDocument): string {
  try {
    return document.title ?? '';
  } catch {
    return '';
  }
}

/**
 * Collects block elements in reading order. An element that holds a block anywhere inside it is a
 * container and is walked, whatever its own tag (`<span id="articleText"><p>…</p><p>…</p></span>`
 * holds paragraphs, not one long line); any other element is one block whose `<br>`s separate its
 * lines. A table row whose cells hold only text is one line, its cells in order. Rows and list items
 * are marked as items: content, never sub-headings.
 */
function walk(node: DomNode, out: RawBlock[], holdsBlock: (node: DomNode) => boolean, inLink = false): void {
  let inlineRun: DomNode[] = [];
  const flush = () => {
    pushLines(out, inlineLines(inlineRun, false, inLink));
    inlineRun = [];
  };
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType !== ELEMENT_NODE) {
      inlineRun.push(child);
      continue;
    }
    const name = child.nodeName;
    if (SKIPPED.has(name)) continue;
    if (HEADINGS.has(name)) {
      flush();
      const inline = inlineLines([child], false, inLink);
      const heading = collapseWhitespace(inline.texts.join(' '));
      const linked = inline.linked.reduce((a, b) => a + b, 0);
      if (heading) out.push({ lines: [heading], heading: true, markup: true, ...(linked > 0 ? { linked: [linked] } : {}) });
    } else if (name === 'BLOCKQUOTE' && isEmbeddedPost(child)) {
      flush();
    } else if (name === 'TR' && !Array.from(child.childNodes).some(holdsBlock)) {
      flush();
      const cells = Array.from(child.childNodes)
        .map((cell) => collapseWhitespace(inlineLines([cell], false, inLink).texts.join(' ')))
        .filter(Boolean);
      if (cells.length > 0) out.push({ lines: [cells.join(' ')], item: true, markup: true });
    } else if (holdsBlock(child)) {
      flush();
      walk(child, out, holdsBlock, inLink || name === 'A');
    } else if (BLOCKS.has(name)) {
      flush();
      pushLines(out, inlineLines([child], name === 'PRE', inLink), LIST_ITEMS.has(name));
    } else {
      inlineRun.push(child);
    }
  }
  flush();
}

const NEWLINES = /\n/g;
const WHITESPACE_CHARS = /\s+/g;

/**
 * The signature that closes a post embedded from a social network: "— Jane Roe (@janeroe) November 18,
 * 2019". The quoted post is someone's reaction, shown as a picture of the post, not the article's text.
 */
const SOCIAL_SIGNATURE = /[—–-]\s*[^()]{1,80}\(@\w{1,30}\)\s*(?:\p{L}+\.?\s+\d{1,2},?\s+\d{4})?\s*$/u;

function isEmbeddedPost(node: DomNode): boolean {
  const tail = (node.textContent ?? '').slice(-200);
  return SOCIAL_SIGNATURE.test(tail);
}

/** List items and definition-list entries: content, never sub-headings. */
const LIST_ITEMS = new Set(['LI', 'DT', 'DD']);

function nonSpaceLength(text: string): number {
  return text.replace(WHITESPACE_CHARS, '').length;
}

function pushLines(out: RawBlock[], inline: InlineLines, item = false): void {
  const lines: string[] = [];
  const linked: number[] = [];
  const bold: number[] = [];
  inline.texts.forEach((raw, i) => {
    const line = collapseWhitespace(raw);
    if (!line) return;
    lines.push(line);
    linked.push(inline.linked[i]!);
    bold.push(inline.bold[i]!);
  });
  if (lines.length === 0) return;
  const block: RawBlock = { lines, markup: true };
  if (linked.some((n) => n > 0)) block.linked = linked;
  if (bold.some((n) => n > 0)) block.bold = bold;
  if (item) block.item = true;
  out.push(block);
}

/**
 * `holdsBlock(node)`: some element inside `node` is a block (or a skipped figure, aside…), so it must be
 * walked rather than read as one line. Memoised: each node is looked at once, linear in the page.
 */
function blockHolder(): (node: DomNode) => boolean {
  const memo = new Map<DomNode, boolean>();
  const holds = (node: DomNode): boolean => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    let result = false;
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== ELEMENT_NODE) continue;
      if (BLOCKS.has(child.nodeName) || SKIPPED_BLOCKS.has(child.nodeName) || holds(child)) {
        result = true;
        break;
      }
    }
    memo.set(node, result);
    return result;
  };
  return holds;
}

/** Lines of inline content, with how many of each line's non-space characters sit inside links and bold. */
interface InlineLines {
  texts: string[];
  linked: number[];
  bold: number[];
}

const BOLD = new Set(['B', 'STRONG']);

/**
 * The lines of inline content. Newlines in the page's source are spaces (HTML hard-wrapped at 80
 * columns is still one paragraph); only `<br>` breaks a line, and inside `<pre>` the source's own.
 */
function inlineLines(nodes: DomNode[], preformatted: boolean, inLink: boolean): InlineLines {
  const acc: InlineLines = { texts: [''], linked: [0], bold: [0] };
  collectInline(nodes, preformatted, inLink, false, acc);
  return acc;
}

function collectInline(
  nodes: DomNode[],
  preformatted: boolean,
  inLink: boolean,
  inBold: boolean,
  acc: InlineLines,
): void {
  for (const node of nodes) {
    if (node.nodeType === TEXT_NODE) {
      const value = node.textContent ?? '';
      const parts = preformatted ? value.split('\n') : [value.replace(NEWLINES, ' ')];
      parts.forEach((part, i) => {
        if (i > 0) newLine(acc);
        const last = acc.texts.length - 1;
        acc.texts[last] += part;
        if (inLink) acc.linked[last]! += nonSpaceLength(part);
        if (inBold) acc.bold[last]! += nonSpaceLength(part);
      });
    } else if (node.nodeType === ELEMENT_NODE) {
      if (node.nodeName === 'BR') newLine(acc);
      else if (!SKIPPED.has(node.nodeName) && !(node.nodeName === 'SPAN' && isInnermostPopupCard(node))) {
        collectInline(
          Array.from(node.childNodes),
          preformatted || node.nodeName === 'PRE',
          inLink || node.nodeName === 'A',
          inBold || BOLD.has(node.nodeName),
          acc,
        );
      }
    }
  }
}

/**
 * A pop-up card inside a line of text: an inline element holding a picture and several links and
 * almost no other text (a person's hover card with their latest stories). The page shows it on hover;
 * it is not part of the sentence.
 */
function isPopupCard(node: DomNode): boolean {
  let images = 0;
  let links = 0;
  let plainText = 0;
  const linkDepths: number[] = [];
  // Bounded: a card is small; a larger inline subtree is not one and is not scanned past the budget.
  const complete = visitBounded(node, 200, (child, depth) => {
    while (linkDepths.length > 0 && linkDepths[linkDepths.length - 1]! >= depth) linkDepths.pop();
    if (child.nodeType === TEXT_NODE) {
      if (linkDepths.length === 0) plainText += nonSpaceLength(child.textContent ?? '');
      return plainText <= MAX_CARD_PLAIN_TEXT;
    }
    if (child.nodeType !== ELEMENT_NODE) return 'skip';
    if (child.nodeName === 'IMG' || child.nodeName === 'PICTURE') images++;
    else if (child.nodeName === 'A') {
      links++;
      linkDepths.push(depth);
    }
    return true;
  });
  return complete && plainText <= MAX_CARD_PLAIN_TEXT && images > 0 && links >= 2;
}

/** A pop-up card none of whose children is one (the name link beside the card stays in the sentence). */
function isInnermostPopupCard(node: DomNode): boolean {
  if (!isPopupCard(node)) return false;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE && isPopupCard(child)) return false;
  }
  return true;
}

/** Text outside links that a pop-up card may have ("MORE", a role line). */
const MAX_CARD_PLAIN_TEXT = 40;

function newLine(acc: InlineLines): void {
  acc.texts.push('');
  acc.linked.push(0);
  acc.bold.push(0);
}
