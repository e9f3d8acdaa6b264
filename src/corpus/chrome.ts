/**
 * Removes page chrome from an article's units. Line-shape rules (chrome-rules.ts) run first; the
 * rules here need context: the lines around a line, the whole article, or its metadata.
 */
import type { Unit } from './blocks.js';
import { LINE_RULES, isCreditOnly, isOutletPhoto } from './chrome-rules.js';
import { atMostWords, comparable, endsLikeSentence, isPlainText } from './text.js';

export interface ChromeContext {
  title?: string;
  outlet?: string;
  author?: string;
}

/** A removed line and the rule that removed it (kept for tests and for debugging a new source). */
export interface Removal {
  rule: string;
  text: string;
}

export interface Cleaned {
  units: Unit[];
  /** `ctx.title`, or the first line left after line rules when the file gave none. */
  title?: string;
  removed: Removal[];
}

/** The rules that look beyond one line, documented like the line rules. */
export const CONTEXT_RULES: readonly { name: string; why: string }[] = [
  {
    name: 'photo-caption',
    why: 'The line directly above a credit-only line ("IMAGE SOURCE: …"), the line directly below an "<Outlet> Photo" placeholder, and a short name/title line (no final period) directly above a credited caption, in the same block, caption a picture.',
  },
  {
    name: 'outlet-or-author-line',
    why: 'A line that is exactly the outlet or author from the metadata ("Azerbaijan news") is a masthead or byline.',
  },
  {
    name: 'repeated-short-line',
    why: 'A short line (≤ 5 words, no final period) standing alone more than once is a masthead, footer or author box, not a heading.',
  },
  {
    name: 'repeated-title',
    why: 'The headline repeated in the body (the first line, or again above the picture) is the title, not paragraph 1.',
  },
  {
    name: 'author-bio',
    why: 'An author box: a sentence like "Melanie is an Australian-based reporter…" whose first word is the first name of the author (metadata, or the name line just above it), together with that name line, possibly repeated; and, in the last third of the article, such a bio opening with a name the story never used before and reporting no speech ("Lee Moran is a freelance writer living in Leeds").',
  },
  {
    name: 'link-list',
    why: 'A line that is all link text (web pages only) is a pointer to another page: related stories, teasers, "Read more on …" buttons. It goes when it is shaped like a headline (no final punctuation) or stands among other such lines; a sentence with a link in it stays. Three or more short unpunctuated headings in a row, each over a single headline-shaped line, are teasers for other stories.',
  },
  {
    name: 'pull-quote',
    why: 'A line standing alone whose words appear again within the three paragraphs around it is a pull quote; the paragraph keeps the words, so nothing is lost.',
  },
];

const PROFESSION =
  /\b(?:reporter|journalist|writer|editor|correspondent|author|columnist|contributor|freelancer?|photographer|photojournalist|producer|analyst|blogger|critic|covers|writes|reporting|writing)\b/i;
const BIO_START = /^(\p{Lu}[\p{L}'’-]+)(?:\s+\p{Lu}[\p{L}'’.-]+){0,2}\s+(?:is|was|has|covers|writes|reports|joined)\b/u;
/** "Melanie Sun", "Cedric Blackwater", "Jean-Yves Le Drian": 2 to 4 words, all capitalised, no punctuation. */
const NAME_LINE = /^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,3}$/u;
/** A unit this much link text (by characters) is a link, not prose with links in it. */
const ALL_LINK = 0.8;
/** List items this much link text, three or more in a row, are a list of links. */
const LINKED_ITEM = 0.3;
const MIN_LINKED_ITEMS = 3;
/** Longer lines are never treated as a headline when the file names no title. */
const MAX_TITLE_WORDS = 25;
const WHITESPACE_RUN = /\s+/;
/** A sentence that reports what someone said is news, not a writer's bio. */
const ATTRIBUTION = /\b(?:said|says|told|according to)\b/i;
/** A word as BIO_START captures a name: letters, apostrophes and hyphens. */
const WORD = /[\p{L}'’-]+/gu;
/** A line opening with a quotation mark (straight, curly or guillemet): a pull-quote candidate. */
const OPENING_QUOTE = /^["“‘'«]/;
const ASCII_LETTER_OR_DIGIT = /[A-Za-z0-9]/;
/** Final sentence or clause punctuation, possibly followed by closing quotes or brackets. */
const PUNCTUATED_END = /[.!?:;,]["'”’»)\]]*$/u;
/** The text up to its first `.`, `!` or `?` followed by a space or the end. */
const FIRST_SENTENCE = /^.*?[.!?](?=\s|$)/u;

export function stripChrome(input: Unit[], ctx: ChromeContext): Cleaned {
  const marks = markLines(input);
  removePhotoCaptions(marks);
  removeMetaLines(marks, ctx);
  removeRepeatedShortLines(marks);
  const title = removeRepeatedTitle(marks, ctx);
  removeAuthorBios(marks, ctx);
  removeLinkLists(marks);
  removeTeasers(marks);
  removeLinkedItems(marks);
  removePullQuotes(marks);

  const { units, rule } = marks;
  const removed: Removal[] = [];
  const out: Unit[] = [];
  units.forEach((u, i) => {
    const name = rule[i];
    if (name === undefined) out.push(u);
    else removed.push({ rule: name, text: u.text });
  });
  return { units: out, ...(title ? { title } : {}), removed };
}

/** An article's units with the rule that removed each (undefined while kept), and questions about them. */
interface Marks {
  units: Unit[];
  rule: (string | undefined)[];
  /** The unit's comparison key (computed once: keys are asked for many times per unit). */
  key(i: number): string;
  atMost(i: number, max: number): boolean;
  /** `i` is a unit no rule has removed. */
  kept(i: number): boolean;
  sameBlock(i: number, j: number): boolean;
  /** Marks a kept unit as removed by `name` (the first rule to remove a unit names it). */
  remove(i: number, name: string): void;
}

/** The units with the line rules applied (chrome-rules.ts). */
function markLines(units: Unit[]): Marks {
  const rule: (string | undefined)[] = units.map((u) =>
    u.heading ? undefined : LINE_RULES.find((r) => r.matches(u.text))?.name,
  );
  const keys: (string | undefined)[] = new Array<string | undefined>(units.length);
  const kept = (i: number) => i >= 0 && i < units.length && rule[i] === undefined;
  return {
    units,
    rule,
    key: (i: number): string => (keys[i] ??= comparable(units[i]!.text)),
    atMost: (i: number, max: number): boolean => atMostWords(units[i]!.text, max),
    kept,
    sameBlock: (i: number, j: number) => units[i]?.block === units[j]?.block,
    remove: (i: number, name: string) => {
      if (kept(i)) rule[i] = name;
    },
  };
}

/** photo-caption */
function removePhotoCaptions({ units, rule, atMost, sameBlock, remove }: Marks): void {
  units.forEach((u, i) => {
    if (rule[i] === 'captioned-photo-credit' && sameBlock(i - 1, i) && isShortNameLine(units[i - 1]!.text)) {
      remove(i - 1, 'photo-caption');
    }
    if (isCreditOnly(u.text) && sameBlock(i - 1, i) && atMost(i - 1, 60)) remove(i - 1, 'photo-caption');
    if (isOutletPhoto(u.text) && sameBlock(i + 1, i) && atMost(i + 1, 60)) remove(i + 1, 'photo-caption');
  });
}

/** outlet-or-author-line */
function removeMetaLines({ units, key, remove }: Marks, ctx: ChromeContext): void {
  const metaLines = new Set([ctx.outlet, ctx.author].filter((v): v is string => !!v).map(comparable));
  units.forEach((u, i) => {
    if (!u.heading && metaLines.size > 0 && metaLines.has(key(i))) remove(i, 'outlet-or-author-line');
  });
}

/** repeated-short-line */
function removeRepeatedShortLines({ units, key, atMost, kept, remove }: Marks): void {
  const counts = new Map<string, number>();
  const isShortLoneLine = (i: number) => !units[i]!.heading && !units[i]!.item && atMost(i, 5) && !endsLikeSentence(units[i]!.text);
  units.forEach((_, i) => {
    if (kept(i) && isShortLoneLine(i)) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
  });
  units.forEach((_, i) => {
    if (kept(i) && isShortLoneLine(i) && (counts.get(key(i)) ?? 0) > 1) remove(i, 'repeated-short-line');
  });
}

/** repeated-title, with the fallback title taken from the first line left; returns the title. */
function removeRepeatedTitle({ units, key, kept, remove }: Marks, ctx: ChromeContext): string | undefined {
  let title = ctx.title;
  let titleInBody = true;
  if (!title) {
    const first = units.findIndex((_, i) => kept(i));
    if (first >= 0) ({ title, isHeadline: titleInBody } = titleFrom(units[first]!.text));
  }
  if (title && titleInBody) {
    const titleKey = comparable(title);
    units.forEach((u, i) => {
      if (couldBe(u.text, titleKey) && key(i) === titleKey) remove(i, 'repeated-title');
    });
  }
  return title;
}

/** author-bio */
function removeAuthorBios({ units, atMost, kept, remove }: Marks, ctx: ChromeContext): void {
  // A name the story never used before: a bio line about its writer, not about a person in it.
  let firstUse: Map<string, number> | undefined;
  const namedBefore = (name: string, i: number) => {
    if (!firstUse) {
      firstUse = new Map();
      units.forEach((u, j) => {
        for (const word of u.text.match(WORD) ?? []) if (!firstUse!.has(word)) firstUse!.set(word, j);
      });
    }
    return (firstUse.get(name) ?? i) < i;
  };
  const authorFirst = ctx.author?.split(WHITESPACE_RUN)[0];
  units.forEach((u, i) => {
    const m = kept(i) ? BIO_START.exec(u.text) : null;
    if (!m || !PROFESSION.test(u.text) || !atMost(i, 120)) return;
    const first = m[1]!;
    const above = units[i - 1];
    const namedAbove = above !== undefined && NAME_LINE.test(above.text) && above.text.split(WHITESPACE_RUN)[0] === first;
    const closingBio = i >= (units.length * 2) / 3 && !ATTRIBUTION.test(u.text) && !namedBefore(first, i);
    if (first !== authorFirst && !namedAbove && !closingBio) return;
    remove(i, 'author-bio');
    for (let j = i - 1; j >= 0 && NAME_LINE.test(units[j]!.text) && units[j]!.text.split(WHITESPACE_RUN)[0] === first; j--) {
      remove(j, 'author-bio');
    }
  });
}

/** link-list: lines that are all link text. */
function removeLinkLists({ units, kept, remove }: Marks): void {
  const allLink = (i: number) => (units[i]?.links ?? 0) >= ALL_LINK;
  units.forEach((u, i) => {
    if (!kept(i) || !allLink(i)) return;
    // A heading that is a link heads a teaser (another story), not a part of this one.
    if (u.heading || !endsLikeSentence(u.text) || allLink(i - 1) || allLink(i + 1)) remove(i, 'link-list');
  });
}

/**
 * link-list: teasers, three or more short headings in a row that each stand over a single
 * headline-shaped line ("EYE POPPING" / "Man has tricep removed after…"): other stories, not parts of this one.
 */
function removeTeasers({ units, atMost, sameBlock, remove }: Marks): void {
  const teaser = (i: number) =>
    i + 1 < units.length &&
    !!units[i]!.heading &&
    atMost(i, 8) &&
    !PUNCTUATED_END.test(units[i]!.text) &&
    !units[i + 1]!.heading &&
    atMost(i + 1, 25) &&
    !endsLikeSentence(units[i + 1]!.text) &&
    (i + 2 === units.length || !!units[i + 2]!.heading || !sameBlock(i + 1, i + 2));
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (teaser(j)) j += 2;
    if (j - i >= 2 * MIN_LINKED_ITEMS) for (let k = i; k < j; k++) remove(k, 'link-list');
    i = Math.max(j, i + 1);
  }
}

/** link-list: a run of short list items that all carry links ("More stories": headline links with a kicker). */
function removeLinkedItems({ units, atMost, remove }: Marks): void {
  const linkedItem = (i: number) =>
    i >= 0 && i < units.length && !!units[i]!.item && (units[i]!.links ?? 0) >= LINKED_ITEM && atMost(i, 25);
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (linkedItem(j)) j++;
    if (j - i >= MIN_LINKED_ITEMS) for (let k = i; k < j; k++) remove(k, 'link-list');
    i = Math.max(j, i + 1);
  }
}

/** pull-quote */
function removePullQuotes({ units, key, atMost, kept, sameBlock, remove }: Marks): void {
  const alone = (i: number) => !sameBlock(i - 1, i) && !sameBlock(i + 1, i);
  units.forEach((u, i) => {
    // Only sentence-like or quoted lines: a short heading whose words recur below must stay a heading.
    const quoteLike = OPENING_QUOTE.test(u.text) || endsLikeSentence(u.text);
    if (!kept(i) || u.heading || !alone(i) || !quoteLike || atMost(i, 4)) return;
    const own = key(i);
    const near = neighbours(i, 3, kept, units.length);
    if (near.some((j) => key(j).length > own.length && key(j).includes(own))) {
      remove(i, 'pull-quote');
    }
  });
}

/**
 * False when `comparable(text)` clearly differs from `key`: for text of plain characters (see
 * comparable) the key starts with the first letter or digit of the text, lowercased.
 */
function couldBe(text: string, key: string): boolean {
  const first = ASCII_LETTER_OR_DIGIT.exec(text);
  if (!first || !isPlainText(text.slice(0, first.index + 1))) return true;
  return first[0].toLowerCase() === key[0];
}

/** "Secretary of State Antony Blinken": a caption that only names who is pictured. */
function isShortNameLine(text: string): boolean {
  return atMostWords(text, 8) && !endsLikeSentence(text);
}

/** Up to `n` kept units on each side of `i`. */
function neighbours(i: number, n: number, kept: (j: number) => boolean, length: number): number[] {
  const after: number[] = [];
  const before: number[] = [];
  for (let j = i + 1; j < length && after.length < n; j++) if (kept(j)) after.push(j);
  for (let j = i - 1; j >= 0 && before.length < n; j--) if (kept(j)) before.push(j);
  return [...after, ...before];
}

/**
 * The headline when the file gives none: the first line, when it is shaped like one (at most
 * MAX_TITLE_WORDS words, no final period), and then removed from the body like any repeated title.
 * A first line that reads as a sentence or a whole paragraph stays in the body; its first words (up
 * to the first sentence end) serve as the title.
 */
function titleFrom(text: string): { title: string; isHeadline: boolean } {
  if (atMostWords(text, MAX_TITLE_WORDS) && !PUNCTUATED_END.test(text)) return { title: text, isHeadline: true };
  const words = text.split(' ');
  const firstSentence = FIRST_SENTENCE.exec(text)?.[0];
  if (firstSentence && atMostWords(firstSentence, MAX_TITLE_WORDS)) return { title: firstSentence, isHeadline: false };
  return { title: `${words.slice(0, 12).join(' ')}…`, isHeadline: false };
}
