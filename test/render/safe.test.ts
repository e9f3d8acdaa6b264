import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  fitRendered,
  highlight,
  neutralizeMentions,
  safeMarkdown,
  stripControl,
  truncate,
} from '../../src/render/safe.js';

const bold = (s: string): string => `**${s}**`;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('stripControl', () => {
  it('removes NUL, C0/C1 controls, bidi overrides, zero-width characters and lone surrogates', () => {
    const dirty = 'a\u0000b\u0007c\u009Bd\u202Ee\u2066f\u200Bg\u200Dh\uFEFFi\uD800j\uDC00k';
    expect(stripControl(dirty)).toBe('abcdefghijk');
  });

  it('keeps newlines, tabs and surrogate pairs, and turns \\r\\n, \\r and U+2028 into \\n', () => {
    expect(stripControl('a\tb\r\nc\rd\u2028e 😀')).toBe('a\tb\nc\nd\ne 😀');
  });
});

describe('escapeMarkdown', () => {
  it('escapes every character that opens formatting, quotes, headers, links or code', () => {
    expect(escapeMarkdown('*b* _i_ ~~s~~ `c` ||sp|| > q # h - l [t](u) \\')).toBe(
      '\\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|sp\\|\\| \\> q \\# h \\- l \\[t\\]\\(u\\) \\\\',
    );
  });

  it('escapes ordered-list markers at a line start but not decimals', () => {
    expect(escapeMarkdown('1. first\n 2. second\nprice 3.5')).toBe('1\\. first\n 2\\. second\nprice 3.5');
  });

  it('turns a masked javascript: link into plain text', () => {
    expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\]\\(javascript:alert\\(1\\)\\)');
  });
});

describe('neutralizeMentions', () => {
  it('breaks @everyone, @here and user, role, channel and command mentions with a zero-width space', () => {
    const out = neutralizeMentions('@everyone @HERE <@1> <@!2> <@&3> <#4> </cmd:5> <id:customize>');
    for (const live of ['@everyone', '@HERE', '<@', '<#', '</', '<id:']) expect(out).not.toContain(live);
    expect(out.replace(/\u200B/g, '')).toBe('@everyone @HERE <@1> <@!2> <@&3> <#4> </cmd:5> <id:customize>');
  });

  it('leaves e-mail addresses, emoji and timestamps alone', () => {
    expect(neutralizeMentions('a@b.com <:wave:1> <t:1700000000>')).toBe('a@b.com <:wave:1> <t:1700000000>');
  });

  it('does not survive stripControl, which is why it runs last', () => {
    expect(stripControl(neutralizeMentions('@here'))).toBe('@here');
  });
});

describe('truncate', () => {
  const text =
    'The Kremlin said talks were premature. Officials in Kyiv disagreed with that view entirely and said so.';

  it('returns text that fits unchanged', () => {
    expect(truncate('short', 10)).toBe('short');
  });

  it('cuts at a sentence end when one falls in the last 40% of the budget', () => {
    expect(truncate(text, 60)).toBe('The Kremlin said talks were premature. …');
  });

  it('cuts at a word boundary when no sentence end is close enough', () => {
    const out = truncate(text, 30);
    expect(out).toBe('The Kremlin said talks were…');
    expect(out.length).toBeLessThanOrEqual(30);
  });

  it('cuts hard inside one enormous word', () => {
    expect(truncate('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('never splits a surrogate pair', () => {
    const out = truncate('😀'.repeat(10), 6);
    expect(out).toBe('😀😀…');
    expect(out).not.toMatch(LONE);
  });

  it('uses a custom ellipsis and still stays within the budget', () => {
    const out = truncate(text, 25, { ellipsis: ' [more]' });
    expect(out.endsWith(' [more]')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(25);
  });

  it('property: never longer than max, a prefix of the text plus ellipsis, no lone surrogate added', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 0, max: 220 }),
        (s, max) => {
          const out = truncate(s, max);
          expect(out.length).toBeLessThanOrEqual(max);
          if (out !== s) {
            const body = out.replace(/ ?…$/, '');
            expect(s.startsWith(body)).toBe(true);
            expect(out).not.toMatch(LONE);
          }
        },
      ),
    );
  });
});

describe('fitRendered', () => {
  it('cuts the source, not the rendering, so an escape pair is never split', () => {
    const raw = '*'.repeat(100);
    const { text, cut } = fitRendered(raw, 21, escapeMarkdown);
    expect(cut).toBe(true);
    expect(text.length).toBeLessThanOrEqual(21);
    expect(text).toBe(`${'\\*'.repeat(10)}…`);
  });
});

describe('highlight', () => {
  it('bolds case-insensitive whole-word matches, longest term first, without overlaps', () => {
    const text = escapeMarkdown('Dmitry Peskov met peskov; Peskovich did not.');
    expect(highlight(text, ['Peskov', 'Dmitry Peskov'], bold)).toBe(
      '**Dmitry Peskov** met **peskov**; Peskovich did not.',
    );
  });

  it('matches terms with Markdown characters in their escaped form', () => {
    const text = escapeMarkdown('Fans of C++ and x-ray (tests)');
    expect(highlight(text, ['x-ray', 'C++'], bold)).toBe('Fans of **C++** and **x\\-ray** \\(tests\\)');
  });

  it('never starts a match inside an escape pair', () => {
    // raw "\*b": escaped "\\\*b"; the term "*b" must take the whole "\*" escape, not its second half
    const text = escapeMarkdown('a\\*b');
    expect(highlight(text, ['*b'], bold)).toBe('a\\\\**\\*b**');
  });

  it('treats regex characters in terms literally', () => {
    expect(highlight('a.c abc', ['a.c'], bold)).toBe('**a.c** abc');
  });

  it('returns the text unchanged for no or blank terms', () => {
    expect(highlight('text', [], bold)).toBe('text');
    expect(highlight('text', ['  ', ''], bold)).toBe('text');
  });
});

describe('safeMarkdown', () => {
  it('renders a hostile query with no live mention, no markup and no link', () => {
    const out = safeMarkdown('@everyone **x** ||y|| [x](javascript:alert(1)) <@&123>\u202E');
    expect(out).not.toMatch(/@everyone|<@/);
    expect(out).not.toMatch(/(?<!\\)\*\*|(?<!\\)\|\||\]\(/);
    expect(out).not.toContain('\u202E');
  });
});
