/**
 * A question's lower-case words parted into nouns and verbs by how English questions are built:
 * the verb ends the subject after an auxiliary, follows a relative word or a second auxiliary, and
 * with "be" first it is the participle no determiner makes a modifier.
 */
import { describe, expect, it } from 'vitest';
import { questionWords } from '../../src/answer/question-words.js';

describe('questionWords', () => {
  it('finds the verb after the subject of "do", "did", "will"', () => {
    expect(questionWords('does the Clymer workshop manual cost')).toEqual({
      nouns: ['workshop', 'manual'],
      verbs: ['cost'],
    });
    expect(questionWords('did Hong Kong police trap inside the university')).toEqual({
      nouns: ['police', 'university'],
      verbs: ['trap'],
    });
    // A preposition does not end such a subject; a particle after the verb is neither.
    expect(questionWords('does the man with feather duvet lung live')).toEqual({
      nouns: ['man', 'feather', 'duvet', 'lung'],
      verbs: ['live'],
    });
    expect(questionWords('did Junior Gaspard grow up')).toEqual({ nouns: [], verbs: ['grow'] });
    // After a bare name, one word is the verb, a preposition after it or not.
    expect(questionWords('will South Korea invest in solar research and development')).toEqual({
      nouns: ['solar', 'research', 'development'],
      verbs: ['invest'],
    });
  });

  it('finds the verb after a relative word and after a second auxiliary', () => {
    expect(questionWords('is the hunter who caught bubonic plague from')).toEqual({
      nouns: ['hunter', 'bubonic', 'plague'],
      verbs: ['caught'],
    });
    expect(questionWords("had Coty's stock been falling before this year")).toEqual({
      nouns: ['stock', 'year'],
      verbs: ['falling'],
    });
  });

  it('takes the last participle of a "be" question, not one a determiner makes a modifier', () => {
    expect(questionWords('was the hunter with bubonic plague hospitalized')).toEqual({
      nouns: ['hunter', 'bubonic', 'plague'],
      verbs: ['hospitalized'],
    });
    expect(questionWords('is the kidnapped girl from').verbs).toEqual([]);
    expect(questionWords('are the Hong Kong protesters holed up')).toEqual({
      nouns: ['protesters'],
      verbs: ['holed'],
    });
  });
});

describe('questionWords with a bare subject', () => {
  it('the second of two bare words before a preposition is the verb, unless a plural', () => {
    expect(questionWords('can people vote in person early')).toEqual({
      nouns: ['people', 'person', 'early'],
      verbs: ['vote'],
    });
    expect(questionWords('did police officers in the city strike').verbs).not.toContain('strike');
  });
});

describe('questionWords with a pronoun or an infinitive', () => {
  it('a pronoun is the whole subject, and the word after "to" is a verb unless a noun phrase opens', () => {
    expect(questionWords('did it take to build the telescope')).toEqual({
      nouns: ['telescope'],
      verbs: ['take', 'build'],
    });
    expect(questionWords('does she live')).toEqual({ nouns: [], verbs: ['live'] });
    expect(questionWords('was the injured girl taken to the hospital')).toEqual({
      nouns: ['injured', 'girl', 'hospital'],
      verbs: ['taken'],
    });
    expect(questionWords('would a hibernation mission to Mars cost')).toEqual({
      nouns: ['hibernation', 'mission'],
      verbs: ['cost'],
    });
  });
});
