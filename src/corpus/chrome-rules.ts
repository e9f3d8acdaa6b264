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
const TIME = '(?:(?:,|\\s[|–—-])?\\s*(?:at\\s*)?\\d{1,2}[:.]\\d{2}\\s*(?:[ap]\\.?m\\.?)?(?:\\s*[A-Z]{2,5})?)?';
const BARE_DATE = new RegExp(
  `^(?:${WEEKDAY}\\s*)?(?:${MONTH}\\s+${DAY},?\\s+\\d{4}|${DAY}\\s+${MONTH},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2,4})${TIME}$`,
  'i',
);

/** A time alone on a line: a live blog entry's stamp ("09:12", "8.40am", "11:04 PM EST"). */
const TIME_ONLY = /^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?$/i;

/** A photo credit in parentheses at the end of a line: `(Name / Agency)`, `(Photo: …)`, `(… Getty Images)`. */
const SLASH_CREDIT = /\(\p{Lu}[\p{L}\p{M}.'’ -]*(?:\/\s?\p{Lu}[\p{L}\p{M}.'’ -]*)+\)$/u;
/** A caption run into its credit without brackets: "…isn't easy.Kathrin Ziegler/Getty". */
const TRAILING_AGENCY_CREDIT =
  /\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,3} ?\/ ?(?:Getty(?: Images)?|AP|AFP|Reuters|EPA|Shutterstock|Bloomberg|Alamy|iStock)$/u;
/** A caption closed by where the picture came from: "The new keyboard, seen inside the laptop via iFixit". */
const TRAILING_VIA_CREDIT = /\svia \p{Lu}[\p{L}\p{N}.'’-]*(?: \p{Lu}[\p{L}\p{N}.'’-]*){0,2}$/u;
/** A line that is only picture credits: "Natalie Naccache | Bloomberg | Getty Images", "Getty Images". */
const AGENCY_CREDIT_LINE =
  /^(?:[\p{L}.'’ -]{1,40}(?:\||\/|,|\bvia\b) ?)?(?:[\p{L}.'’ -]{1,40}(?:\||\/) ?)?(?:getty images|shutterstock|ap photo|afp(?: photo)?|reuters|associated press|bloomberg|epa(?:-efe)?|alamy|istock(?:photo)?|wire services)$/iu;
const KEYWORD_CREDIT =
  /\((?:(?:photo|image|picture|credit|courtesy|file)\b[^()]*|[^()]*\b(?:getty images|shutterstock|ap photo|afp photo|reuters photo|epa-efe|photo by|photograph|via getty)\b[^()]*)\)$/i;
/** A picture agency's name alone in parentheses closing a caption: "(EPA)", "(AFP)", "(Reuters)". */
const AGENCY_ONLY_CREDIT = /\((?:AP|AFP|EPA|EPA-EFE|Reuters|Getty(?: Images)?|Shutterstock|Alamy|PA|PA Wire|Xinhua|Anadolu|Bloomberg|NASA|iStock)\)$/;

/** The end of a line that a trailing credit can sit in. */
const CREDIT_TAIL = 100;

function hasTrailingCredit(line: string): boolean {
  if (line.endsWith(')')) return SLASH_CREDIT.test(line) || KEYWORD_CREDIT.test(line) || AGENCY_ONLY_CREDIT.test(line);
  const tail = line.length > CREDIT_TAIL ? line.slice(-CREDIT_TAIL) : line;
  return (
    (tail.includes('/') && TRAILING_AGENCY_CREDIT.test(tail)) ||
    (line.length <= 200 && tail.includes(' via ') && TRAILING_VIA_CREDIT.test(tail) && atMostWords(line, 15))
  );
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
  /^(?:related|related (?:articles?|posts?|stories|news|content|topics)|latest (?:articles?|news|posts?|stories)|more (?:stories|news|articles)(?: from [\p{L} ]+)?|recommended(?: for you)?|you (?:may|might) also like|popular(?: posts| now)?|trending(?: now)?|most (?:read|popular)|read (?:more|next|also)|also read|see also|back to top(?: button)?|scroll to top|share(?: this(?: article| story)?)?(?: on [\p{L} ]+)?|tweet|print|next (?:article|post)|previous (?:article|post)|tags?|topics?|latest|recent (?:articles?|posts?|stories|news)|popular (?:this|last) (?:week|month)|continue reading(?: the main story| below| the article)?|view (?:author )?(?:archive|profile|comments)|e-?mail the (?:author|writer)|(?:order )?reprints?|print (?:this )?(?:article|story|page)|loading(?: content)?|advertisement continues below|story continues below(?: advertisement)?)[\s:.!…»›>]*$/iu;
const READ_MORE_LINK = /^(?:read more|read also|also read|see also|see more|related|recommended|watch|listen|more|filed under|tagged|categories)\s*:\s*\S/i;
/** An inline promo in brackets: "[Read: Why the port closed]", "[See more: …]". */
const BRACKETED_PROMO = /^\[\s*(?:read|see|watch|listen|related|more|also)\b[^\]]*\]$/i;
/** A slideshow or gallery counter: "1 of 18", "3 / 12". */
const SLIDE_COUNTER = /^(?:(?:image|photo|slide|picture)\s+)?\d{1,3}\s*(?:of|\/|of \/)\s*\d{1,3}\.?$/i;
/** Controls and labels of the page around a story: "Caption", "Close", "Text size", "Email", "By". */
const UI_LABEL =
  /^(?:caption|close|open|expand|collapse|menu|search|text size|font size|email|e-mail|print|by|highlights|show (?:more|less)|load more|view (?:gallery|comments|all)|(?:\d+\s*)?min(?:ute)?s?\s+read|reading time:?.{0,20}|more (?:great |top )?[\p{L}’' ]{0,30}(?:stories|news|articles))[.:]?$/iu;
/** A bare web address on a line of its own (a share link or a story's URL printed under it). */
const URL_LINE = /^(?:https?:\/\/|www\.)\S+$/i;
/** A web address inside a line: a short line pointing to one is a pointer ("Download: https://…"). */
const URL_IN_LINE = /\bhttps?:\/\/\S/i;
/** A number alone: a share or view counter ("2.289", "1,024"). */
const NUMBER_ONLY = /^\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?\s*[kKmM]?$/;
/** A line of style-sheet class names: lowercase tokens made of letters, digits, `-` and `_`. */
const CLASS_STRING = /^(?:[a-z][a-z0-9]*[-_][a-z0-9_-]*\s+)*[a-z][a-z0-9]*[-_][a-z0-9_-]*$/;
const HAS_DIGIT = /\d/;
const TEMPERATURE = /^[-+−–]?\d{1,3}(?:[.,]\d+)?\s*°?\s*[CF](?:\s+[\p{Lu}][\p{L}'’-]*){0,3}$/u;
const DEGREES = /^[-+−–]?\d{1,3}(?:[.,]\d+)?\s*°$/;
const POSTED_ON = /^(?:posted|published|updated|last updated|first published)(?:\s+(?:on|in|at|by))?\b/i;
const TIME_OR_MONTH_ABBREVIATION = /\b(?:[ap]\.m|[A-Z][a-z]{2})\.$/;
const BYLINE = /^[Bb][Yy]\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|and|&|\|)\s*[^.!?]*)?$/u;
/** A call to action: the reader is asked to follow, subscribe, join, listen or share on some channel. */
const CALL_TO_ACTION =
  /^(?:(?:please\s+)?(?:subscribe\b|sign(?:-| )up\b|register (?:now|here|for free)\b|follow (?:us|him|her|them|the)\b|join (?:us|our)\b|listen (?:to (?:the|our)|live|back|now)\b|download (?:the|our)\b|(?:click|tap) (?:here|the)\b|share (?:this|it)\b|get (?:breaking|the latest|our|unlimited|access|exclusive)\b|don'?t miss\b|never miss\b)|[^.!?]{0,60}\?\s*(?:share|follow|subscribe|sign up|let us know|tell us)\b)/i;
const CHANNEL =
  /\b(?:newsletters?|e-?mails?|inbox|twitter|facebook|instagram|youtube|linkedin|tiktok|whatsapp|telegram|podcasts?|itunes|spotify|apps?|forums?|alerts?|subscriptions?|subscribers?|channel|rss|feed|letterbox|print edition|delivered|friends?|updates)\b/i;
/** "Follow Newsbeat on Instagram, Facebook and YouTube": following someone on a social network. */
const FOLLOW_ON_NETWORK =
  /^(?:please\s+)?follow\b[^.!?]{0,60}\bon (?:twitter|x|instagram|facebook|youtube|linkedin|tiktok|threads|bluesky|mastodon)\b/i;
/** "Subscribe to …", "Sign up for …": the reader is asked to subscribe, whatever the channel. */
const SUBSCRIBE_TO = /^(?:please\s+)?(?:subscribe|sign(?:-| )up) (?:to|for|now|today|here)\b/i;
/** A postal or phone contact block: "… | 202-628-8500 tel | 202-628-8503 fax". */
const PHONE_CONTACT = /\b(?:tel|fax|phone|call)\b[^\d]{0,10}\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|\b\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}\s*(?:tel|fax|phone)\b/i;
/** An e-mail address: contact lines ("Write to … at jane.roe@example.com"). */
const EMAIL_ADDRESS = /[\w.+-]+@[\w-]+\.[\w.-]+/;
/** A social handle after a "follow"/"Twitter" word: "Follow her on Twitter @janeroe". */
const SOCIAL_HANDLE = /(?:twitter|follow|instagram)\b[^.]*@\w{2,}/i;
const COPYRIGHT = /(?:©|ⓒ|\(c\)\s*\d{4}|\bcopyright\s+(?:\d{4}|by)\b|^copyright\b|\ball rights reserved\b|\bsubject to copyright\b)/i;
/** Credits closing a report: "(Reporting by …; editing by …)", "… contributed to this report." */
const REPORTING_CREDIT = /^\(?(?:additional )?(?:reporting|writing|editing|research|compiled|translated)(?: and (?:writing|editing|reporting))? by\b/i;
const CONTRIBUTED = /\b(?:contributed|contributing) (?:to )?(?:this|the) (?:report|story|article)\b[.)]*$/i;
const ORIGINALLY_APPEARED = /^this (?:article|story|post|piece|interview) (?:was )?(?:originally |first )?(?:appeared|published|ran)\b/i;
const SOURCE_LINE = /^(?:sources?|citation)\s*:\s*\S/i;
const AFFILIATE_NOTICE = /^this (?:post|article|page|story|review) (?:may )?contains? (?:affiliate|sponsored|referral)\b/i;
/** A byline with its date: "By Jane Roe | November 18, 2019 at 2:26 PM", "By Jane Roe on Monday, …". */
const DATED_BYLINE =
  /^[Bb]y\s+\p{Lu}[^.!?]{0,80}?(?:\||\bon\b|,|[-–—])\s*(?:\w+day,?\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}|\d{1,2}\/\d{1,2}\/\d{2,4})/u;
/** A byline with the writer's beat: "Robert Burns, AP National Security Writer". */
const BYLINE_WITH_BEAT =
  /^\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){1,3}, [^.!?]{0,50}\b(?:writer|reporter|correspondent|editor|columnist|contributor|staff)$/iu;
const STAMP_WITH_DATE = /^(?:updated|published|posted|original|last (?:updated|modified))\b.{0,40}\b\d{4}\b/i;
const RULE_CHARACTERS = /^[-*_=~•·#+.–—\s]*$/;
const WHITESPACE = /\s+/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const short = (line: string, maxWords: number) => atMostWords(line, maxWords);
/**
 * Character bounds checked before any pattern: a line of 45 words is rarely over 400 characters, and
 * most paragraphs are longer, so most lines skip these rules' patterns altogether.
 */
const MAX_SHORT_LINE_CHARS = 400;
const MAX_NOTICE_CHARS = 500;


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
      UI_LABEL.test(line) ||
      (READ_MORE_LINK.test(line) && short(line, 25)),
  },
  {
    name: 'call-to-action',
    why: 'A line asking the reader to subscribe, follow, join, listen or share on a channel ("Follow us on Instagram", "Get breaking news alerts…"), or to write to an address, is about the site, not the story.',
    matches: (line) =>
      line.length <= MAX_SHORT_LINE_CHARS &&
      ((CALL_TO_ACTION.test(line) && CHANNEL.test(line)) ||
        SUBSCRIBE_TO.test(line) ||
        FOLLOW_ON_NETWORK.test(line) ||
        (PHONE_CONTACT.test(line) && line.length <= MAX_SHORT_LINE_CHARS) ||
        (line.includes('@') && (EMAIL_ADDRESS.test(line) || SOCIAL_HANDLE.test(line)))) &&
      short(line, 45),
  },
  {
    name: 'credit-or-notice',
    why: 'Copyright notices, "(Reporting by …; editing by …)", "… contributed to this report.", "This article originally appeared on …" and "Source: …" lines credit the work; they report nothing.',
    matches: (line) =>
      line.length <= MAX_NOTICE_CHARS &&
      (
      (COPYRIGHT.test(line) && short(line, 40)) ||
      (REPORTING_CREDIT.test(line) && short(line, 60)) ||
      (CONTRIBUTED.test(line) && short(line, 60)) ||
      (ORIGINALLY_APPEARED.test(line) && short(line, 40)) ||
      (SOURCE_LINE.test(line) && (short(line, 8) || URL_IN_LINE.test(line))) ||
      (AFFILIATE_NOTICE.test(line) && short(line, 40))),
  },
  {
    name: 'promo-or-counter',
    why: 'Bracketed inline promos ("[Read: …]"), slideshow counters ("1 of 18"), bare web addresses and style-sheet class strings are page furniture.',
    matches: (line) =>
      BRACKETED_PROMO.test(line) ||
      SLIDE_COUNTER.test(line) ||
      URL_LINE.test(line) ||
      NUMBER_ONLY.test(line) ||
      (CLASS_STRING.test(line) && (HAS_DIGIT.test(line) || line.includes(' '))),
  },
  {
    name: 'date-widget',
    why: 'A date alone on a line ("Monday, March 20, 2023", "February 21, 2022") is a page widget or dateline; the article date belongs in `published`.',
    matches: (line) => BARE_DATE.test(line) || TIME_ONLY.test(line),
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
    why: 'A line ending in a photo credit, "(Aris Messinis / AFP via Getty Images)", "(EPA)", "…/Getty", "via iFixit", is an image caption.',
    matches: hasTrailingCredit,
  },
  {
    name: 'photo-credit-line',
    why: 'Credit-only lines ("IMAGE SOURCE: …", "Photo: …") and "<Outlet> Photo" image placeholders carry no reporting.',
    matches: (line) =>
      (CREDIT_ONLY.test(line) && short(line, 15)) ||
      (OUTLET_PHOTO.test(line) && short(line, 6)) ||
      (line.length <= 150 && AGENCY_CREDIT_LINE.test(line) && short(line, 10)),
  },
  {
    name: 'posted-on',
    why: 'Post metadata ("Posted on", "Published on …", "Updated: …") repeats what front matter records.',
    matches: (line) =>
      (POSTED_ON.test(line) && short(line, 8) && !endsLikeSentence(line.replace(TIME_OR_MONTH_ABBREVIATION, ''))) ||
      (STAMP_WITH_DATE.test(line) && short(line, 20)),
  },
  {
    name: 'byline',
    why: 'A "By Jane Roe" line names the author, which front matter records; it is not a paragraph of the story.',
    matches: (line) =>
      (BYLINE.test(line) && short(line, 10)) ||
      (DATED_BYLINE.test(line) && short(line, 30)) ||
      (BYLINE_WITH_BEAT.test(line) && short(line, 10)),
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
 * @public (listed in src/corpus/README.md)
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
