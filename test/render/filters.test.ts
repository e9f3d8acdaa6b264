/**
 * An answer restricted by an article filter, as every renderer shows it: the "Only articles …" line
 * in the terminal and Discord text, the `filter` key in JSON, and the filter carried by the "More
 * passages" button's custom_id within Discord's 100 characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import {
  decodeCustomId,
  encodeCustomId,
  outletKey,
  type DecodedCustomId,
} from '../../src/render/custom-id.js';
import { renderDiscord } from '../../src/render/discord/index.js';
import { toJson } from '../../src/render/json.js';
import { renderText } from '../../src/render/text.js';

const citation = (n: number) => ({
  articleId: `reuters-${n}`,
  title: `Report ${n}`,
  outlet: 'Reuters',
  published: '2022-02-10',
  paragraph: n,
  text: `Paragraph ${n} about the summit.`,
  highlights: ['summit'],
});

const answer: Answer = {
  kind: 'search',
  query: 'summit',
  text: '5 passages in 2 of 2 articles — page 1 of 2.',
  citations: [citation(1), citation(2), citation(3)],
  sources: [],
  corpusArticles: 2,
  page: { offset: 0, size: 3, total: 5 },
  filter: { since: '2022-02-01', until: '2022-02-28', outlet: 'Reuters' },
};

function decodeOk(id: string): DecodedCustomId {
  const d = decodeCustomId(id);
  if ('error' in d) throw new Error(d.error);
  return d;
}

describe('an answer with a filter', () => {
  it('the terminal shows the filter line under the answer', () => {
    const text = renderText(answer, { color: false, width: 100 });
    expect(text.split('\n\n')[1]).toBe('Only articles from Reuters between 1 Feb 2022 and 28 Feb 2022.');
  });

  it('Discord shows the filter line in the description and the button keeps the filter', () => {
    const payload = renderDiscord(answer, { corpusVersion: 'v1' });
    expect(payload.embeds[0]!.description).toContain(
      '*Only articles from Reuters between 1 Feb 2022 and 28 Feb 2022.*',
    );
    const more = payload.components[0]!.components[0]! as { custom_id: string };
    expect(more.custom_id.length).toBeLessThanOrEqual(100);
    expect(decodeOk(more.custom_id)).toMatchObject({
      action: 'more',
      query: 'summit',
      offset: 3,
      filter: { since: '2022-02-01', until: '2022-02-28', outlet: 'Reuters' },
    });
  });

  it('JSON carries the filter; without one the key is absent and nothing else changes', () => {
    expect(toJson(answer).filter).toEqual({ since: '2022-02-01', until: '2022-02-28', outlet: 'Reuters' });
    const { filter: _f, ...plain } = answer;
    expect('filter' in toJson(plain)).toBe(false);
    expect(renderText(plain, { color: false, width: 100 })).not.toContain('Only articles');
    const id = (
      renderDiscord(plain, { corpusVersion: 'v1' }).components[0]!.components[0]! as { custom_id: string }
    ).custom_id;
    expect(id).toBe('dz1:m:search:v1:3::::summit');
  });

  it('a filter that left no article is said once, by the message', () => {
    const none: Answer = {
      ...answer,
      text: null,
      message: 'No articles from Reuters between 1 Feb 2022 and 28 Feb 2022.',
      citations: [],
      page: undefined,
      corpusArticles: 0,
    };
    expect(renderText(none, { color: false, width: 100 })).toBe(none.message);
    expect(renderDiscord(none, { corpusVersion: 'v1' }).embeds[0]!.description).not.toContain(
      'Only articles',
    );
  });
});

describe('the filter in a custom_id', () => {
  it('carries a long outlet as its key, and leaves it out of a full-paragraph id that has no room', () => {
    const outlet = 'The Very Long Name of a Regional Evening Newspaper';
    const more = decodeOk(
      encodeCustomId({
        action: 'more',
        kind: 'who',
        query: 'Peskov',
        offset: 3,
        version: 'v1',
        filter: { outlet },
      }),
    );
    expect(more.filter).toEqual({ outletHash: outletKey(outlet) });
    expect(outletKey('the very  long name of a regional evening newspaper')).toBe(outletKey(outlet));
    const full = encodeCustomId({
      action: 'full',
      kind: 'timeline',
      query: 'a long question about the summit and what followed',
      offset: 9_999_999,
      version: '0123456789ab',
      articleId: 'a'.repeat(32),
      paragraph: 999_999,
      filter: { since: '2022-02-01', until: '2022-02-28', outlet },
    });
    expect(full.length).toBeLessThanOrEqual(100);
    expect(decodeOk(full).filter).toBeUndefined();
  });

  it('property: with any filter the id is ≤ 100 characters and decodes to the same filter or none', () => {
    const day = fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2999-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    const input = fc.record({
      action: fc.constantFrom<'more' | 'full'>('more', 'full'),
      query: fc.string({ unit: 'binary', maxLength: 200 }),
      articleId: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
      since: fc.option(day, { nil: undefined }),
      until: fc.option(day, { nil: undefined }),
      outlet: fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(input, (i) => {
        const filter = {
          ...(i.since ? { since: i.since } : {}),
          ...(i.until ? { until: i.until } : {}),
          ...(i.outlet ? { outlet: i.outlet } : {}),
        };
        const id = encodeCustomId({
          action: i.action,
          kind: 'ask',
          query: i.query,
          offset: 3,
          version: 'v1',
          articleId: i.articleId,
          paragraph: 2,
          filter,
        });
        expect(id.length).toBeLessThanOrEqual(100);
        const d = decodeOk(id);
        if (!d.filter) {
          // Only a full-paragraph id may drop it, and only for want of room.
          expect(i.action === 'full' || Object.keys(filter).length === 0).toBe(true);
          return;
        }
        expect(d.filter.since).toBe(i.since);
        expect(d.filter.until).toBe(i.until);
        if (d.filter.outletHash) expect(d.filter.outletHash).toBe(outletKey(i.outlet!));
        else expect(d.filter.outlet).toBe(i.outlet);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a forged filter tag', () => {
    for (const id of [
      'dz1:m:who:v1:3::::~zzzzzz..~Peskov',
      'dz1:m:who:v1:3::::~ab.cd.%ZZ~Peskov',
      'dz1:m:who:v1:3::::~ab.cd',
    ]) {
      expect(decodeCustomId(id)).toHaveProperty('error');
    }
  });
});
