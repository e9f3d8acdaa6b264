/**
 * A question that names something is answered only from articles that name it too (issue #16,
 * "Questions": a precise "nothing found" before a wrong answer). Small invented articles, built
 * through ingestion as the corpus folder would be.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { md } from './helpers.js';

// One article names Veltria and its fuel price rise but gives no figure; the other gives figures
// (an engine size, a price) and shares the words "fuel" and "prices" but never names Veltria.
const veltria = md(
  'veltria-fuel.md',
  'Protests spread after fuel rise',
  'Gulf Wire',
  '2024-03-04',
  [
    'Protests spread across Veltria on Sunday after the government raised fuel prices overnight.',
    'Officials in Veltria did not say how much the rise would add to household bills.',
  ].join('\n\n'),
);
const cars = md(
  'auto-show.md',
  'New hybrids headline the Carrow auto show',
  'Motor Daily',
  '2024-03-05',
  [
    'Carmakers raised the fuel economy of their hybrids, and fuel prices were the talk of the Carrow show.',
    'The new Dorran sedan pairs a 2.5-liter engine with an electric motor and costs $31,000.',
    'Its maker, Dorran Motors, said fuel prices had raised demand for hybrids by 20%.',
  ].join('\n\n'),
);
const index = buildIndex({ articles: [veltria, cars], errors: [] });

describe('the names a question gives must be in the answer’s article', () => {
  it('"How much did Veltria raise fuel prices?" is not answered from an article that never names Veltria', () => {
    const a = answerAsk(index, 'How much did Veltria raise fuel prices?');
    expect(a.text).toBeNull();
    expect(a.message).toMatch(/^No amount found/);
    expect(a.citations.map((c) => c.articleId)).not.toContain(cars.id);
    // Without the article that names it, the message says why nothing is answered.
    const carsOnly = buildIndex({ articles: [cars], errors: [] });
    const b = answerAsk(carsOnly, 'How much did Dorran Motors say fuel prices raised demand in Veltria?');
    expect(b.text).toBeNull();
    expect(b.citations).toEqual([]);
  });

  it('still answers from the article that names it', () => {
    const a = answerAsk(index, 'How much does the Dorran sedan cost?');
    expect(a.text).toMatch(/\$31,000/);
    expect(a.citations[0]?.articleId).toBe(cars.id);
  });

  it('counts a form of the name ("Veltrian") and the outlet as naming it', () => {
    const form = md(
      'veltrian-budget.md',
      'Budget passes',
      'Gulf Wire',
      '2024-03-06',
      'The Veltrian parliament passed a budget of $4 billion on Tuesday, Motor Daily reported.',
    );
    const withForm = buildIndex({ articles: [veltria, cars, form], errors: [] });
    expect(answerAsk(withForm, 'How much was the Veltria budget?').text).toMatch(/\$4 billion/);
    // "the sedan Motor Daily saw": the outlet names the article, even where its text does not.
    const seen = answerAsk(withForm, 'How much does the Dorran sedan Motor Daily saw cost?');
    expect(seen.text).toMatch(/\$31,000/);
  });
});

describe('a sum asked with "what"', () => {
  it('"What is the fine for …" is answered as "how much": a sum, or nothing found — never a sentence', () => {
    const priced = answerAsk(index, 'What is the price of the Dorran sedan?');
    expect(priced.text).toMatch(/^\$31,000\b/);
    const fine = answerAsk(index, 'What is the fine for raising Veltria fuel prices?');
    expect(fine.text).toBeNull();
    expect(fine.message).toMatch(/^No amount found/);
  });
});

describe('"What is the name of …"', () => {
  const rescue = md(
    'rescue.md',
    'Girl found safe in motel',
    'Metro Desk',
    '2024-05-02',
    [
      'Police found the missing girl in a Carrow motel room on Tuesday, and arrested Dale Hobbs, 51.',
      'Earlier that night, a police sergeant searched the same room but did not find her; he has since been fired.',
      'The officer who found her, Sergeant Nadia Brill, said the girl was calm.',
    ].join('\n\n'),
  );
  const idx = buildIndex({ articles: [rescue], errors: [] });

  it('is the person the passages name with that role', () => {
    const a = answerAsk(idx, 'What is the name of the sergeant who found the girl?');
    expect(a.text).toMatch(/^Nadia Brill\b/);
  });

  it('is "no one found" when the passages name no one with it, never another person', () => {
    const a = answerAsk(idx, 'What was the name of the detective who searched the motel room?');
    expect(a.text).toBeNull();
    expect(a.message).toMatch(/^No one found: the articles name no detective/);
  });
});

describe('a post asked for its holder', () => {
  const team = md(
    'team.md',
    'Harriers win again',
    'Metro Desk',
    '2024-05-02',
    [
      'Coach Dana Pellow said the Harriers were ready for Saturday, when they play Carrow.',
      'Carrow coach Ilse Varga said her side had injuries.',
      'The campaign was led by Velmont Gov. Rena Tolliver, who said it was working.',
    ].join('\n\n'),
  );
  const idx = buildIndex({ articles: [team, veltria], errors: [] });

  it('"Who is the Harriers\' coach?", "which governor …": the person the passages give that post', () => {
    expect(answerAsk(idx, "Who is the Harriers' coach?").text).toMatch(/^Dana Pellow\b/);
    expect(answerAsk(idx, 'Who is Carrow’s coach?').text).toMatch(/^Ilse Varga\b/);
    expect(answerAsk(idx, 'Which governor led the campaign?').text).toMatch(/^Rena Tolliver\b/);
  });

  it('never someone holding the post elsewhere: the question’s names must be in the article', () => {
    const a = answerAsk(idx, 'Who is the coach of Veltria?');
    expect(a.text ?? '').not.toMatch(/Pellow|Varga/);
    // "Harvest" asked as a name is not the word "harvest" in another article about a CEO.
    const farm = md(
      'farm.md',
      'Growers look ahead',
      'Farm Wire',
      '2024-05-03',
      'CEO Mira Dahl said the new harvest would be late, and growers agreed.',
    );
    const both = buildIndex({ articles: [team, farm], errors: [] });
    const ceo = answerAsk(both, 'Who is the new CEO of Harvest?');
    expect(ceo.text).toBeNull();
    expect(ceo.message).toMatch(/^No one found/);
  });

  it('a head no one’s role has is left to the other answerers ("which hospital …")', () => {
    const care = md(
      'care.md',
      'Patient recovers',
      'Health Desk',
      '2024-05-04',
      'Consultant Owen Darby of Carrow Royal Infirmary said the patient had recovered.',
    );
    const a = answerAsk(buildIndex({ articles: [care], errors: [] }), 'Which hospital is Owen Darby from?');
    expect(a.message ?? '').not.toMatch(/name no hospital/);
  });
});

describe('"Who is NAME in …"', () => {
  const review = md(
    'review.md',
    'Quarry Run review',
    'Game Desk',
    '2024-05-05',
    'Quarry Run follows Tal Vesko, a pilot in hiding, who meets a former knight (Oriel) on the way.',
  );
  const idx = buildIndex({ articles: [review], errors: [] });

  it('asks about that name, and is never answered with someone else', () => {
    expect(answerAsk(idx, 'Who is Tal Vesko in Quarry Run?').text).toMatch(/^Tal Vesko\b/);
    expect(answerAsk(idx, 'Who is Oriel in Quarry Run?').text ?? '').not.toMatch(/Vesko/);
  });
});

describe('"Which firm …" asks for an organisation', () => {
  const deal = md(
    'deal.md',
    'Label sold',
    'Money Desk',
    '2024-05-06',
    [
      'Dara Quell bought the Orrin Records label for $300M in a deal backed by the private equity firm Halden Capital.',
      'Dara Quell said the label would keep its name.',
    ].join('\n\n'),
  );
  const idx = buildIndex({ articles: [deal], errors: [] });

  it('is answered with the organisation the passages on it name, not a person', () => {
    expect(answerAsk(idx, 'Which private equity firm is behind the Orrin Records deal?').text).toMatch(
      /^Halden Capital\b/,
    );
  });
});

describe('a question naming the outlet', () => {
  const review = md(
    'levels.md',
    'Quarry Run review',
    'Gazette247',
    '2024-05-07',
    'Our reviewer finished 12 levels in the first week, starting in the city of Orrick.',
  );
  const idx = buildIndex({ articles: [review], errors: [] });

  it('is about that outlet’s articles, though their text never names it', () => {
    expect(answerAsk(idx, 'How many levels did the Gazette247 reviewer finish?').text).toMatch(
      /^12 levels\b/,
    );
    // "Which city …" asks where.
    expect(answerAsk(idx, 'Which city did the Gazette247 reviewer start in?').text).toMatch(/^Orrick\b/);
  });
});

describe('a person the articles name but do not describe', () => {
  const gossip = md(
    'gossip.md',
    'Label row ends',
    'Arts Desk',
    '2024-05-08',
    'Dara Quell has worked with the likes of Tomas Ferrand and Ilse Morrow. Public Ombudsman Nadia Cruz said nothing.',
  );
  const idx = buildIndex({ articles: [gossip], errors: [] });

  it('is "no role found", with the passages that name them', () => {
    const a = answerAsk(idx, 'Who is Ilse Morrow?');
    expect(a.text).toBeNull();
    expect(a.message).toMatch(
      /^No role found for Ilse Morrow: the articles name them but do not say who they are\./,
    );
    expect(a.citations.length).toBeGreaterThan(0);
    // An ombudsman is a title before the name.
    expect(answerAsk(idx, 'Who is Nadia Cruz?').text).toMatch(/^Nadia Cruz: Public Ombudsman\b/);
  });
});
