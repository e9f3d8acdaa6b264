/**
 * Publication dates in the text a reader sees: a dateline near the headline, a date after a label
 * ("Published on"), and, as last resorts, an element marked as a date or a dated link to the page itself.
 */
import { firstTextDate } from './date-values.js';
import { ELEMENT_NODE, TEXT_NODE } from './dom.js';
import type { DomDocument, DomNode } from './dom.js';
import { insidePageChrome } from './page-dates-markup.js';
import type { DateCandidate, PageDateOptions } from './page-dates.js';
import { pageUrl } from './page-dates-url.js';
import { headlineElement } from './page-headline.js';
import { matchesOf } from './text.js';

/** "Updated", "Last updated", "Aktualisiert am", "Mis à jour le", "Actualizado": a change's date, not the article's. */
const UPDATE_LABEL = /(?<!\p{L})(?:updated|update|aktualisiert|geändert|mis à jour|modifié|actualizado|aggiornato|atualizado|bijgewerkt)(?!\p{L})[^\p{L}]*(?:\p{L}+[^\p{L}]*){0,2}$/iu;

/** How much text around the headline is searched for a dateline (before it, and after it). */
const BEFORE_HEADLINE = 200;
const AFTER_HEADLINE = 1000;
/** A dateline is a short line; a longer one is a paragraph of the story or a list of links. */
const DATELINE_MAX = 150;
/** A paragraph may open with its dateline ("Karlsruhe, (12.11.2021). Traditionally…", "27.1.2022 – In…"). */
const DATELINE_LEAD = 40;
/** A standfirst may come before the dateline; after two paragraphs, the story has begun. */
const PARAGRAPHS_BEFORE_DATELINE = 1;
/** How much of a dateline's line before the date is kept, to see what labels it ("Updated", "Aktualisiert am"). */
const LABEL_BEFORE = 40;
/** How much of a dateline's line after the date is looked at for an update ("… / Updated 8 hours ago"). */
const LABEL_AFTER = 60;
/** "Updated", "Aktualisiert", "Mis à jour" after the date on a dateline's line. */
const UPDATE_AFTER = /(?<!\p{L})(?:updated|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt)(?!\p{L})/iu;
/** A run of white space, newlines included: one space in a line of text. */
const SPACE_RUN = /\s+/g;
/** Elements inside a line of text; every other element starts a line of its own. */
const INLINE = new Set(
  'A ABBR B BDI BDO BIG CITE CODE DATA DEL DFN EM FONT I IMG INS KBD LABEL MARK Q S SMALL SPAN STRONG SUB SUP TIME U VAR WBR'.split(' '),
);
const NOT_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON', 'SELECT', 'OPTION']);

interface Sibling extends DomNode {
  nextSibling?: DomNode | null;
  previousSibling?: DomNode | null;
}

/**
 * A date written near the `<h1>`: "Tue Dec 30, 2014", "18. März 2015". The text right after the
 * headline first (where bylines and datelines sit), then the text just before it (a kicker line).
 */
export function datelineDates(document: DomDocument): DateCandidate[] {
  const headline = headlineElement(document);
  if (!headline) return [];
  const out: DateCandidate[] = [];
  const own = visibleText(headline, AFTER_HEADLINE);
  out.push(...datelineIn(textAfter(headline, AFTER_HEADLINE), false));
  const inHeadline = firstTextDate(own);
  if (inHeadline?.date) out.push({ date: inHeadline.date, source: 'dateline', distance: 0 });
  out.push(...datelineIn(textBefore(headline, BEFORE_HEADLINE), true));
  return out;
}

/**
 * The first date on a short line of `text` (nearest the headline first): a dateline is a line of its
 * own ("Monday, 6 January 2020", "By Jane Doe | 18.03.2015"), while a date inside a paragraph is
 * what the story is about ("on 21 and 22 May 2022 the fair…").
 */
function datelineIn(text: string, nearestLast: boolean): DateCandidate[] {
  const updates: DateCandidate[] = [];
  const lines = text.split('\n');
  if (nearestLast) lines.reverse();
  let distance = 0;
  let paragraphs = 0;
  for (const line of lines) {
    const trimmed = line.trim();
    const found = firstTextDate(trimmed.length <= DATELINE_MAX ? trimmed : trimmed.slice(0, DATELINE_LEAD));
    if (found?.date) {
      const before = trimmed.slice(Math.max(0, found.index - LABEL_BEFORE), found.index);
      const dateline: DateCandidate = { date: found.date, source: 'dateline', distance: distance + found.index, before };
      if (UPDATE_AFTER.test(trimmed.slice(found.index, found.index + LABEL_AFTER))) dateline.revised = true;
      // "Updated May 6, 2019": kept aside (it says the page changed), and the dateline may follow.
      if (!UPDATE_LABEL.test(before)) return [...updates, dateline];
      updates.push({ ...dateline, updated: true });
    }
    if (trimmed.length > DATELINE_MAX && ++paragraphs > PARAGRAPHS_BEFORE_DATELINE) break;
    distance += trimmed.length + (trimmed ? 1 : 0);
  }
  return updates;
}

/** Up to `limit` characters of text after `node` in document order (its own text excluded). */
function textAfter(node: DomNode, limit: number): string {
  let out = '';
  for (let next = besideOf(node, 'nextSibling'); next && out.length < limit; next = besideOf(next, 'nextSibling')) {
    out += ' ' + visibleText(next, limit - out.length);
  }
  return out.slice(0, limit);
}

/** Up to `limit` characters of text before `node`, nearest last. */
function textBefore(node: DomNode, limit: number): string {
  let out = '';
  for (let previous = besideOf(node, 'previousSibling'); previous && out.length < limit; previous = besideOf(previous, 'previousSibling')) {
    out = visibleText(previous, Infinity).slice(-limit) + ' ' + out;
  }
  return out.slice(-limit);
}

/** The node next to `node` on one side in document order: its sibling, or its nearest ancestor's. */
function besideOf(node: DomNode, side: 'nextSibling' | 'previousSibling'): DomNode | null {
  let current: DomNode | null | undefined = node;
  while (current) {
    const beside = (current as Sibling)[side];
    if (beside) return beside;
    current = current.parentNode;
  }
  return null;
}

/** The text of a node a reader sees, up to about `limit` characters, a line for each block. */
function visibleText(node: DomNode, limit: number): string {
  if (node.nodeType === TEXT_NODE) return (node.textContent ?? '').replace(SPACE_RUN, ' ');
  if (node.nodeType !== ELEMENT_NODE || NOT_TEXT.has(node.nodeName)) return '';
  if (node.nodeName === 'BR') return '\n';
  const inline = INLINE.has(node.nodeName);
  let out = inline ? '' : '\n';
  for (const child of Array.from(node.childNodes)) {
    if (out.length >= limit) break;
    const text = visibleText(child, limit - out.length);
    if (text) out += ' ' + text;
  }
  return inline ? out : out + '\n';
}


// ---------------------------------------------------------------------------------------------------
// A date with a label

/** How much of the page's text is searched for a labelled date. */
const LABEL_SCAN = 20_000;
/**
 * A word that says the date after it is the publication's, in the languages of the pages we meet:
 * "Published on", "Veröffentlicht am", "Erschienen am", "Datum:", "Publié le", "Pubblicato il".
 * "Updated", "Stand" and "Letzte Änderung" are not among them: they date a change, not the article.
 */
const PUBLICATION_LABEL =
  /(?<!\p{L})(?:published|posted|written|publication date|date|datum|veröffentlicht|erschienen|publiziert|erstellt|publié|publiée|publication|mis en ligne|mise en ligne|pubblicato|publicado|publicada|gepostet)(?!\p{L})(?:\s+(?:on|am|le|il|el|at|de))?\s*:?/giu;
/** How far after the label the date may start (a weekday or a place may come between). */
const LABEL_REACH = 30;

export function labelledDates(document: DomDocument): DateCandidate[] {
  const body = document.body;
  if (!body) return [];
  const text = visibleText(body, LABEL_SCAN).slice(0, LABEL_SCAN);
  const out: DateCandidate[] = [];
  for (const m of matchesOf(PUBLICATION_LABEL, text)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + LABEL_REACH + 40);
    const found = firstTextDate(after);
    if (found?.date && found.index <= LABEL_REACH) out.push({ date: found.date, source: 'label' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// An element marked as a date

/**
 * A class or id that says an element holds a date or a post's details: "date", "post-date",
 * "entry-meta", "datum", "byline", "published", "posted" — the words publishing systems' templates
 * use for the line under a headline, whatever the site.
 */
const DATE_MARK = /(?:^|[\s_-])(?:date|datum|dateline|time|timestamp|published|posted|pubdate|byline|meta|entry-meta|post-meta|info|article-info|submitted)(?:$|[\s_-])/i;
const DATE_MARK_WORD = /date|datum|time|publi|posted|byline|meta|info|submitted/i;
/** "Last modified on", "edited", "revision", "updated": a page's change, not its publication. */
const CHANGE_LABEL = /modified|edited|revision|updated|update|aktualisiert|geändert|bearbeitet|mis à jour|modifié|actualizado|aggiornato/i;
/** The text of a marked element that can be a dateline: short. */
const MARKED_MAX = 120;
/** Elements looked at (a page lists its teasers' dates too; the article's own comes first). */
const MARKED_SCAN = 3000;

/**
 * The first date in an element whose class or id marks it as a date, outside the page's header,
 * navigation, side bars and footer: the last resort for a page with no other date. Dates in several
 * such elements that disagree are a list of items (teasers, comments), and then none is used.
 */
export function markedDates(document: DomDocument): DateCandidate[] {
  const found: string[] = [];
  /** Marked elements whose date is a change's ("last edited: <span class="date">…</span>"): nothing inside them counts. */
  const changes = new Set<DomNode>();
  let looked = 0;
  for (const element of Array.from(document.querySelectorAll('[class], [id]'))) {
    if (++looked > MARKED_SCAN) break;
    const mark = `${element.getAttribute?.('class') ?? ''} ${element.getAttribute?.('id') ?? ''}`;
    if (!DATE_MARK_WORD.test(mark) || !DATE_MARK.test(mark.toLowerCase())) continue;
    if (insidePageChrome(element) || inside(element, changes)) continue;
    const text = visibleText(element, MARKED_MAX + 1).replace(SPACE_RUN, ' ').trim();
    if (text.length > MARKED_MAX) continue;
    const date = firstTextDate(text);
    if (!date?.date) continue;
    if (CHANGE_LABEL.test(text.slice(0, date.index))) changes.add(element);
    else found.push(date.date);
  }
  return found.length > 0 ? [{ date: found[0]!, source: 'marked' }] : [];
}

function inside(node: DomNode, ancestors: Set<DomNode>): boolean {
  if (ancestors.size === 0) return false;
  for (let up = node.parentNode; up; up = up.parentNode) if (ancestors.has(up)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------
// A dated link to the page itself

/** Links looked at, and the longest link text that is a teaser (a date, a title, a line of summary). */
const LINK_SCAN = 3000;
const TEASER_MAX = 300;

/**
 * The date on a link to the page's own address: a "latest articles" list that includes this article
 * ("10.11.2021 Menschenrechte achten …"). A link with a `#fragment` or `?query` (a comment's
 * permalink, "March 3, 2020 at 5:00 pm") is not the page's own; links that disagree give no date.
 */
export function selfLinkDates(document: DomDocument, opts: PageDateOptions): DateCandidate[] {
  const address = pageUrl(document, opts.url);
  if (!address) return [];
  const own = samePage(address);
  const found = new Set<string>();
  let looked = 0;
  for (const link of Array.from(document.querySelectorAll('a[href]'))) {
    if (++looked > LINK_SCAN) break;
    const href = link.getAttribute?.('href') ?? '';
    if (href.includes('#') || href.includes('?')) continue;
    let target: string;
    try {
      target = samePage(new URL(href, address).href);
    } catch {
      continue;
    }
    if (target !== own) continue;
    const text = visibleText(link, TEASER_MAX + 1).replace(SPACE_RUN, ' ').trim();
    if (text.length > TEASER_MAX) continue;
    const date = firstTextDate(text)?.date;
    if (date) found.add(date);
  }
  return found.size === 1 ? [{ date: [...found][0]!, source: 'self-link' }] : [];
}

/** An address without its scheme, query, fragment and final slash: `www.awo.org/menschenrechte-achten`. */
function samePage(href: string): string {
  const url = new URL(href);
  return `${url.host}${url.pathname.replace(TRAILING_SLASH, '')}`.toLowerCase();
}
const TRAILING_SLASH = /\/+$/;
