/**
 * The element that holds the article's headline. Most pages have one `<h1>` and it is the headline, but
 * many use `<h1>` for the site's name or a section, or have no `<h1>` at all and put the headline in an
 * `<h2>`. The heading whose text the page's title repeats is the headline; the first `<h1>` otherwise.
 */
import { ELEMENT_NODE, TEXT_NODE } from './dom.js';
import type { DomDocument, DomNode } from './dom.js';
import { collapseWhitespace, comparable } from './text.js';

/** Headings looked at: a page's headline is among its first few dozen. */
const MAX_HEADINGS = 60;

/** The page's own titles: `og:title`, `twitter:title` and `<title>`, as comparison keys. */
function titleKeys(document: DomDocument): string[] {
  const values = [
    document.querySelector('meta[property="og:title"]')?.getAttribute?.('content'),
    document.querySelector('meta[name="twitter:title"]')?.getAttribute?.('content'),
    safeTitle(document),
  ];
  return values.map((value) => comparable(collapseWhitespace(value ?? ''))).filter((key) => key.length > 0);
}

/** The `<title>`; linkedom throws from `title` on a document it could not root. */
export function safeTitle(document: DomDocument): string {
  try {
    return document.title ?? '';
  } catch {
    return '';
  }
}

export function headlineElement(document: DomDocument): DomNode | null {
  const titles = titleKeys(document);
  const headings = Array.from(document.querySelectorAll('h1, h2')).slice(0, MAX_HEADINGS);
  if (titles.length > 0) {
    for (const heading of headings) {
      const key = comparable(collapseWhitespace(readableText(heading)));
      // Three words at least: a one-word heading ("News") is in many titles without being the headline.
      if (key.split(' ').length >= 3 && titles.some((title) => title.includes(key))) return heading;
    }
  }
  return document.querySelector('h1');
}

/** Elements whose text is a control or an icon, never part of a headline. */
const CONTROL_ELEMENTS = new Set(['BUTTON', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'svg', 'SELECT']);

/** An element's text without the text of controls inside it ("Headline" from "Headline <button>Save</button>"). */
export function readableText(node: DomNode): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT_NODE) out += child.textContent ?? '';
    else if (child.nodeType === ELEMENT_NODE && !CONTROL_ELEMENTS.has(child.nodeName)) out += ' ' + readableText(child) + ' ';
  }
  return out;
}
