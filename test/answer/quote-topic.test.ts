/**
 * "What did X say about Y?": the person's words on Y, not their best-known quote (issue #16,
 * "Questions"). Invented articles, built through ingestion.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import type { Article } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { md as article } from './helpers.js';

const md = (file: string, title: string, body: string): Article =>
  article(file, title, 'Health Desk', '2024-05-02', body);

const story = md(
  'lung.md',
  'The pillow that nearly killed him',
  [
    '“We are paid to be nosy,” said Dr. Owen Darby, a chest physician in Carrow. “The danger is that we assume diseases are unexplained.”',
    'The first chest X-ray was read as normal. “His doctor was astute in not accepting the X-ray result at face value,” Darby said.',
    '“People with feather pillows should not panic,” Darby said of the risk to others.',
  ].join('\n\n'),
);
const index = buildIndex({ articles: [story], errors: [] });

describe('what someone said about something', () => {
  it('gives the words on the topic asked, found in the quote or its paragraph', () => {
    expect(answerAsk(index, 'What did Darby say about the chest X-ray?').text).toMatch(/face value/);
    expect(answerAsk(index, 'What did Darby say about feather pillows?').text).toMatch(/should not panic/);
    // "think of" asks for their words too.
    expect(answerAsk(index, 'What does Darby think of feather pillows?').text).toMatch(/should not panic/);
  });

  it('takes an adverb before the speech verb for no part of the speaker: "What did Darby famously say?"', () => {
    expect(answerAsk(index, 'What did Owen Darby famously say?').text).toMatch(/^Owen Darby said:/);
    expect(answerAsk(index, 'What did Darby once say about feather pillows?').text).toMatch(
      /should not panic/,
    );
  });

  it('meets the topic in another form of its words: "buying" holds "buy"', () => {
    const shop = md(
      'shop.md',
      'A shop of feather pillows',
      [
        'Stall owner Ines Marlow sells feather pillows at the Sunday market.',
        '“We used to sell quilts, but the quilts never sold well,” Marlow said.',
        '“When I saw the first pillow, I thought I have to buy it,” Marlow said.',
      ].join('\n\n'),
    );
    const idx = buildIndex({ articles: [shop], errors: [] });
    expect(answerAsk(idx, 'What did Marlow say about buying one?').text).toMatch(/have to buy it/);
  });

  it('of quotes that hold as much of the topic, takes the one that says its words together', () => {
    const garden = md(
      'garden.md',
      'Keeping cut hydrangeas fresh',
      [
        '“Because of cold storage of cut flowers, watch for dark petals. You want a hydrangea that feels sturdy and not soft or spongy,” florist Callie Brand said.',
        '“The best time of the day to cut your hydrangea blooms is in the morning,” Brand says.',
      ].join('\n\n'),
    );
    const idx = buildIndex({ articles: [garden], errors: [] });
    expect(answerAsk(idx, 'What did Brand say about when to cut hydrangeas?').text).toMatch(/in the morning/);
  });

  it('finds the speaker asked with a title the articles do not write before the name', () => {
    expect(answerAsk(index, 'What did Doctor Darby say about feather pillows?').text).toMatch(
      /should not panic/,
    );
    expect(answerAsk(index, 'What did Dr. Darby say about feather pillows?').text).toMatch(
      /should not panic/,
    );
    expect(answerAsk(index, 'What did Professor Owen Darby say about feather pillows?').text).toMatch(
      /should not panic/,
    );
  });

  it('takes the words of a story on the topic when no quote or paragraph names it', () => {
    const awards = md(
      'awards.md',
      'Thriller wins top prize at the Players Guild awards',
      [
        'A Korean thriller was the upset winner at the Players Guild awards on Sunday, while Joel Brannigan was named best actor.',
        '“I am standing on the shoulders of my favourite actor,” Brannigan said on Sunday.',
      ].join('\n\n'),
    );
    const both = buildIndex({ articles: [story, awards], errors: [] });
    expect(answerAsk(both, 'What did Brannigan say on stage at the Players Guild awards?').text).toMatch(
      /standing on the shoulders/,
    );
    // Not for a topic that story does not name either.
    expect(answerAsk(both, 'What did Brannigan say about the hospital budget?').text).toBeNull();
  });

  it('finds the speaker asked with a description before the name: "the neighbor Tomas Rind"', () => {
    const street = md(
      'street.md',
      'A quiet street in shock',
      '“It was a quiet street until this week,” said neighbor Tomas Rind, who has lived there for years.',
    );
    const both = buildIndex({ articles: [story, street], errors: [] });
    expect(answerAsk(both, 'What did the neighbor Tomas Rind say about the street?').text).toMatch(
      /^Tomas Rind said: “It was a quiet street/,
    );
  });

  it('says nothing was found when none of their words is on it', () => {
    const a = answerAsk(index, 'What did Darby say about the hospital budget?');
    expect(a.text).toBeNull();
    expect(a.message).toMatch(/^No words of Owen Darby found on “the hospital budget”/);
  });

  it('finds a speaker the question gives by role alone: "the LAPD detective", "the county analyst"', () => {
    const remains = md(
      'remains.md',
      'Remains found near freeway',
      [
        'The remains were found on Tuesday. “We are asking anyone who saw the van to call us,” said LAPD homicide detective Efren Gulo.',
        '“If a suspect hides a body, it is to delay identification,” Gulo said.',
        '“The budget will not cover a second search,” said county analyst Mia Sorell.',
        'County analyst Mia Sorell said the search had cost $40,000 so far.',
        '“Prices have not moved,” said Tomas Rind, a market analyst at a bank.',
      ].join('\n\n'),
    );
    const both = buildIndex({ articles: [story, remains], errors: [] });
    expect(
      answerAsk(both, 'What did the LAPD detective say about why a killer would hide a body?').text,
    ).toMatch(/^Efren Gulo, LAPD homicide detective, said: “If a suspect hides a body/);
    expect(answerAsk(both, 'What did the county analyst say?').text).toMatch(
      /^Mia Sorell, county analyst, said:/,
    );
    // Every word of the description must be in the role: no county detective is quoted.
    expect(answerAsk(both, 'What did the county detective say?').text).toBeNull();
  });
});
