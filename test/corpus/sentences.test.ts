/** splitSentences: cut at sentence ends only, never inside abbreviations, initials or numbers. */
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/index.js';

describe('splitSentences', () => {
  it.each([
    ['plain sentences', 'The vote passed. Two members objected! Why? Nobody said.', ['The vote passed.', 'Two members objected!', 'Why?', 'Nobody said.']],
    ['U.S. and U.K. inside a sentence', 'The U.S. Secretary of State met U.K. officials. Talks went on.', ['The U.S. Secretary of State met U.K. officials.', 'Talks went on.']],
    ['U.S. at the end of a sentence before "The"', 'Troops arrived in the U.S. The next day they left.', ['Troops arrived in the U.S.', 'The next day they left.']],
    ['month abbreviation before a day', 'The vote is on Feb. 24 in Kyiv. It may move.', ['The vote is on Feb. 24 in Kyiv.', 'It may move.']],
    ['titles before names', 'Mr. Becker and Dr. Marsh met Gen. Milley at St. Michael’s. They spoke.', ['Mr. Becker and Dr. Marsh met Gen. Milley at St. Michael’s.', 'They spoke.']],
    ['e.g. and i.e.', 'Some cities, e.g. Lviv, i.e. in the west, were calm. Others were not.', ['Some cities, e.g. Lviv, i.e. in the west, were calm.', 'Others were not.']],
    ['a.m. and p.m. before a capitalised word', 'It started at 9 a.m. Monday and ended at 5 p.m. The crowd left.', ['It started at 9 a.m. Monday and ended at 5 p.m.', 'The crowd left.']],
    ['initials', 'John F. Kennedy and J. R. R. Tolkien are quoted. Both are dead.', ['John F. Kennedy and J. R. R. Tolkien are quoted.', 'Both are dead.']],
    ['decimal numbers', 'Shares rose 9.5% to $5.10 each. Volume was 3.2 million.', ['Shares rose 9.5% to $5.10 each.', 'Volume was 3.2 million.']],
    ['ellipsis followed by a capital', 'He paused... Then he left. She waited … Nobody came.', ['He paused...', 'Then he left.', 'She waited …', 'Nobody came.']],
    ['ellipsis followed by lowercase stays inside', 'He said … well, nothing. Then left.', ['He said … well, nothing.', 'Then left.']],
    ['closing quote after the period', '“The job is over.” Borrell said so. “We are ready.” He left.', ['“The job is over.”', 'Borrell said so.', '“We are ready.”', 'He left.']],
    ['question inside quotes', 'She asked, “Why now?” Nobody answered.', ['She asked, “Why now?”', 'Nobody answered.']],
    ['a stray ".." belongs to the sentence before it', 'banned by the Minsk agreement. .. Ukrainian troops said so.', ['banned by the Minsk agreement. ..', 'Ukrainian troops said so.']],
    ['".." typed for a period', 'It was late.. The bus had gone.', ['It was late..', 'The bus had gone.']],
    ['Inc. before lowercase', 'Quantix Inc. said revenue rose. Shares jumped.', ['Quantix Inc. said revenue rose.', 'Shares jumped.']],
    ['No. before a number', 'It was bill No. 5 on the list. It passed.', ['It was bill No. 5 on the list.', 'It passed.']],
    ['lowercase after a period is not a new sentence', 'The approx. total was high. Really.', ['The approx. total was high.', 'Really.']],
    ['a sentence opening with a quote', 'He left. “We stay,” she said.', ['He left.', '“We stay,” she said.']],
    ['no final punctuation', 'Ceasefire violations', ['Ceasefire violations']],
  ])('%s', (_situation, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
    expect(splitSentences(text).join(' ')).toBe(text);
  });

  it('collapses whitespace first, and an empty text has no sentences', () => {
    expect(splitSentences('  One.\n\n  Two.  ')).toEqual(['One.', 'Two.']);
    expect(splitSentences(' \n ')).toEqual([]);
  });
});
