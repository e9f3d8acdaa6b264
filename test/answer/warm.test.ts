/**
 * warmAnswerTables builds the per-index tables ahead of the first question, in slices: answers from a
 * warmed index are exactly those from a cold one, and the event loop gets turns while it works.
 */
import { describe, expect, it } from 'vitest';
import { answerAt, type AnswerKind } from '../../src/answer/index.js';
import { suggestNames, suggestTopics } from '../../src/answer/suggest.js';
import { exerciseQuestions } from '../../src/serve/exercise.js';
import { warmAnswerTables, warmAnswerTablesNow } from '../../src/serve/warm.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { FIXTURE_DIR, SEED_DIR } from './helpers.js';

const QUESTIONS: [AnswerKind, string][] = [
  ['who', 'Peskov'],
  ['who', 'Blingen'],
  ['quote', 'Peskov'],
  ['where', 'the summit'],
  ['where', 'Geneva'],
  ['when', 'the summit'],
  ['what', 'talks'],
  ['ask', 'Who met on Thursday?'],
  ['ask', 'How many troops are near Ukraine?'],
  ['search', 'summit talks'],
  ['timeline', ''],
  ['timeline', 'summit'],
  ['who', 'Okafor'],
  ['when', 'the budget vote'],
  ['where', 'the chip plant'],
  ['ask', 'the of and'],
];

const answers = (index: Parameters<typeof answerAt>[0]) =>
  JSON.stringify([
    ...QUESTIONS.map(([kind, q]) => answerAt(index, kind, q, 0)),
    suggestNames(index, ''),
    suggestNames(index, 'pes', 'person'),
    suggestTopics(index, 'sum'),
    suggestTopics(index, ''),
  ]);

describe.each([
  ['seed corpus', SEED_DIR],
  ['fixture corpus', FIXTURE_DIR],
])('warmAnswerTables on the %s', (_name, dir) => {
  it('answers exactly as a cold index does', async () => {
    const corpus = await loadCorpus(dir);
    const cold = buildIndex(corpus);
    const warm = buildIndex(corpus);
    // With the answer paths exercised too, as a serving store warms: still the same answers.
    await warmAnswerTables(warm, { exercise: true });
    const now = buildIndex(corpus);
    warmAnswerTablesNow(now);
    const expected = answers(cold);
    expect(answers(warm)).toBe(expected);
    expect(answers(now)).toBe(expected);
  });

  it('gives the event loop turns while it works', async () => {
    const index = buildIndex(await loadCorpus(dir));
    let turns = 0;
    let done = false;
    const tick = (): void => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await warmAnswerTables(index, { sliceMs: 0 });
    done = true;
    expect(turns).toBeGreaterThan(3);
  });
});

describe('exerciseQuestions', () => {
  it.each([
    ['seed corpus', SEED_DIR],
    ['fixture corpus', FIXTURE_DIR],
  ])('asks every kind about names and words of the %s itself', async (_name, dir) => {
    const index = buildIndex(await loadCorpus(dir));
    const questions = exerciseQuestions(index);
    const kinds = new Set(questions.map(([kind]) => kind));
    for (const kind of ['who', 'when', 'where', 'what', 'quote', 'ask', 'search', 'timeline'] as const) {
      expect(kinds, kind).toContain(kind);
    }
    // The /who question is the index's most named person, so it finds passages.
    const [, person] = questions.find(([kind]) => kind === 'who')!;
    expect(index.entities.some((e) => e.kind === 'person' && e.name === person)).toBe(true);
    expect(answerAt(index, 'who', person, 0).citations.length).toBeGreaterThan(0);
    // Every question is answered without throwing, on this corpus as on any other.
    for (const [kind, q] of questions) expect(() => answerAt(index, kind, q, 0)).not.toThrow();
  });

  it('copes with an index that has no entities and no paragraphs', async () => {
    const empty = buildIndex({ articles: [], errors: [] } as never);
    for (const [kind, q] of exerciseQuestions(empty)) expect(() => answerAt(empty, kind, q, 0)).not.toThrow();
    await warmAnswerTables(empty, { exercise: true });
  });
});
