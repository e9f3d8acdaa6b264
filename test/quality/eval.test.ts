import { describe, expect, it } from 'vitest';
import { QuestionFileError, elementMatches, judge, parseQuestions, type Outcome } from './match.js';

const outcome = (text: string | null, extra: Partial<Outcome> = {}): Outcome => ({
  text,
  message: null,
  citations: [],
  ...extra,
});
const cite = (
  text: string,
  more: Partial<Outcome['citations'][number]> = {},
): Outcome['citations'][number] => ({
  articleId: 'a',
  paragraph: 1,
  text,
  date: null,
  ...more,
});

describe('answer elements', () => {
  it('matches a case-insensitive, whitespace-normalised substring', () => {
    expect(elementMatches('secretary of  State', outcome('The  Secretary of State.'))).toBe(true);
    expect(elementMatches('Minister', outcome('The Secretary of State.'))).toBe(false);
  });

  it('takes any of the " | " alternatives', () => {
    expect(elementMatches('24-hour | 24 hours', outcome('about 24 hours.'))).toBe(true);
    expect(elementMatches('24-hour | 24 hours', outcome('20 years.'))).toBe(false);
  });

  it('matches an ISO date in the formats the engine prints', () => {
    expect(elementMatches('2019-11-18', outcome('Monday 18 November 2019.'))).toBe(true);
    expect(elementMatches('2019-11-18', outcome('November 18, 2019'))).toBe(true);
    expect(elementMatches('2019-11-18', outcome('18 Nov 2019'))).toBe(true);
    expect(elementMatches('2019-11-18', outcome('Monday 28 November 2019.'))).toBe(false);
    expect(elementMatches('2019-11', outcome('November 2019.'))).toBe(true);
    expect(elementMatches('2019-11', outcome('Tuesday 19 November 2019.'))).toBe(true);
    expect(elementMatches('2019-11', outcome('Tuesday 19 December 2019.'))).toBe(false);
    expect(elementMatches('2019', outcome('in 2019.'))).toBe(true);
  });

  it('matches an ISO date given by a citation date, and ISO alternatives', () => {
    const out = outcome('on Friday.', { citations: [cite('x', { date: '2019-11-22' })] });
    expect(elementMatches('2019-11-22', out)).toBe(true);
    expect(elementMatches('2019-11', out)).toBe(true);
    expect(elementMatches('2019-11-21', out)).toBe(false);
    expect(elementMatches('2019-11-21 | 2019-11-22', out)).toBe(true);
  });
});

describe('judging a question', () => {
  const [who, none] = parseQuestions(
    `
- page: 04a6711caa
  q: "/who Jane Doe"
  kind: who
  answer: ["Secretary of State", "2019-11-18 | 18 November 2019"]
  cite: "named secretary"
- page: seed:kremlin.md
  q: "Who won the 2018 World Cup?"
  kind: nothing
`,
    'inline.yaml',
  );

  it('needs every element and the cite', () => {
    const good = outcome('Jane Doe: Secretary of State since Monday 18 November 2019.', {
      citations: [cite('She was  NAMED Secretary on Monday.')],
    });
    expect(judge(who!, good).ok).toBe(true);
    expect(judge(who!, { ...good, text: 'Jane Doe: Secretary of State.' }).ok).toBe(false);
    expect(judge(who!, { ...good, citations: [cite('unrelated')] }).ok).toBe(false);
    expect(judge(who!, { ...good, citations: [cite('unrelated', { section: 'Named Secretary' })] }).ok).toBe(
      true,
    );
  });

  it('a nothing expectation wants no answer line and no citation, or passages labelled closest', () => {
    expect(judge(none!, outcome(null, { message: 'Nothing about “2018 World Cup” appears.' })).ok).toBe(true);
    expect(judge(none!, outcome(null, { message: 'No direct answer.', citations: [cite('x')] })).ok).toBe(
      false,
    );
    expect(judge(none!, outcome('France.')).ok).toBe(false);
    expect(judge(none!, outcome('France.', { message: 'Nothing was found.' })).ok).toBe(true);
  });

  it('a nothing expectation accepts "nothing found" that shows the closest passages as such', () => {
    const closest = {
      message: 'No distance found in the articles. Closest passages:',
      citations: [cite('x')],
    };
    expect(judge(none!, outcome(null, closest)).ok).toBe(true);
    // An answer line, or passages not labelled as the closest ones, is an answer.
    expect(judge(none!, outcome('12 miles.', closest)).ok).toBe(false);
    expect(judge(none!, outcome(null, { message: 'No distance found.', citations: [cite('x')] })).ok).toBe(
      false,
    );
  });
});

describe('question files', () => {
  it('reject a malformed entry, naming the file and the entry', () => {
    const bad = `
- page: 04a6711caa
  q: "/who Jane Doe"
  kind: who
  answer: ["x"]
- page: 04a6711caa
  q: "How tall is it?"
  kind: height
  answer: ["3 m"]
`;
    expect(() => parseQuestions(bad, 'x.yaml')).toThrow(QuestionFileError);
    expect(() => parseQuestions(bad, 'x.yaml')).toThrow(/x\.yaml: entry 2 \(q: "How tall is it\?"\): kind/);
  });

  it('reject an answer on a nothing question, a bad page id, unknown keys and non-lists', () => {
    const entry = (body: string): string => `- page: 04a6711caa\n  q: "Who?"\n${body}`;
    expect(() => parseQuestions(entry('  kind: nothing\n  answer: ["x"]\n'), 'f.yaml')).toThrow(/answer/);
    expect(() => parseQuestions(entry('  kind: who\n'), 'f.yaml')).toThrow(/needs an answer/);
    expect(() => parseQuestions(entry('  kind: who\n  answer: ["x"]\n  anwser: ["y"]\n'), 'f.yaml')).toThrow(
      /entry 1/,
    );
    expect(() => parseQuestions('- page: 04A6\n  q: "x"\n  kind: who\n  answer: ["x"]\n', 'f.yaml')).toThrow(
      /page/,
    );
    expect(() => parseQuestions('page: x\n', 'f.yaml')).toThrow(/list of questions/);
    expect(() => parseQuestions('- [unclosed\n', 'f.yaml')).toThrow(/not valid YAML/);
  });

  it('take a page of the publication-date set by its name, never a path', () => {
    const on = (page: string): string => `- page: '${page}'\n  q: "x"\n  kind: who\n  answer: ["x"]\n`;
    expect(parseQuestions(on('pubdates:cbsnews.com.carolina'), 'f.yaml')[0]!.page).toBe(
      'pubdates:cbsnews.com.carolina',
    );
    expect(() => parseQuestions(on('pubdates:../x/y'), 'f.yaml')).toThrow(/page/);
    expect(() => parseQuestions(on('pubdates:'), 'f.yaml')).toThrow(/page/);
  });
});
