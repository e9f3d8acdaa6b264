import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerKind } from '../../src/answer/types.js';
import {
  decodeCustomId,
  encodeCustomId,
  hashKey,
  normalizeQuery,
  queryKey,
  sameVersion,
  type CustomIdInput,
  type DecodedCustomId,
} from '../../src/render/custom-id.js';

const KINDS: AnswerKind[] = ['who', 'when', 'where', 'what', 'quote', 'ask', 'search', 'sources', 'timeline'];

function decodeOk(id: string): DecodedCustomId {
  const decoded = decodeCustomId(id);
  if ('error' in decoded) throw new Error(`expected a decode, got: ${decoded.error}`);
  return decoded;
}

describe('encodeCustomId / decodeCustomId', () => {
  it('round-trips a "more" button with a short query exactly', () => {
    const id = encodeCustomId({ action: 'more', kind: 'search', query: 'Peskov', offset: 3, version: 'v7' });
    expect(id).toBe('dz1:m:search:v7:3::::Peskov');
    expect(decodeOk(id)).toEqual({
      action: 'more',
      kind: 'search',
      query: 'Peskov',
      queryTruncated: false,
      offset: 3,
      version: 'v7',
    });
  });

  it('round-trips a "full" button with article id and paragraph', () => {
    const id = encodeCustomId({
      action: 'full',
      kind: 'who',
      query: 'Dmitry Peskov',
      offset: 0,
      version: 'v7',
      articleId: 'reuters-2022-02-21',
      paragraph: 6,
    });
    expect(decodeOk(id)).toMatchObject({ action: 'full', articleId: 'reuters-2022-02-21', paragraph: 6 });
  });

  it('escapes the separator, the escape and the hash marker inside fields', () => {
    const query = 'time: 10%~ ok %3A';
    const id = encodeCustomId({
      action: 'full',
      kind: 'ask',
      query,
      offset: 0,
      version: 'v1',
      articleId: '~a:b',
      paragraph: 1,
    });
    expect(id.split(':')).toHaveLength(9);
    expect(decodeOk(id)).toMatchObject({ query, articleId: '~a:b' });
  });

  it('cuts an over-long query at a word and carries the hash of the full query', () => {
    const query =
      'what did the foreign ministry spokesperson say about the proposed summit between the two presidents in Geneva';
    const id = encodeCustomId({ action: 'more', kind: 'ask', query, offset: 40, version: 'v1' });
    expect(id.length).toBeLessThanOrEqual(100);
    const decoded = decodeOk(id);
    expect(decoded.queryTruncated).toBe(true);
    expect(decoded.queryHash).toBe(queryKey(query));
    expect(query.startsWith(decoded.query)).toBe(true);
    expect(query[decoded.query.length]).toBe(' '); // cut at a word
  });

  it('hashes a long corpus version and compares it with sameVersion', () => {
    const version = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    const decoded = decodeOk(encodeCustomId({ action: 'more', kind: 'who', query: 'x', offset: 3, version }));
    expect(decoded.version).toMatch(/^~[0-9a-z]{7}$/);
    expect(sameVersion(decoded.version, version)).toBe(true);
    expect(sameVersion(decoded.version, `${version}1`)).toBe(false);
  });

  it('carries a long article id as its hash so the id stays within 100 characters', () => {
    const articleId = 'a'.repeat(200);
    const id = encodeCustomId({
      action: 'full',
      kind: 'who',
      query: 'q'.repeat(200),
      offset: 0,
      version: 'v',
      articleId,
      paragraph: 9,
    });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeOk(id)).toMatchObject({ articleIdHash: hashKey(articleId), paragraph: 9 });
  });

  it('clamps a negative, fractional or infinite offset instead of throwing', () => {
    expect(
      decodeOk(encodeCustomId({ action: 'more', kind: 'who', query: '', offset: -5, version: 'v' })).offset,
    ).toBe(0);
    expect(
      decodeOk(encodeCustomId({ action: 'more', kind: 'who', query: '', offset: 2.7, version: 'v' })).offset,
    ).toBe(2);
    expect(
      decodeOk(encodeCustomId({ action: 'more', kind: 'who', query: '', offset: Infinity, version: 'v' }))
        .offset,
    ).toBe(0);
  });

  it.each([
    ['a non-string', 42],
    ['an empty string', ''],
    ['an over-long id', `dz1:m:who:v:0::::${'x'.repeat(100)}`],
    ["another bot's id", 'ticket:close:123'],
    ['a future version prefix', 'dz2:m:who:v:0::::q'],
    ['a truncated id', 'dz1:m:who:v:0'],
    ['an unknown action', 'dz1:x:who:v:0::::q'],
    ['an unknown kind', 'dz1:m:weather:v:0::::q'],
    ['a bad offset', 'dz1:m:who:v:-1::::q'],
    ['an offset with leading zeros', 'dz1:m:who:v:007::::q'],
    ['a bad escape', 'dz1:m:who:v:0::::100%'],
    ['a raw tilde in the query', 'dz1:m:who:v:0::::~q'],
    ['a bad version', 'dz1:m:who:v v:0::::q'],
    ['a bad hash', 'dz1:m:who:v:0:::XYZ:q'],
    ['a full button without an article', 'dz1:f:who:v:0::3::q'],
  ])('returns an error, never throws, for %s', (_situation, input) => {
    const decoded = decodeCustomId(input);
    expect(decoded).toHaveProperty('error');
    expect(typeof (decoded as { error: string }).error).toBe('string');
  });

  it('property: any input decodes to a value or an error without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything()), (input) => {
        const decoded = decodeCustomId(input);
        expect(decoded).toBeTypeOf('object');
      }),
    );
  });

  it('property: every encoding is ≤ 100 characters and decodes back to its input', () => {
    const input = fc.record({
      action: fc.constantFrom<'more' | 'full'>('more', 'full'),
      kind: fc.constantFrom(...KINDS),
      query: fc.string({ unit: 'binary', maxLength: 300 }),
      offset: fc.integer({ min: 0, max: 9_999_999 }),
      version: fc.string({ unit: 'binary', maxLength: 80 }),
      articleId: fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
      paragraph: fc.integer({ min: 1, max: 999_999 }),
    });
    fc.assert(
      fc.property(input, (i: Omit<Required<CustomIdInput>, 'filter'>) => {
        const id = encodeCustomId(i);
        expect(id.length).toBeLessThanOrEqual(100);
        const d = decodeOk(id);
        expect(d).toMatchObject({ action: i.action, kind: i.kind, offset: i.offset, paragraph: i.paragraph });
        expect(sameVersion(d.version, i.version)).toBe(true);
        if (d.articleIdHash) expect(d.articleIdHash).toBe(hashKey(i.articleId));
        else expect(d.articleId).toBe(i.articleId);
        if (d.queryTruncated) expect(d.queryHash).toBe(queryKey(i.query));
        else expect(d.query).toBe(normalizeQuery(i.query));
      }),
    );
  });
});
