/**
 * The inline Markdown reducer scans links, images and strong text in linear time; these properties
 * hold it to the regular expressions it replaced (kept here as the reference), on random text made
 * of the characters that matter to them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inline } from '../../src/corpus/markdown.js';

const IMAGE = /!\[[^\]]*\]\([^)]*\)/g;
const INLINE_LINK = /\[([^\]]+)\]\([^)]*\)/g;
const REFERENCE_LINK = /\[([^\]]+)\]\[[^\]]*\]/g;
const STRONG = /(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g;
const STAR_EMPHASIS = /(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])/g;
const UNDERSCORE_EMPHASIS = /(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])/g;
const CODE_SPAN = /`([^`]+)`/g;

function reference(text: string): string {
  return text
    .replace(IMAGE, '')
    .replace(INLINE_LINK, '$1')
    .replace(REFERENCE_LINK, '$1')
    .replace(STRONG, '$2')
    .replace(STAR_EMPHASIS, '$1')
    .replace(UNDERSCORE_EMPHASIS, '$1')
    .replace(CODE_SPAN, '$1')
    .trim();
}

const markdownish = fc
  .array(fc.constantFrom('[', ']', '(', ')', '!', '*', '**', '_', '__', '`', ' ', 'a', 'b c', 'url'), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('inline Markdown', () => {
  it('gives what the regular expressions gave, on random markup', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        expect(inline(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('reduces links, images and strong text to their words', () => {
    expect(inline('See ![a chart](c.png) the [full report](https://x.test/r) and [notes][1], **now**.')).toBe(
      'See  the full report and notes, now.',
    );
  });
});
