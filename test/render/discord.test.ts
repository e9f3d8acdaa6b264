import type { InteractionEditReplyOptions, InteractionReplyOptions, MessageReplyOptions } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, AnswerKind, Citation, Notice, Source } from '../../src/answer/types.js';
import { decodeCustomId } from '../../src/render/custom-id.js';
import {
  embedLength,
  LIMITS,
  renderDiscord,
  renderNotice,
  type DiscordPayload,
} from '../../src/render/discord/index.js';

// The payload goes to discord.js unchanged: these only have to compile.
export const asReply = (p: DiscordPayload): InteractionReplyOptions => p;
export const asEditReply = (p: DiscordPayload): InteractionEditReplyOptions => p;
export const asMessageReply = (p: DiscordPayload): MessageReplyOptions => p;

const KINDS: AnswerKind[] = ['who', 'when', 'where', 'what', 'quote', 'ask', 'search', 'sources', 'timeline'];
const OPTS = { corpusVersion: 'v7' };

/** Every Discord limit, asserted one by one so a failure names the limit. */
function expectWithinLimits(p: DiscordPayload): void {
  expect(p.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expect(p.allowedMentions).toEqual({ parse: [], repliedUser: false });
  expect((p.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  expect(p.embeds.length).toBeGreaterThan(0);
  expect(p.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  let total = 0;
  for (const e of p.embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(LIMITS.embedTitle);
    if (e.description !== undefined) {
      expect(e.description.length).toBeGreaterThan(0);
      expect(e.description.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    }
    expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(LIMITS.footerText);
    total += embedLength(e);
  }
  expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  expect(p.components.length).toBeLessThanOrEqual(LIMITS.actionRows);
  for (const row of p.components) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const b of row.components) {
      expect((b.label ?? '').length).toBeLessThanOrEqual(LIMITS.buttonLabel);
      if ('custom_id' in b) {
        expect(b.custom_id.length).toBeGreaterThan(0);
        expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
      }
    }
  }
}

/** Everything Discord shows: every string in the payload except button ids, which are never displayed. */
function shownText(p: DiscordPayload): string {
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string' && key !== 'custom_id') out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk({ content: p.content, embeds: p.embeds, components: p.components });
  return out.join('\n');
}

const LIVE_MENTION = /@everyone|@here|<@|<#|<\/|<id:/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const reuters: Citation = {
  articleId: 'reuters-2022-02-21',
  title: 'Kremlin says no concrete plans for Putin-Biden summit',
  outlet: 'Reuters',
  published: '2022-02-21',
  url: 'https://www.reuters.com/world/europe/kremlin-summit-2022-02-21/',
  paragraph: 6,
  text: 'Kremlin spokesman Dmitry Peskov told reporters there were no concrete plans for a summit. "It is premature to talk about specific plans," Peskov said.',
  highlights: ['Dmitry Peskov', 'Peskov'],
  alsoIn: [{ articleId: 'ap-2022-02-21', title: 'Russia weighs summit offer', paragraph: 4 }],
};
const bbc: Citation = {
  articleId: 'bbc-2022-02-22',
  title: 'Ukraine crisis: what we know',
  outlet: 'BBC News',
  published: '2022-02-22T10:00:00Z',
  paragraph: 12,
  text: 'Peskov, the spokesman for President Vladimir Putin, said the decision was final.',
  highlights: ['Peskov'],
};
const sources = (n: number): Source[] =>
  Array.from({ length: n }, (_, i) => ({ articleId: `a${i}`, title: `Article ${i}` }));

const whoAnswer: Answer = {
  kind: 'who',
  query: 'Dmitry Peskov',
  text: 'Dmitry Peskov is the Kremlin spokesman.',
  citations: [reuters, bbc],
  sources: sources(4),
  corpusArticles: 5,
};

describe('renderDiscord layout', () => {
  it('states corroboration once when the answer line already gives it', () => {
    const stated = { ...whoAnswer, text: 'Dmitry Peskov: Kremlin spokesman (reported in 3 of 5 articles).' };
    const description = renderDiscord(stated, OPTS).embeds[0]!.description ?? '';
    expect(description.match(/reported in \d/gi)).toHaveLength(1);
    // Without it in the line, the renderer adds its own.
    expect(renderDiscord(whoAnswer, OPTS).embeds[0]!.description).toContain('Reported in 4 of 5 articles.');
  });

  it('adds no corroboration to listings: /search, /sources and /timeline count their own articles', () => {
    for (const kind of ['search', 'sources', 'timeline'] as const) {
      const listing: Answer = { ...whoAnswer, kind, text: '21 passages in 4 of 5 articles — page 1 of 7.' };
      expect(renderDiscord(listing, OPTS).embeds[0]!.description).not.toMatch(/reported in/i);
    }
  });

  it('renders a who-answer as heading, bold answer, corroboration, cited passages and footer', () => {
    expect(renderDiscord(whoAnswer, OPTS)).toEqual({
      embeds: [
        {
          title: 'Who is Dmitry Peskov?',
          description: '**Dmitry Peskov is the Kremlin spokesman.**\nReported in 4 of 5 articles.',
          color: 0x3b6fd8,
          footer: { text: 'Dossier · corpus v7 · 2 passages' },
          fields: [
            {
              name: '[1] Kremlin says no concrete plans for Putin\\-Biden summit — Reuters, 21 Feb 2022, ¶6',
              value:
                '> Kremlin spokesman **Dmitry Peskov** told reporters there were no concrete plans for a summit. "It is premature to talk about specific plans," **Peskov** said.\n' +
                '[Read the article](https://www.reuters.com/world/europe/kremlin-summit-2022-02-21/)\n' +
                'Also in: Russia weighs summit offer ¶4',
            },
            {
              name: '[2] Ukraine crisis: what we know — BBC News, 22 Feb 2022, ¶12',
              value: '> **Peskov**, the spokesman for President Vladimir Putin, said the decision was final.',
            },
          ],
        },
      ],
      components: [],
      allowed_mentions: { parse: [], replied_user: false },
      allowedMentions: { parse: [], repliedUser: false },
    });
  });

  it('keeps a query that is already a question as the heading', () => {
    const p = renderDiscord({ ...whoAnswer, query: 'who is the Kremlin spokesman' }, OPTS);
    expect(p.embeds[0]!.title).toBe('who is the Kremlin spokesman?');
  });

  it('shows the message and no corroboration when the articles hold no answer', () => {
    const p = renderDiscord(
      {
        kind: 'when',
        query: 'moon landing',
        text: null,
        message: 'No article mentions a date for "moon landing". Try /search moon.',
        citations: [],
        sources: [],
        corpusArticles: 5,
      },
      OPTS,
    );
    expect(p.embeds[0]).toEqual({
      title: 'When: moon landing',
      description: 'No article mentions a date for "moon landing". Try /search moon.',
      color: 0x99aab5,
      footer: { text: 'Dossier · corpus v7 · 0 passages' },
    });
    expect(p.components).toEqual([]);
  });

  it('says which kind an ask question was routed to', () => {
    const p = renderDiscord(
      { ...whoAnswer, kind: 'ask', query: 'who speaks for the Kremlin', routedTo: 'who' },
      OPTS,
    );
    expect(p.embeds[0]!.title).toBe('who speaks for the Kremlin?');
    expect(p.embeds[0]!.description).toContain('*Answered as a “who” question.*');
  });

  it('lists the articles of a sources answer with outlet, date and paragraph count', () => {
    const p = renderDiscord(
      {
        kind: 'sources',
        query: '',
        text: '2 articles in the corpus.',
        citations: [],
        sources: [],
        corpusArticles: 2,
        articles: [
          {
            articleId: 'a',
            title: 'Kremlin *summit*',
            outlet: 'Reuters',
            published: '2022-02-21',
            paragraphs: 14,
            file: 'a.md',
          },
          { articleId: 'b', title: 'Untold', paragraphs: 1, file: 'b.md' },
        ],
      },
      OPTS,
    );
    expect(p.embeds[0]!.title).toBe('Sources');
    expect(p.embeds[0]!.description).toBe(
      '**2 articles in the corpus.**\n\n' +
        '• **Kremlin \\*summit\\*** — Reuters, 21 Feb 2022, 14 paragraphs\n' +
        '• **Untold** — 1 paragraph',
    );
    expect(p.embeds[0]!.footer!.text).toBe('Dossier · corpus v7 · 2 articles');
  });

  it('puts one line per dated citation of a timeline, in order, pointing at the passage fields', () => {
    const p = renderDiscord(
      {
        kind: 'timeline',
        query: 'summit',
        text: null,
        message: 'Events about "summit", in date order.',
        citations: [
          { ...reuters, date: '2022-02-21' },
          { ...bbc, date: 'late February' },
          { ...bbc, paragraph: 1, date: undefined, published: undefined },
        ],
        sources: sources(2),
        corpusArticles: 5,
      },
      OPTS,
    );
    const lines = p.embeds[0]!.description!.split('\n');
    expect(lines.slice(-2)).toEqual([
      '**21 Feb 2022** — Kremlin spokesman Dmitry Peskov told reporters there were no concrete plans for a summit. "It is premature to talk about specific plans," Peskov said. (Kremlin says no concrete plans for Putin\\-Biden summit, ¶6) [1]',
      '**late February** — Peskov, the spokesman for President Vladimir Putin, said the decision was final. (Ukraine crisis: what we know, ¶12) [2]',
    ]);
    expect(p.embeds[0]!.fields).toHaveLength(3);
  });

  it('drops a link that is not http(s), carries credentials or is too long', () => {
    for (const url of [
      'javascript:alert(1)',
      'ftp://x.org/a',
      'https://user:pw@evil.example/',
      `https://x.org/${'a'.repeat(600)}`,
    ]) {
      const p = renderDiscord({ ...whoAnswer, citations: [{ ...bbc, url }] }, OPTS);
      expect(p.embeds[0]!.fields![0]!.value).not.toContain('Read the article');
    }
  });

  it('percent-encodes parentheses and @ in a link so it can neither end early nor spell a mention', () => {
    const p = renderDiscord(
      { ...whoAnswer, citations: [{ ...bbc, url: 'https://x.org/a_(b)/@everyone' }] },
      OPTS,
    );
    expect(p.embeds[0]!.fields![0]!.value).toContain(
      '[Read the article](https://x.org/a%5F%28b%29/%40everyone)',
    );
  });
});

describe('renderDiscord buttons', () => {
  const page = (offset: number, total: number): Answer => ({
    ...whoAnswer,
    kind: 'search',
    query: 'summit',
    citations: [reuters, bbc, bbc],
    page: { offset, size: 3, total },
  });

  it('offers "More passages" for the next page of a paginated answer', () => {
    const p = renderDiscord(page(0, 10), OPTS);
    const [more] = p.components[0]!.components;
    expect(more).toMatchObject({ type: 2, style: 1, label: 'More passages' });
    expect(decodeCustomId((more as { custom_id: string }).custom_id)).toMatchObject({
      action: 'more',
      kind: 'search',
      query: 'summit',
      offset: 3,
      version: 'v7',
    });
    expect(p.embeds[0]!.footer!.text).toBe('Dossier · corpus v7 · passages 1–3 of 10');
  });

  it('disables "More passages" on the last page', () => {
    const p = renderDiscord(page(9, 12), OPTS);
    expect(p.components[0]!.components[0]).toMatchObject({ label: 'More passages', disabled: true });
  });

  it('offers "Full paragraph" for the first passage when it was cut', () => {
    const long = { ...reuters, text: `${reuters.text} ${'More detail follows here. '.repeat(80)}` };
    const p = renderDiscord({ ...whoAnswer, citations: [long] }, OPTS);
    const full = p.components[0]!.components.find((b) => b.label === 'Full paragraph')!;
    expect(decodeCustomId((full as { custom_id: string }).custom_id)).toMatchObject({
      action: 'full',
      articleId: 'reuters-2022-02-21',
      paragraph: 6,
    });
    expect(p.embeds[0]!.fields![0]!.value).toMatch(/\. …\n\[Read the article\]/);
  });

  it('has no buttons when nothing was cut and there is no more', () => {
    expect(renderDiscord(whoAnswer, OPTS).components).toEqual([]);
  });

  it('uses given custom ids, leaves out null ones, and drops ids over 100 characters', () => {
    const p = renderDiscord(page(0, 10), { ...OPTS, customIds: { more: 'my-more' } });
    expect(p.components[0]!.components[0]).toMatchObject({ custom_id: 'my-more' });
    expect(renderDiscord(page(0, 10), { ...OPTS, customIds: { more: null } }).components).toEqual([]);
    expect(renderDiscord(page(0, 10), { ...OPTS, customIds: { more: 'x'.repeat(101) } }).components).toEqual(
      [],
    );
    expect(renderDiscord(page(0, 10), { ...OPTS, customIds: false }).components).toEqual([]);
  });

  it('adds extra footer text after the page information', () => {
    const p = renderDiscord(whoAnswer, { ...OPTS, footer: 'the corpus has changed since' });
    expect(p.embeds[0]!.footer!.text).toBe('Dossier · corpus v7 · 2 passages · the corpus has changed since');
  });
});

describe('renderDiscord on a gigantic answer', () => {
  const huge = 'Peskov said a great deal. '.repeat(400); // 10,400 characters
  const big: Citation = {
    ...reuters,
    title: 'T'.repeat(5000),
    outlet: 'O'.repeat(5000),
    url: `https://x.org/${'p'.repeat(400)}`,
    text: huge,
    highlights: Array.from({ length: 200 }, (_, i) => `w${i}`).concat('Peskov'),
    alsoIn: Array.from({ length: 100 }, (_, i) => ({
      articleId: `x${i}`,
      title: 'A'.repeat(300),
      paragraph: i,
    })),
  };
  const gigantic: Answer = {
    kind: 'who',
    query: 'Q '.repeat(5000),
    text: 'A'.repeat(10_000),
    message: 'M '.repeat(5000),
    citations: [big, big, big, big, big],
    sources: sources(100),
    corpusArticles: 100,
    page: { offset: 0, size: 5, total: 50 },
  };

  it('keeps every limit with 10k-character paragraphs, huge title, query and text, and 100 sources', () => {
    const p = renderDiscord(gigantic, { corpusVersion: 'V'.repeat(5000), footer: 'F'.repeat(5000) });
    expectWithinLimits(p);
    expect(p.embeds[0]!.fields).toHaveLength(3);
    expect(p.components[0]!.components.map((b) => b.label)).toEqual(['More passages', 'Full paragraph']);
  });

  it('shrinks passages in proportion rather than dropping one', () => {
    const values = renderDiscord(gigantic, OPTS).embeds[0]!.fields!.map((f) => f.value.length);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(2);
    expect(Math.min(...values)).toBeGreaterThan(300);
  });

  it('keeps every limit for a sources listing of 100 articles with huge titles', () => {
    const p = renderDiscord(
      {
        ...gigantic,
        kind: 'sources',
        citations: [],
        articles: Array.from({ length: 100 }, (_, i) => ({
          articleId: `a${i}`,
          title: 'T'.repeat(2000),
          outlet: 'O'.repeat(2000),
          published: '2022-02-21',
          paragraphs: i,
          file: `a${i}.md`,
        })),
      },
      OPTS,
    );
    expectWithinLimits(p);
    expect(p.embeds[0]!.description).toMatch(/\*…and \d+ more\*$/);
  });

  it('keeps every limit for a timeline of 100 dated 10k-character citations', () => {
    const citations = Array.from({ length: 100 }, (_, i) => ({ ...big, date: `2022-01-${(i % 28) + 1}` }));
    const p = renderDiscord({ ...gigantic, kind: 'timeline', citations }, OPTS);
    expectWithinLimits(p);
    expect(p.embeds[0]!.fields).toHaveLength(3);
  });
});

describe('renderDiscord on hostile text', () => {
  const hostile = '@everyone **x** ||y|| [x](javascript:alert(1)) <@&123>';
  const answer: Answer = {
    kind: 'search',
    query: hostile,
    text: hostile,
    message: `${hostile} <#1> </cmd:1> @here \u202Eevil`,
    citations: [
      {
        ...reuters,
        title: hostile,
        outlet: hostile,
        text: `${hostile} # header\n> quote\n\`\`\`code`,
        highlights: [hostile, 'x'],
      },
    ],
    sources: sources(2),
    corpusArticles: 2,
    page: { offset: 0, size: 1, total: 2 },
  };

  it('shows the query with no live mention, no working markup and no javascript: link', () => {
    const p = renderDiscord(answer, OPTS);
    const text = shownText(p);
    expect(text).not.toMatch(LIVE_MENTION);
    expect(text).not.toMatch(/\]\(javascript/);
    expect(text).not.toMatch(/(?<!\\)\|\|/);
    expect(text).not.toMatch(/(?<!\\)`/);
    expect(text).not.toContain('\u202E');
    expect(p.embeds[0]!.title).toBe(
      'Search: @\u200Beveryone \\*\\*x\\*\\* \\|\\|y\\|\\| \\[x\\]\\(javascript:alert\\(1\\)\\) <\u200B@&123\\>',
    );
  });

  it('shows footer text verbatim (footers render no Markdown) but without live mentions', () => {
    const footer = renderDiscord(answer, { ...OPTS, footer: hostile }).embeds[0]!.footer!.text;
    expect(footer).not.toMatch(LIVE_MENTION);
    expect(footer.replace(/\u200B/g, '')).toBe(`Dossier · corpus v7 · passages 1–1 of 2 · ${hostile}`);
  });

  it("keeps the one block quote the renderer adds and escapes the paragraph's own", () => {
    const value = renderDiscord(answer, OPTS).embeds[0]!.fields![0]!.value;
    expect(value.startsWith('> ')).toBe(true);
    expect(value).toContain('\\# header \\> quote \\`\\`\\`code');
  });
});

describe('renderDiscord properties', () => {
  const unit = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('a', 'e', ' ', '.', 'Peskov', '\n') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '@everyone',
        '@here',
        '<@',
        '<@!1>',
        '<@&',
        '<#',
        '</x:1>',
        '**',
        '||',
        '`',
        '\\',
        '[x](javascript:alert(1))',
        '\u202E',
        '\u200B',
        '\u0000',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  );
  const text = (maxLength: number) => fc.string({ unit, maxLength });
  const source = fc.record(
    {
      articleId: text(20),
      title: text(300),
      outlet: text(80),
      published: fc.oneof(text(20), fc.constant('2022-02-21')),
      url: fc.oneof(text(40), fc.webUrl()),
    },
    { requiredKeys: ['articleId', 'title'] },
  );
  const citation = fc.record(
    {
      articleId: text(20),
      title: text(300),
      outlet: text(80),
      published: text(30),
      url: fc.oneof(text(40), fc.webUrl()),
      paragraph: fc.integer({ min: 1, max: 1_000_000 }),
      text: text(1500),
      highlights: fc.array(text(20), { maxLength: 5 }),
      alsoIn: fc.array(fc.record({ articleId: text(10), title: text(200), paragraph: fc.nat() }), {
        maxLength: 8,
      }),
      date: text(30),
    },
    { requiredKeys: ['articleId', 'title', 'paragraph', 'text', 'highlights'] },
  );
  const answer: fc.Arbitrary<Answer> = fc.record(
    {
      kind: fc.constantFrom(...KINDS),
      query: text(400),
      text: fc.option(text(1500), { nil: null }),
      message: text(1500),
      citations: fc.array(citation, { maxLength: 5 }),
      sources: fc.array(source, { maxLength: 30 }),
      corpusArticles: fc.nat({ max: 1000 }),
      page: fc.record({
        offset: fc.nat({ max: 100 }),
        size: fc.nat({ max: 10 }),
        total: fc.nat({ max: 200 }),
      }),
      routedTo: fc.constantFrom(...KINDS),
      articles: fc.array(
        fc.record({
          articleId: text(10),
          title: text(300),
          outlet: text(50),
          published: text(20),
          paragraphs: fc.nat(),
          file: text(20),
        }),
        { maxLength: 40 },
      ),
    },
    { requiredKeys: ['kind', 'query', 'text', 'citations', 'sources', 'corpusArticles'] },
  );

  it('for arbitrary answers never throws, keeps every limit and shows no live mention or broken character', () => {
    fc.assert(
      fc.property(answer, text(80), fc.option(text(300), { nil: undefined }), (a, version, footer) => {
        const p = renderDiscord(a, { corpusVersion: version, footer });
        expectWithinLimits(p);
        const shown = shownText(p);
        expect(shown).not.toMatch(LIVE_MENTION);
        expect(shown).not.toMatch(LONE_SURROGATE);
        for (const row of p.components) {
          for (const b of row.components) {
            if ('custom_id' in b && b.custom_id.startsWith('dz1:'))
              expect(decodeCustomId(b.custom_id)).not.toHaveProperty('error');
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('renderNotice', () => {
  it('renders an ephemeral error notice with escaped lines and flag 64', () => {
    expect(
      renderNotice({
        title: 'Reload failed',
        lines: ['corpus/a.md: bad date **2022-13-01**', '@here'],
        ephemeral: true,
        level: 'error',
      }),
    ).toEqual({
      embeds: [
        {
          title: 'Reload failed',
          color: 0xd83c3e,
          description: 'corpus/a.md: bad date \\*\\*2022\\-13\\-01\\*\\*\n@\u200Bhere',
        },
      ],
      components: [],
      allowed_mentions: { parse: [], replied_user: false },
      allowedMentions: { parse: [], repliedUser: false },
      flags: 64,
    });
  });

  it("renders a command's Notice as it is, with the reply's ephemeral flag", () => {
    const notice: Notice = { title: 'Reindexed', lines: ['12 articles'], level: 'info' };
    expect(renderNotice({ ...notice, ephemeral: true })).toMatchObject({
      embeds: [{ title: 'Reindexed', description: '12 articles' }],
      flags: 64,
    });
  });

  it('is public and info-coloured by default', () => {
    const p = renderNotice({ title: 'Status', lines: ['ok'] });
    expect(p.flags).toBeUndefined();
    expect(p.embeds[0]!.color).toBe(0x3b6fd8);
  });

  it('keeps every limit for a huge title and thousands of long lines', () => {
    const p = renderNotice({
      title: '<@1> '.repeat(500),
      lines: Array.from({ length: 3000 }, () => 'L'.repeat(3000)),
    });
    expectWithinLimits(p);
    expect(shownText(p)).not.toMatch(LIVE_MENTION);
    expect(p.embeds[0]!.description).toMatch(/\*…and \d+ more\*$/);
  });

  it('property: for arbitrary titles and lines never throws, keeps limits and shows no live mention', () => {
    const s = fc.string({ unit: 'binary', maxLength: 2000 });
    fc.assert(
      fc.property(s, fc.array(s, { maxLength: 20 }), fc.boolean(), (title, lines, ephemeral) => {
        const p = renderNotice({ title, lines, ephemeral });
        expectWithinLimits(p);
        expect(shownText(p)).not.toMatch(LIVE_MENTION);
      }),
      { numRuns: 100 },
    );
  });
});
