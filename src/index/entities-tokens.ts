/**
 * A small word tokenizer for entity spotting. It keeps what name detection needs and a general
 * tagger throws away: exact offsets, the punctuation between words, capitalisation, possessives,
 * hyphen joins, and whether a word starts a sentence.
 */
import { fold, stripPossessive } from './names.js';

export interface Token {
  /** The word as written, possessive ending removed ("Macron’s" → "Macron"). */
  text: string;
  /** Folded `text`. */
  norm: string;
  start: number;
  end: number;
  /** Everything between the previous token and this one (spaces, punctuation, quote marks). */
  gap: string;
  possessive: boolean;
  /** Starts with a capital letter (or digit-bearing acronym like "G7"). */
  cap: boolean;
  /** Two or more letters, all capitals ("NATO", "US", "G7"). */
  acronym: boolean;
  /** First word of a sentence (or of the paragraph). */
  sentenceStart: boolean;
  /** Joined to the previous word by a hyphen with no spaces ("Lavrov-Blingen", "Jean-Yves"). */
  hyphenJoined: boolean;
  /** Followed by a stray symbol ("Sergeń≠ Viklov"): machine-translation debris. */
  garbled: boolean;
  /** Inside parentheses that look like a photo credit: "(Aris Messinis / AFP via Getty Images)". */
  credit: boolean;
}

const ABBREVIATIONS = new Set([
  'st',
  'mr',
  'mrs',
  'ms',
  'dr',
  'jr',
  'sr',
  'inc',
  'ltd',
  'co',
  'corp',
  'gen',
  'sen',
  'rep',
  'gov',
  'lt',
  'col',
  'prof',
  'no',
  'vs',
  'mt',
  'ft',
]);

const WORD = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*/gu;

/** Ranges of parenthesised photo credits, which name photographers and agencies, not news actors. */
function creditRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /\(([^()]{0,200})\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (/\/|\bvia\b|\bphoto\b|\bimages?\b|\bfile\b/i.test(m[1] ?? ''))
      out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

// Cheap first checks before the Unicode regexes: most words are plain ASCII, most gaps one space.
const isAsciiLower = (code: number): boolean => code >= 97 && code <= 122;
const isAsciiUpper = (code: number): boolean => code >= 65 && code <= 90;
/** ASCII characters that are not symbols (\p{S} in ASCII is $+<=>^`|~). */
// eslint-disable-next-line no-control-regex
const ASCII_NOT_SYMBOL = /^[\x00-\x23\x25-\x2a\x2c-\x3b\x3f-\x5d\x5f\x61-\x7b\x7d\x7f]$/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const credits = creditRanges(text);
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    let start = m.index;
    let word = m[0];
    // "20White", "20noted": MT output glues a date to the next word; split at digit→letter.
    // "NATOis", "FranceGermany": glued words split at an ALLCAPS→lower or a lower→Upper boundary.
    const glued = /\p{N}\p{L}|\p{Ll}\p{Lu}|\p{Lu}{2}\p{Ll}/u.test(word);
    const pieces = !glued
      ? [word]
      : word
          .split(/(?<=\p{N})(?=\p{L}{2,})/u)
          .flatMap((w) => w.split(/(?<=^\p{Lu}{2,})(?=\p{Ll}{2,}$)/u))
          .flatMap((w) => w.split(/(?<=^\p{Lu}\p{Ll}{3,})(?=\p{Lu}\p{Ll}{3,}$)/u));
    for (const piece of pieces) {
      let end = start + piece.length;
      word = piece;
      // Abbreviations and initials keep their full stop and do not end the sentence.
      if (text[end] === '.' && (ABBREVIATIONS.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word))) {
        end += 1;
        word += '.';
      }
      const gap = text.slice(last, start);
      const prev = tokens[tokens.length - 1];
      const first = word.charCodeAt(0);
      const sentenceStart =
        !prev || (gap !== ' ' && /[.!?]/.test(gap) && !(isAsciiLower(first) || /^\p{Ll}/u.test(word)));
      const lastChar = word[word.length - 1];
      const possessive = lastChar === 's' && /['’]s$/u.test(word);
      const bare = possessive
        ? stripPossessive(word)
        : lastChar === "'" || lastChar === '’'
          ? word.replace(/['’]$/u, '')
          : word;
      const bareFirst = bare.charCodeAt(0);
      const cap = isAsciiUpper(bareFirst) || (!isAsciiLower(bareFirst) && /^\p{Lu}/u.test(bare));
      const next = text.slice(end, end + 1);
      tokens.push({
        text: bare,
        norm: fold(bare),
        start,
        end,
        gap,
        possessive,
        cap,
        acronym: cap && /^(?:\p{Lu}\.?){2,}$|^\p{Lu}+\p{N}+$/u.test(bare),
        sentenceStart,
        hyphenJoined: gap === '-' && !!prev,
        credit: credits.length > 0 && credits.some(([a, b]) => start >= a && start < b),
        garbled: next !== '' && !ASCII_NOT_SYMBOL.test(next) && /\p{S}/u.test(next) && !/[$€£%+]/.test(next),
      });
      last = end;
      start = end;
    }
  }
  return tokens;
}

/** True when the gap between two words holds nothing but spaces (or a hyphen joining them). */
export function plainGap(gap: string): boolean {
  return /^[ \t\u00a0]+$/.test(gap) || gap === '-';
}
