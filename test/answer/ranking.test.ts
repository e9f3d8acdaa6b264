/**
 * Which passages a topic question takes (issue #16, "Ranking"): a passage counts by its own text, the
 * words of a two-word topic must meet in it, and syndicated copies are folded before the candidate
 * window fills. Small invented articles, built through ingestion as the corpus folder would be.
 */
import { describe, expect, it } from 'vitest';
import { answerSearch, answerTimeline, answerWhen } from '../../src/answer/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import type { Article } from '../../src/corpus/index.js';
import type { DossierIndex } from '../../src/index/model.js';
import { expectWellCited, md } from './helpers.js';

const index = (articles: Article[]): DossierIndex => buildIndex({ articles, errors: [] });

describe('a passage counts by its own text, not its headline or section', () => {
  // The headline and a sub-heading say "truce"; only ¶1 and ¶4 do. The others are about the same
  // port but never mention a truce: they may rank, they must not be cited or counted for it.
  const port = md(
    'brennick-port.md',
    'Truce holds at Brennick port',
    'Coast Wire',
    '2024-05-06',
    [
      'The truce between the dockers and the Brennick port board began on April 28, 2024.',
      'Tugboat crews returned to work on April 30, 2024.',
      '## Truce talks',
      'The harbour master met the union on May 2, 2024, to discuss night shifts.',
      'Both sides said the truce would be reviewed on May 20, 2024.',
      'A grain ship docked on May 3, 2024.',
    ].join('\n\n'),
  );
  const other = md(
    'orland-fair.md',
    'Orland fair opens',
    'Lakeside Ledger',
    '2024-05-04',
    'The Orland county fair opened on May 4, 2024, with a record crowd.',
  );
  const ix = index([port, other]);

  it('/search counts and cites only the paragraphs whose text says "truce"', () => {
    const a = answerSearch(ix, 'truce');
    expect(a.text).toMatch(/^2 passages in 1 of 2 articles/);
    expect(a.citations.map((c) => c.paragraph).sort()).toEqual([1, 4]);
    for (const c of a.citations) expect(c.text).toMatch(/truce/i);
    expectWellCited(ix, a);
  });

  it('/timeline lists only the dates of paragraphs whose text says "truce"', () => {
    const a = answerTimeline(ix, 'truce');
    expect(a.citations.map((c) => c.date)).toEqual(['2024-04-28', '2024-05-20']);
    for (const c of a.citations) expect(c.text).toMatch(/truce/i);
    expect(a.text).toMatch(/^2 dated events/);
  });
});

describe('the words of a two-word topic must meet in the passage', () => {
  // The shark story's ¶1 holds both words, its date a sentence later. The gallery story is about
  // another attack, told in more paragraphs, each naming its date in the sentence that says
  // "attack": "attack" alone must not bring that date into the answer.
  const shark = md(
    'kelso-point-shark.md',
    'Surfer hurt off Kelso Point',
    'Coast Wire',
    '2024-06-10',
    [
      'A surfer was taken to the Kelso Point clinic with leg wounds after a shark attack in the ' +
        'shallows, the first on that beach in a decade. Lifeguards closed the beach on June 8, 2024.',
      'The beach reopened after a sweep by drones.',
    ].join('\n\n'),
  );
  const gallery = md(
    'varen-gallery.md',
    'Gallery guards hurt in Varen raid',
    'Lakeside Ledger',
    '2024-03-05',
    [
      'The attack on the Varen gallery on March 3, 2024, left two guards hurt.',
      'Police said the March 3, 2024, attack was planned for weeks.',
      'The gallery stayed shut after the attack of March 3, 2024.',
      'Staff recalled the attack of March 3, 2024.',
      'The attack of March 3, 2024, cost the insurers dearly.',
    ].join('\n\n'),
  );
  const ix = index([shark, gallery]);

  it('/when shark attack dates the shark attack, and cites no paragraph that says only "attack"', () => {
    const a = answerWhen(ix, 'shark attack');
    expect(a.text).toMatch(/^Saturday 8 June 2024/);
    expect(a.text).not.toMatch(/March/);
    for (const c of a.citations) expect(c.text).toMatch(/shark/i);
    expectWellCited(ix, a);
  });

  it('/timeline shark attack has the one event, not the gallery attack', () => {
    const a = answerTimeline(ix, 'shark attack');
    expect(a.citations.map((c) => c.date)).toEqual(['2024-06-08']);
  });

  it('a two-word topic no paragraph holds whole still finds the paragraphs holding either word', () => {
    const a = answerSearch(ix, 'gallery drones');
    expect(a.citations.length).toBeGreaterThan(0);
  });
});

describe('a passage that holds the search word for word ranks first', () => {
  // The roundup names the lander and the moon in one sentence, twice, and is short; the other story
  // holds the three words as one phrase, in a longer paragraph.
  const roundup = md(
    'roundup.md',
    'Five firms picked for moon deliveries',
    'Space Wire',
    '2024-06-10',
    [
      "The agency picked Orbiton's Blue Moon and four other lunar lander ideas. Blue crews cheered the moon lander news.",
      'The agency will pay for each lander flight.',
    ].join('\n\n'),
  );
  const offer = md(
    'offer.md',
    'Orbiton offers its lander',
    'Launch Ledger',
    '2024-06-11',
    [
      'Orbiton will offer the agency its Blue Moon lander that the company unveiled in May, capable of carrying several tonnes of cargo to the surface of the moon, the company said on Monday in a statement.',
    ].join('\n\n'),
  );
  const ix = index([roundup, offer]);

  it('/search Blue Moon lander cites the passage that names "Blue Moon lander" first', () => {
    const a = answerSearch(ix, 'Blue Moon lander');
    expect(a.citations[0]?.text).toContain('its Blue Moon lander that');
  });
});

describe('a near spelling does not make the words of a two-word topic meet', () => {
  const retiring = md(
    'retiring.md',
    'Before you retire',
    'Money Desk',
    '2024-06-10',
    "If you're waiting until 65 to retire, the cost of private health insurance can be steep.",
  );
  const murals = md(
    'murals.md',
    'Artist paints village walls',
    'Coast Wire',
    '2024-06-11',
    'The youth spends around Rs 500 for each painting and has so far done about 60 wall paintings.',
  );
  const ix = index([retiring, murals]);

  it('"paintings cost" finds the paintings, not "waiting … cost"', () => {
    const a = answerSearch(ix, 'paintings cost');
    expect(a.citations.map((c) => c.text).join(' ')).toMatch(/each painting/);
  });
});

describe('syndicated copies are folded before the candidate window fills', () => {
  // A wire story about the summit, carried word for word by 90 outlets: five short paragraphs that
  // each say "summit" twice, so every copy outranks the one original report below, whose six
  // paragraphs each date a different day of the summit talks.
  const wire = [
    'The summit opened in Delmar; the summit host greeted the delegations on September 2, 2024.',
    'Summit delegates toured the summit hall.',
    'The summit press room was full; the summit ran late.',
    'Summit security closed roads near the summit venue.',
    'A summit dinner followed the summit session.',
  ].join('\n\n');
  const copies = Array.from({ length: 90 }, (_, i) =>
    md(`wire-${i}.md`, `Delegates gather in Delmar (${i})`, `Outlet ${i}`, '2024-09-03', wire),
  );
  const days = ['September 3', 'September 4', 'September 5', 'September 6', 'September 9', 'September 10'];
  const report = md(
    'delmar-diary.md',
    'A diary of the Delmar talks',
    'Harbour Review',
    '2024-09-11',
    days
      .map(
        (d, i) =>
          `On ${d}, 2024, the delegations at the summit worked through chapter ${i + 1} of the draft, ` +
          'with long sessions on fisheries, shipping lanes, port fees and the customs rules that ' +
          'the negotiators had left open since the spring.',
      )
      .join('\n\n'),
  );
  const ix = index([...copies, report]);

  it('/timeline summit shows the wire date and all six dated days of the report', () => {
    const a = answerTimeline(ix, 'summit');
    expect(a.text).toMatch(/^7 dated events/);
    expect(a.citations.map((c) => c.date)).toEqual([
      '2024-09-02',
      '2024-09-03',
      '2024-09-04',
      '2024-09-05',
      '2024-09-06',
      '2024-09-09',
      '2024-09-10',
    ]);
  });

  it('/search summit counts the five wire passages once and the six report passages', () => {
    const a = answerSearch(ix, 'summit');
    expect(a.text).toMatch(/^11 passages/);
    // The wire passages come first, each with its other 89 outlets folded in.
    expect(a.citations[0]!.alsoIn).toHaveLength(89);
    expectWellCited(ix, a);
  });
});

describe('a search counts distinct passages, up to a window it says is full', () => {
  // 130 different reports that mention a ferry's passengers, each carried word for word by a second
  // outlet. Each report draws its other words from a shared list, so any two share few of them.
  const vocabulary = (
    'harbour storm pier captain cargo tide dock engine crew ticket island bridge weather delay ' +
    'schedule council fare timber diesel lighthouse channel beacon anchor rope deck cabin galley ' +
    'mooring buoy signal radio coastguard pilot barge trawler quay slipway ramp gangway hull keel ' +
    'rudder propeller funnel mast sail compass chart lantern siren whistle horn bell cargoes crates'
  ).split(' ');
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const body = (i: number): string => {
    const picked = Array.from({ length: 10 }, () => vocabulary[Math.floor(next() * vocabulary.length)]!);
    return `Report ${i}: the ferry passengers saw the ${picked.join(' and the ')}.`;
  };
  const bodies = Array.from({ length: 130 }, (_, i) => body(i));
  const articles = bodies
    .map((text, i) => [
      md(`ferry-${i}.md`, `Ferry report ${i}`, 'Coast Wire', '2024-05-06', text),
      md(`ferry-copy-${i}.md`, `Ferry report ${i}`, 'Bay Herald', '2024-05-06', text),
    ])
    .flat();

  it('folds the word-for-word copies and shows a full window as "100+"', () => {
    const a = answerSearch(index(articles), 'ferry passengers');
    expect(a.text).toMatch(/^100\+ passages in \d+ of 260 articles — page 1 of 34\.$/);
    expect(a.citations[0]?.alsoIn).toHaveLength(1);
  });

  it('counts exactly below the window', () => {
    const a = answerSearch(index(articles.slice(0, 40)), 'ferry passengers');
    expect(a.text).toMatch(/^20 passages in 40 of 40 articles — page 1 of 7\.$/);
  });
});
