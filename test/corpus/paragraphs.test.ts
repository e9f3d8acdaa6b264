/** Paragraph splitting, numbering, sections and Markdown handling. */
import { describe, expect, it } from 'vitest';
import { article, texts, titled } from './helpers.js';

describe('paragraphs', () => {
  it('blank lines separate paragraphs; whitespace inside is collapsed; numbering starts at 1', () => {
    const a = article('a.txt', titled('One   two\tthree.\n\n\n   Four\u00a0five.  \n'));
    expect(a.paragraphs.map((p) => [p.n, p.text])).toEqual([
      [1, 'One two three.'],
      [2, 'Four five.'],
    ]);
  });

  it('hard-wrapped text is joined back into one paragraph, even where a line ends a sentence', () => {
    const text = [
      'The council met on Monday evening to discuss the budget for next year and the',
      'plans for the library. Members spoke for three hours before the vote was taken.',
      'The result was announced just after midnight by the clerk of the council.',
      'It passed five votes to two.',
    ].join('\n');
    expect(article('a.txt', titled(text)).paragraphs).toHaveLength(1);
  });

  it('inside a block of long unwrapped lines, a line ending a sentence starts a new paragraph', () => {
    const long = 'The council met on Monday evening to discuss the budget for next year, and it ran late into the night.';
    expect(texts(article('a.txt', titled(`${long}\n${long}`)))).toEqual([long, long]);
  });

  it('a line that stops mid-sentence continues when the next starts in lowercase', () => {
    expect(texts(article('a.txt', titled('The mayor said that\nthe vote would wait.')))).toEqual([
      'The mayor said that the vote would wait.',
    ]);
  });

  it('a short heading followed by body paragraphs is a section, not a paragraph, until the next heading', () => {
    const a = article('a.txt', titled('Intro text here.\n\nBudget concerns\n\nFirst.\n\nSecond.\n\nNext steps\n\nThird.'));
    expect(a.paragraphs.map((p) => [p.n, p.section, p.text])).toEqual([
      [1, undefined, 'Intro text here.'],
      [2, 'Budget concerns', 'First.'],
      [3, 'Budget concerns', 'Second.'],
      [4, 'Next steps', 'Third.'],
    ]);
  });

  it('headings directly after each other are joined into one section', () => {
    const a = article('a.txt', titled('Part two\n\nThe vote\n\nIt passed.'));
    expect(a.paragraphs).toEqual([expect.objectContaining({ section: 'Part two — The vote', text: 'It passed.' })]);
  });

  it('a short line at the very end, with no body after it, stays a paragraph', () => {
    const a = article('a.txt', titled('The vote passed.\n\nReporting from Kyiv'));
    expect(texts(a)).toEqual(['The vote passed.', 'Reporting from Kyiv']);
  });

  it('Markdown: # headings become sections, links keep their text, images and emphasis markers go', () => {
    const md = titled(
      '## The vote\n\nThe **council** voted, *narrowly*, to [approve](https://x.example) the plan. ![chart](c.png)\n\n> “We listened,” she said.\n\n- First point.\n- Second point.',
    );
    const a = article('a.md', md);
    expect(a.paragraphs.map((p) => [p.section, p.text])).toEqual([
      ['The vote', 'The council voted, narrowly, to approve the plan.'],
      ['The vote', '“We listened,” she said.'],
      ['The vote', 'First point.'],
      ['The vote', 'Second point.'],
    ]);
  });

  it('Markdown: a trailing # heading with nothing under it is dropped', () => {
    expect(texts(article('a.md', titled('The vote passed.\n\n## Comments')))).toEqual(['The vote passed.']);
  });

  it('HTML comments spanning several lines in a text file are removed', () => {
    expect(texts(article('a.txt', titled('<!-- tracking\nblock -->\nThe vote passed.')))).toEqual(['The vote passed.']);
  });
});
