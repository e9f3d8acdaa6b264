/**
 * Line-shape rules for page chrome: text that a saved web page carries around an article but that is
 * not the article. Each rule looks at one line on its own and describes a *kind* of line (a comment
 * form, a weather widget), never one site's exact text. Rules that need the lines around a line
 * (captions above a credit, author bio boxes, repeated lines, pull quotes) live in chrome.ts.
 */
import { atMostWords, endsLikeSentence } from './text.js';

export interface LineRule {
  name: string;
  /** Why lines of this shape are never article text. */
  why: string;
  matches(line: string): boolean;
}

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
const TIME = '(?:,?\\s*(?:at\\s*)?\\d{1,2}[:.]\\d{2}\\s*(?:[ap]\\.?m\\.?)?(?:\\s*[A-Z]{2,5})?)?';
const BARE_DATE = new RegExp(
  `^(?:${WEEKDAY}\\s*)?(?:${MONTH}\\s+${DAY},?\\s+\\d{4}|${DAY}\\s+${MONTH},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2,4})${TIME}$`,
  'i',
);

/** A photo credit in parentheses at the end of a line: `(Name / Agency)`, `(Photo: …)`, `(… Getty Images)`. */
const SLASH_CREDIT = /\(\p{Lu}[\p{L}\p{M}.'’ -]*\s?\/\s?\p{Lu}[\p{L}\p{M}.'’ -]*\)$/u;
const KEYWORD_CREDIT =
  /\((?:(?:photo|image|picture|credit|courtesy|file)\b[^()]*|[^()]*\b(?:getty images|shutterstock|ap photo|afp photo|reuters photo))\)$/i;

export function hasTrailingCredit(line: string): boolean {
  return line.endsWith(')') && (SLASH_CREDIT.test(line) || KEYWORD_CREDIT.test(line));
}

/** A line that is only a credit: `IMAGE SOURCE: POLITICO EU`, `Photo: Jane Roe`, `Credit: City of Leeds`. */
const CREDIT_ONLY = /^(?:(?:image|photo|picture|video)\s*(?:source|credit)?s?|credits?|source of (?:the )?(?:image|photo))\s*:\s*\S/i;

/** `Epoch Times Photo`, `AP Photo`, `File Image`: a publication's image placeholder with no caption of its own. */
// Every word before the keyword is capitalised, so "Take a photo" is not one. (No `i` flag: with it,
// `\p{Lu}` would match lowercase letters too.)
const OUTLET_PHOTO = /^(?:[\p{Lu}\d][\p{L}\p{N}.&'’-]*\s){1,5}(?:[Pp]hoto|PHOTO|[Ii]mage|IMAGE|[Pp]icture|[Ii]llustration|[Gg]raphic|[Vv]ideo)$/u;

// Every pattern is a module-level constant, never a literal inside a rule's function: V8 drops the
// compiled code of a regex literal that has not run for two major collections and compiles it again
// on its next use, a few milliseconds for these (answers check a question against every rule).
const HTML_COMMENT_START = /^<?!--/;
const HTML_TAG_LINE = /^<\/?[a-z][\w-]*(?:\s[^>]*)?\/?>?$/i;
const EMBED_TAG = /^<(?:script|style|iframe|noscript|link|meta|img)\b/i;
const TRACKER_CALL = /\b(?:gtag|dataLayer\.push|googletag\.\w+|fbq|_gaq\.push)\s*\(/;
const WINDOW_ASSIGNMENT = /^window\.\w+\s*=/;
const COMMENT_PROMPT =
  /^(?:leave a (?:reply|comment)|post a comment|add a comment|join the (?:conversation|discussion)|cancel reply|(?:post|submit) comment|comments?)\b[\s\S]{0,30}$/i;
const EMAIL_NOT_PUBLISHED = /^your email address will not be published\b/i;
const REQUIRED_FIELDS = /^required fields are marked\b/i;
const PLEASE_ENTER = /^please enter (?:your|a valid) (?:comment|name|e-?mail)/i;
const INCORRECT_ENTRY = /^you have entered an incorrect (?:e-?mail|name)/i;
const SAVE_MY_NAME = /^save my name,? e-?mail/i;
const COMMENT_COUNT = /^\d+ comments?$/i;
const NEWSLETTER_LINE =
  /^(?:newsletter(?: sign-?up)?|stay (?:connected|updated|informed)|follow us(?: on [\p{L} ]+)?|subscribe(?: now| today| for free| here)?|sign up(?: now| today| here)?|get our newsletter)[.!:]?$/iu;
const SUBSCRIBE = /\b(?:subscribe|sign(?:-| )?up)\b/i;
const NEWSLETTER_WORD = /\bnewsletters?\b/i;
const AD_MARKER = /^[-–—*\s]*(?:advertisement|advertising|sponsored(?: content)?|ad)[-–—*\s]*$/i;
const NAVIGATION_LINE =
  /^(?:related|related (?:articles?|posts?|stories|news|content|topics)|latest (?:articles?|news|posts?|stories)|more (?:stories|news|articles)(?: from [\p{L} ]+)?|recommended(?: for you)?|you (?:may|might) also like|popular(?: posts| now)?|trending(?: now)?|most (?:read|popular)|read (?:more|next|also)|also read|see also|back to top(?: button)?|scroll to top|share(?: this(?: article| story)?)?(?: on [\p{L} ]+)?|tweet|print|next (?:article|post)|previous (?:article|post)|tags?|topics?)[\s:.!…»›>]*$/iu;
const READ_MORE_LINK = /^(?:read more|read also|also read|see also|related|recommended|watch)\s*:\s*\S/i;
const TEMPERATURE = /^[-+−–]?\d{1,3}(?:[.,]\d+)?\s*°?\s*[CF](?:\s+[\p{Lu}][\p{L}'’-]*){0,3}$/u;
const DEGREES = /^[-+−–]?\d{1,3}(?:[.,]\d+)?\s*°$/;
const POSTED_ON = /^(?:posted|published|updated|last updated|first published)(?:\s+(?:on|in|at|by))?\b/i;
const TIME_OR_MONTH_ABBREVIATION = /\b(?:[ap]\.m|[A-Z][a-z]{2})\.$/;
const BYLINE = /^[Bb][Yy]\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|and|&|\|)\s*[^.!?]*)?$/u;
const RULE_CHARACTERS = /^[-*_=~•·#+.–—\s]*$/;
const WHITESPACE = /\s+/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const short = (line: string, maxWords: number) => atMostWords(line, maxWords);

export const LINE_RULES: readonly LineRule[] = [
  {
    name: 'tracking-snippet',
    why: 'Analytics tags and markup fragments left in copied pages (`!-- Google tag (gtag.js) -->`, `<script …>`, `gtag(…)`) are code, not prose.',
    matches: (line) =>
      HTML_COMMENT_START.test(line) ||
      line.endsWith('-->') ||
      HTML_TAG_LINE.test(line) ||
      EMBED_TAG.test(line) ||
      (line.includes('(') && TRACKER_CALL.test(line)) ||
      WINDOW_ASSIGNMENT.test(line),
  },
  {
    name: 'comment-form',
    why: 'The comment box under an article ("Leave a Reply", "Your email address will not be published", "Please enter your comment!") is a form, not the story.',
    matches: (line) =>
      (COMMENT_PROMPT.test(line) &&
        short(line, 6)) ||
      EMAIL_NOT_PUBLISHED.test(line) ||
      REQUIRED_FIELDS.test(line) ||
      PLEASE_ENTER.test(line) ||
      INCORRECT_ENTRY.test(line) ||
      SAVE_MY_NAME.test(line) ||
      COMMENT_COUNT.test(line),
  },
  {
    name: 'newsletter-prompt',
    why: 'Subscription boxes, "Stay Connected" social blocks and "- Advertisement -" markers ask the reader to do something; they report nothing.',
    matches: (line) =>
      NEWSLETTER_LINE.test(line) ||
      (SUBSCRIBE.test(line) && NEWSLETTER_WORD.test(line) && short(line, 40)) ||
      AD_MARKER.test(line),
  },
  {
    name: 'navigation-link',
    why: 'Link lists and buttons around an article ("Related Articles", "Latest Articles", "Read more: …", "Back to top button") point elsewhere.',
    matches: (line) =>
      NAVIGATION_LINE.test(line) ||
      (READ_MORE_LINK.test(line) && short(line, 25)),
  },
  {
    name: 'date-widget',
    why: 'A date alone on a line ("Monday, March 20, 2023", "February 21, 2022") is a page widget or dateline; the article date belongs in `published`.',
    matches: (line) => BARE_DATE.test(line),
  },
  {
    name: 'weather-widget',
    why: 'A temperature alone on a line ("-0.6 C", "12°C London") is a site-header weather widget.',
    matches: (line) =>
      TEMPERATURE.test(line) ||
      DEGREES.test(line),
  },
  {
    name: 'captioned-photo-credit',
    why: 'A line ending in a parenthesised photo credit, "(Aris Messinis / AFP via Getty Images)", is an image caption.',
    matches: hasTrailingCredit,
  },
  {
    name: 'photo-credit-line',
    why: 'Credit-only lines ("IMAGE SOURCE: …", "Photo: …") and "<Outlet> Photo" image placeholders carry no reporting.',
    matches: (line) => (CREDIT_ONLY.test(line) && short(line, 15)) || (OUTLET_PHOTO.test(line) && short(line, 6)),
  },
  {
    name: 'posted-on',
    why: 'Post metadata ("Posted on", "Published on …", "Updated: …") repeats what front matter records.',
    matches: (line) =>
      POSTED_ON.test(line) &&
      short(line, 8) &&
      !endsLikeSentence(line.replace(TIME_OR_MONTH_ABBREVIATION, '')),
  },
  {
    name: 'byline',
    why: 'A "By Jane Roe" line names the author, which front matter records; it is not a paragraph of the story.',
    matches: (line) =>
      BYLINE.test(line) &&
      short(line, 10),
  },
  {
    name: 'separator',
    why: 'Rules and dingbats ("* * *", "———") divide a page; they have no words.',
    matches: (line) =>
      (RULE_CHARACTERS.test(line) && line.replace(WHITESPACE, '').length >= 3) || !LETTER_OR_DIGIT.test(line),
  },
];

/** The first line rule a line matches, if any. */
export function lineRuleFor(line: string): LineRule | undefined {
  return LINE_RULES.find((rule) => rule.matches(line));
}

export function isCreditOnly(line: string): boolean {
  return CREDIT_ONLY.test(line);
}
export function isOutletPhoto(line: string): boolean {
  return OUTLET_PHOTO.test(line) && short(line, 6);
}

/**
 * Machine-translation artifacts: phrases a translator emits for a grammatical ending, which appear as
 * a nonsense "sentence" after a real one. " rice field." is how one Japanese-to-English engine renders
 * a sentence-final 「でした」 (read as 田, "rice field"). Removed only at the very end of a paragraph,
 * after sentence-final punctuation, where the phrase cannot be part of the reporting.
 */
export const MT_ARTIFACTS = ['rice field'] as const;
const MT_AT_END = new RegExp(`([.!?…]["'”’»)\\]]*)\\s+(?:${MT_ARTIFACTS.join('|')})\\.?$`, 'i');

const FINAL_DOT = /\.$/;
const MT_LONGEST = Math.max(...MT_ARTIFACTS.map((a) => a.length)) + 1;

export function stripMtArtifact(paragraph: string): string {
  // The regex scans the whole paragraph; the artifact can only be at its very end.
  const tail = paragraph.slice(-MT_LONGEST).toLowerCase().replace(FINAL_DOT, '');
  if (!MT_ARTIFACTS.some((a) => tail.endsWith(a))) return paragraph;
  return paragraph.replace(MT_AT_END, '$1');
}
