/** Front matter: fields validated one by one, errors that name the field. */
import { describe, expect, it } from 'vitest';
import { article, failure } from './helpers.js';

const BODY = '\nThe ferry to Inishmore will run twice a day from June, the operator said on Friday.\n';
const withFront = (yaml: string) => `---\n${yaml}\n---\n${BODY}`;

describe('front matter', () => {
  it('all known fields are read and unknown keys are ignored', () => {
    const a = article(
      'ferry.md',
      withFront(
        'title: Ferry timetable doubles\noutlet: Galway Tribune\nauthor: Áine Walsh\nurl: https://example.ie/ferry\npublished: 2023-04-28\ntags: [transport]\nlayout: post',
      ),
    );
    expect(a).toMatchObject({
      id: 'ferry',
      file: 'ferry.md',
      title: 'Ferry timetable doubles',
      outlet: 'Galway Tribune',
      author: 'Áine Walsh',
      url: 'https://example.ie/ferry',
      published: '2023-04-28',
    });
    expect(Object.keys(a)).not.toContain('tags');
  });

  it('a date-time in published is cut to its date as written, not converted to UTC', () => {
    expect(article('a.md', withFront('published: 2023-04-28T23:30:00-05:00')).published).toBe('2023-04-28');
    expect(article('a.md', withFront('published: 2023-04-28 08:00')).published).toBe('2023-04-28');
  });

  it('a missing title falls back to the first headline-shaped line, which then is not a paragraph', () => {
    const a = article('a.md', 'Ferry timetable doubles\n\nThe ferry will run twice a day.');
    expect(a.title).toBe('Ferry timetable doubles');
    expect(a.paragraphs.map((p) => p.text)).toEqual(['The ferry will run twice a day.']);
  });

  it('a missing title with a sentence as the first line keeps that sentence as paragraph 1', () => {
    const a = article('a.md', 'The ferry will run twice a day. Tickets go on sale in May.');
    expect(a.title).toBe('The ferry will run twice a day.');
    expect(a.paragraphs).toHaveLength(1);
  });

  it('author given as a list is joined with commas', () => {
    expect(article('a.md', withFront('author: [Ann Lee, Bo Chen]')).author).toBe('Ann Lee, Bo Chen');
  });

  it('a numeric title such as 1984 is accepted as text', () => {
    expect(article('a.md', withFront('title: 1984')).title).toBe('1984');
  });

  it('empty front matter is allowed', () => {
    expect(article('a.md', `---\n---\n${BODY}`).paragraphs).toHaveLength(1);
  });

  it.each([
    ['published: tomorrow', 'front matter field "published" is not an ISO date (YYYY-MM-DD): "tomorrow"'],
    ['published: 2022-02-30', 'front matter field "published" is not an ISO date (YYYY-MM-DD): "2022-02-30"'],
    ['published: 21/02/2022', 'front matter field "published" is not an ISO date (YYYY-MM-DD): "21/02/2022"'],
    ['published: 2022', 'front matter field "published" is not an ISO date (YYYY-MM-DD): 2022'],
    ['published: 2025-01-02', 'front matter field "published" is in the future: 2025-01-02'],
    ['url: ftp://example.com/a', 'front matter field "url" must be an http(s) URL: "ftp://example.com/a"'],
    ['url: javascript:alert(1)', 'front matter field "url" must be an http(s) URL: "javascript:alert(1)"'],
    ['url: not a url', 'front matter field "url" must be an http(s) URL: "not a url"'],
    ['title: {a: 1}', 'front matter field "title" must be text'],
    ['outlet: [a, b]', 'front matter field "outlet" must be text'],
    ['- just\n- a list', 'front matter must be YAML "key: value" lines'],
  ])('%j is rejected: %s', (yaml, reason) => {
    expect(failure('a.md', withFront(yaml))).toEqual({ file: 'a.md', reason });
  });

  it('the future check uses the `today` option (dates up to and including today pass)', () => {
    expect(article('a.md', withFront('published: 2025-01-01')).published).toBe('2025-01-01');
  });

  it('broken YAML is reported with the parser’s message', () => {
    const { reason } = failure('a.md', withFront('title: "unclosed'));
    expect(reason).toMatch(/^front matter is not valid YAML: \S/);
    expect(reason).not.toContain('\n');
  });

  it('a duplicated key is broken YAML', () => {
    expect(failure('a.md', withFront('title: A\ntitle: B')).reason).toMatch(/^front matter is not valid YAML: .*unique/i);
  });

  it('front matter without a closing line is reported', () => {
    expect(failure('a.md', '---\ntitle: A\n\nBody text.').reason).toBe(
      "front matter is not closed: add a line with only '---' after it",
    );
  });

  it('front matter with no text after it is reported', () => {
    expect(failure('a.md', '---\ntitle: A\n---\n\n  \n').reason).toBe('no article text after the front matter');
  });

  it('front matter also works in .txt files, and with a UTF-8 BOM and CRLF line ends', () => {
    const a = article('a.txt', '\uFEFF---\r\ntitle: A\r\n---\r\nThe ferry will run.\r\n');
    expect(a.title).toBe('A');
    expect(a.paragraphs.map((p) => p.text)).toEqual(['The ferry will run.']);
  });
});
