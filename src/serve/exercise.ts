/**
 * Runs every answer path a few times before the first real question, once per process. V8 compiles
 * a function's bytecode on its first call and a regex's bytecode on its first match, and compiles
 * that regex again to machine code on its second match: on a fresh process the first /where took
 * 10–16 ms and the second 4–7 ms (6.5 ms of it the page-furniture line rules' regexes tiering up)
 * before settling below 1 ms on the seed corpus. Those costs are paid here, in slices, instead of
 * by the first members to ask.
 *
 * The questions are made from the index itself (its most named person and place, a word of its
 * text), so any corpus exercises the same paths; the answers are thrown away.
 */
import type { DossierIndex } from '../index/model.js';
import { processTerm, words } from '../index/terms.js';
import { mostNamedNames } from '../answer/complete.js';
import { answerAt } from '../answer/index.js';
import { suggestNames, suggestTopics } from '../answer/suggest.js';
import { quantitiesIn } from '../answer/quantity-figures.js';
import type { QuantityAsk, QuantityKind } from '../answer/quantity-question.js';
import type { Build } from '../index/derived.js';
import type { AnswerKind } from '../answer/types.js';

/** Set once the paths have run in this process: compiled code is per process, not per index. */
let exercised = false;

/** Paragraphs looked at for a topic word (the first ones are enough to find one). */
const TOPIC_SCAN = 50;
const MIN_TOPIC_LENGTH = 5;

/** A lower-case content word of the corpus's text, as a topic ("border", "summit"). */
function topicWord(index: DossierIndex): string | undefined {
  const limit = Math.min(index.paragraphs.length, TOPIC_SCAN);
  let best: string | undefined;
  for (let i = 0; i < limit; i++) {
    for (const w of words(index.paragraphs[i]!.text)) {
      if (w.length < MIN_TOPIC_LENGTH || w !== w.toLowerCase() || !processTerm(w)) continue;
      if (!best || w.length > best.length) best = w;
    }
    if (best) return best;
  }
  return best;
}

/** The questions, of every kind and every /ask route, made from this index's names and words. */
export function exerciseQuestions(index: DossierIndex): [AnswerKind, string][] {
  const person = mostNamedNames(index, 'person')[0] ?? 'someone';
  const place = mostNamedNames(index, 'place')[0] ?? 'somewhere';
  const topic = topicWord(index) ?? 'news';
  const surname = person.split(' ').pop() ?? person;
  // One edit inside the name (never the first letter): the typo-tolerant paths.
  const typo = surname.length > 3 ? surname.slice(0, 2) + surname.slice(3) : surname;
  const sentence = index.paragraphs[0]?.sentences[0] ?? `${person} spoke in ${place}`;
  return [
    ['who', person],
    ['who', typo],
    ['quote', surname],
    ['when', `the ${topic}`],
    ['where', `the ${topic}`],
    ['where', place],
    ['what', topic],
    ['search', `${topic} ${surname}`],
    ['search', typo],
    ['timeline', topic],
    ['ask', `Who is ${person}?`],
    ['ask', `When was the ${topic}?`],
    ['ask', `Where did the ${topic} take place?`],
    ['ask', `How many ${topic}s were there?`],
    ['ask', `What did ${surname} say about the ${topic}?`],
    ['ask', `Is it true that ${sentence.slice(0, 120)}?`],
    ['ask', `Can you tell me what the people there have said about the ${topic}?`],
    ['ask', `${topic} in ${place}`],
  ];
}

/** The exercise as warm-up steps (warm.ts runs them in slices); nothing after the first time. */
export function* exerciseAnswerPaths(index: DossierIndex): Build<void> {
  if (exercised) return;
  exercised = true;
  yield* exerciseSteps(index);
}

/** The exercise itself, whether or not this process has run it (the bench runs it on a second form). */
export function* exerciseSteps(index: DossierIndex): Build<void> {
  const questions = exerciseQuestions(index);
  // The /who and /what questions are the person and the topic word: complete their beginnings too.
  const person = questions.find(([kind]) => kind === 'who')?.[1] ?? '';
  const topic = questions.find(([kind]) => kind === 'what')?.[1] ?? '';
  // Twice: the second run is when the regexes compile to machine code.
  for (let round = 0; round < 2; round++) {
    for (const [kind, q] of questions) {
      answerAt(index, kind, q, 0);
      yield;
    }
    suggestNames(index, person.slice(0, 3), 'person');
    suggestNames(index, '', 'person');
    suggestTopics(index, topic.slice(0, 4));
    yield;
    // The figure reader, on a figure of every kind: a corpus's own "how many" question may meet
    // no figure, and then the first real one paid 15-20 ms of compiling at 100k paragraphs.
    for (const sentence of FIGURE_SENTENCES) quantitiesIn(sentence, EVERY_KIND);
    yield;
  }
}

/** Sentences with a figure of each kind the figure reader tells apart (and what it leaves out). */
const FIGURE_SENTENCES = [
  'About 150,000 troops, 2.5 million people and twelve ships were there, up 37 percent or 5% on the year.',
  'The council spent $5.5 billion, or €30 a head, and tickets cost 9.99 dollars per week.',
  'The 63-year-old mayor, aged 41, met Braun, 38, for three hours after a 90-day trial two years ago.',
  'The ferry runs 155 miles, a 10-foot swell, half a mile and an hour away; 100 metric tons of grain.',
  'On February 24, 2022 the number one buyer ordered 787-9 jets, No. 2 among dozens of hundreds.',
];
const EVERY_KIND: QuantityAsk = {
  kinds: new Map<QuantityKind, number>([
    ['count', 1],
    ['money', 1],
    ['duration', 1],
    ['distance', 1],
    ['age', 1],
    ['share', 1],
    ['measure', 1],
  ]),
  rate: false,
  topic: 'figures',
};
