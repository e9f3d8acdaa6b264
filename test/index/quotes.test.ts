import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { extractEntities } from '../../src/index/tables/entities.js';
import { extractQuotes } from '../../src/index/tables/quotes.js';
import type { Article } from '../../src/corpus/types.js';
import type { Quote } from '../../src/index/tables/types.js';
import { article, seedArticles } from './fixtures.js';

function quotesOf(articles: Article[]): { quotes: Quote[]; speaker: (q: Quote) => string | undefined } {
  const entities = extractEntities(articles);
  const names = new Map(entities.map((e) => [e.id, e.name]));
  return { quotes: extractQuotes(articles, entities), speaker: (q) => names.get(q.entityId) };
}

const council = article(
  'council',
  [
    'Mayor Jane Okafor said on Tuesday that the council would vote next week.',
    '“We will protect every library branch in the city,” Okafor said.',
    '“The numbers do not add up,” said Councillor Tom Reyes, the chair of the finance committee.',
    'Reyes added: “We need an audit first.” He did not say who would pay for it.',
    '“I have asked for the figures twice,” he said.',
    'Jane Okafor told reporters, “The audit is welcome,” adding, “but it will not delay the vote.”',
    'According to Okafor, “the branches are safe for another year.”',
    'Residents called the plan a “quiet victory” for readers.',
    '“Nobody told us anything about this plan,” a resident complained.',
  ].join('\n'),
  '2023-05-08',
);

describe('extractQuotes on a council story', () => {
  const { quotes, speaker } = quotesOf([council]);
  const said = (fragment: string): Quote | undefined => quotes.find((q) => q.text.includes(fragment));

  it('attributes "…,” X said" and "…,” said [title] X, …"', () => {
    // The name after the closing mark, with or without a title before it.
    expect(speaker(said('protect every library')!)).toBe('Jane Okafor');
    expect(speaker(said('numbers do not add up')!)).toBe('Tom Reyes');
  });

  it('attributes "X added: “…”" and a following "he said" to the same person', () => {
    // "he" resolves to the speaker of the most recent quote, Reyes, not to Okafor named earlier.
    expect(speaker(said('audit first')!)).toBe('Tom Reyes');
    const pronoun = said('asked for the figures');
    expect(speaker(pronoun!)).toBe('Tom Reyes');
    expect(pronoun?.how).toBe('pronoun');
  });

  it('carries the speaker over to a second quote in the same sentence ("…,” adding, “…”)', () => {
    expect(speaker(said('audit is welcome')!)).toBe('Jane Okafor');
    const second = said('will not delay the vote');
    expect(speaker(second!)).toBe('Jane Okafor');
    expect(second?.how).toBe('continued');
  });

  it('attributes quotes closed by the other verbs of reporting: "X testified", "X recalled"', () => {
    const hearing = article(
      'hearing',
      [
        'State official Carl Brandt gave evidence on Thursday.',
        '“I then heard the governor ask about the contract,” Brandt testified.',
        '“It was a short call,” Mina Osei recalled, “and nobody took notes.”',
      ].join('\n'),
      '2023-05-12',
    );
    const { quotes: qs, speaker: who } = quotesOf([hearing]);
    expect(who(qs.find((q) => q.text.includes('governor ask'))!)).toBe('Carl Brandt');
    expect(who(qs.find((q) => q.text.includes('short call'))!)).toBe('Mina Osei');
  });

  it('"she said" in the next paragraph is the last person named as a speaker, not the last one mentioned', () => {
    const court = article(
      'court',
      [
        'Lena Haas, the defendant’s lawyer, told reporters that her client meant no harm to Mayor Ruth Obi.',
        '“He regrets every word,” she said in an email.',
        'Obi asked for mercy during Haas’s hearing in a letter, saying a long sentence would not help. She added, “We must answer hate with care.”',
      ].join('\n'),
      '2023-05-12',
    );
    const { quotes: qs, speaker: who } = quotesOf([court]);
    expect(who(qs.find((q) => q.text.includes('regrets every word'))!)).toBe('Lena Haas');
    // "Haas’s hearing" is a possessive mention: "She" is Obi, the subject of the sentence before.
    expect(who(qs.find((q) => q.text.includes('answer hate with care'))!)).toBe('Ruth Obi');
  });

  it('a one-word quote that is said (“Amazing,” Davis said.) is kept, and the quote after it is his too', () => {
    const game = article(
      'game',
      [
        'Anthony Davis scored 34 points on Tuesday night, and fans called it a “statement” win.',
        '“Amazing,” Davis said. “To be able to do that against every team is something special.”',
      ].join('\n'),
      '2019-11-20',
    );
    const { quotes: qs, speaker: who } = quotesOf([game]);
    expect(qs.map((q) => [who(q), q.text])).toEqual([
      ['Anthony Davis', 'Amazing'],
      ['Anthony Davis', 'To be able to do that against every team is something special.'],
    ]);
  });

  it('"she said" reaches back over a paragraph that names no one to the person named before it', () => {
    const row = article(
      'row',
      [
        'Last week, singer Ana Holt posted online, accusing her old label of blocking the show.',
        'She claimed the label thought the performance would amount to a re-recording.',
        '"I just want to be able to perform my own music," she said.',
      ].join('\n'),
      '2019-11-18',
    );
    const { quotes: qs, speaker: who } = quotesOf([row]);
    expect(qs.map((q) => [who(q), q.text])).toEqual([
      ['Ana Holt', 'I just want to be able to perform my own music'],
    ]);
  });

  it('"The 56-year-old said: “…”" is the person just named, as "he said" is', () => {
    const hire = article(
      'hire',
      [
        'Carrow Rovers have appointed Elio Brandt as their new manager.',
        'The 56-year-old said after his appointment: "I am excited to be joining a club with such a great heritage."',
        '"We have a young squad," the 56-year-old added.',
      ].join('\n'),
      '2019-11-20',
    );
    const { quotes: qs, speaker: who } = quotesOf([hire]);
    expect(qs.map((q) => who(q))).toEqual(['Elio Brandt', 'Elio Brandt']);
  });

  it('"…,” Gov. Vell said": a title\'s full stop does not end the sentence; a double-barrelled surname is the person', () => {
    const court = {
      ...article('court', '', '2020-01-08'),
      paragraphs: [
        'The state has sworn in its first Native American justice, Ana Ortiz-Bell.',
        'Governor Tom Vell appointed Ortiz-Bell, 51. As Ortiz-Bell herself said, “The most important thing is that I not be the last.”',
        '“She is the best person for the job,” Gov. Vell said.',
      ].map((text, i) => ({
        articleId: 'court',
        n: i + 1,
        text,
        sentences: [text],
      })),
    };
    const { quotes: qs, speaker: who } = quotesOf([court]);
    expect(qs.map((q) => [who(q), q.text])).toEqual([
      ['Ana Ortiz-Bell', 'The most important thing is that I not be the last.'],
      ['Tom Vell', 'She is the best person for the job'],
    ]);
  });

  it('a paragraph that is only a quote goes on quoting the speaker of the paragraph right before', () => {
    const row = article(
      'row2',
      [
        'Singer Ana Holt spoke to reporters on Monday.',
        '"I just want to be able to perform my own music," Holt said.',
        '"That\'s it. I have tried to work this out privately."',
        'The label did not reply.',
        '"We will see them in court."',
      ].join('\n'),
      '2019-11-18',
    );
    const { quotes: qs, speaker: who } = quotesOf([row]);
    expect(qs.map((q) => [who(q), q.paragraph])).toEqual([
      ['Ana Holt', 2],
      ['Ana Holt', 3],
    ]);
  });

  it('"“…” announced in October, said X": the speech verb after a comma names the speaker', () => {
    const trade = article(
      'trade',
      [
        '"The president wants a bigger deal than the little deal" announced in October, said Derek Scissors, a China scholar.',
      ].join('\n'),
      '2019-11-20',
    );
    const { quotes: qs, speaker: who } = quotesOf([trade]);
    expect(qs.map((q) => who(q))).toEqual(['Derek Scissors']);
  });

  it('a quote ending in "?" or "!" and followed by a lowercase "she wrote" is attributed', () => {
    const letter = article(
      'letter',
      [
        'Mayor Ruth Obi wrote to the court on Monday.',
        '"Who are we if we answer hate with hate?" she wrote in her letter.',
      ].join('\n'),
      '2023-05-12',
    );
    const { quotes: qs, speaker: who } = quotesOf([letter]);
    expect(who(qs.find((q) => q.text.includes('Who are we'))!)).toBe('Ruth Obi');
  });

  it('attributes "According to X, “…”"', () => {
    expect(speaker(said('branches are safe')!)).toBe('Jane Okafor');
  });

  it('drops scare quotes and quotes nobody named said', () => {
    // "quiet victory" is two words but nobody says it; "a resident" is not a named person.
    expect(said('quiet victory')).toBeUndefined();
    expect(said('Nobody told us')).toBeUndefined();
  });

  it('strips the quotation marks and trailing commas', () => {
    expect(said('protect every library')?.text).toBe('We will protect every library branch in the city');
  });
});

describe('extractQuotes with broken quotation marks', () => {
  it('handles straight quotes, a closing mark written as an opening one, and a quote left open', () => {
    const a = article(
      'mt',
      [
        'Mayor Jane Okafor spoke to the press on Friday.',
        '"The budget is balanced," Okafor said.',
        '“It is too early to talk about plans, “said Mayor Jane Okafor on Monday.',
        '“Now they justify the delay by the audit. Okafor told local radio in an interview.',
        '““ ” “',
      ].join('\n'),
      '2023-05-08',
    );
    const { quotes, speaker } = quotesOf([a]);
    expect(quotes.map((q) => [speaker(q), q.text])).toEqual([
      ['Jane Okafor', 'The budget is balanced'],
      ['Jane Okafor', 'It is too early to talk about plans'],
      ['Jane Okafor', 'Now they justify the delay by the audit.'],
    ]);
  });
});

describe('attributions with a long appositive, the present tense or the perfect', () => {
  const lab = article(
    'lab',
    [
      '“We changed the whole design of the capsule,” comments Rita Vasquez of the design unit.',
      '“The duty is paid at the border by the importer,” Howard Pemberton, a senior fellow at the Hale-Brook Tax Center, has written.',
      '“The wind turned, so the air cleared a little,” Anil Rao, a research analyst at the Council on Energy, Environment and Water think tank told reporters.',
      '“The rules were never tested,” Ines Moreau, a lawyer who once advised Paul Brandt and the Energy, Water group told reporters.',
    ].join('\n'),
    '2024-04-02',
  );
  const { quotes, speaker } = quotesOf([lab]);
  const said = (fragment: string): Quote | undefined => quotes.find((q) => q.text.includes(fragment));

  it('"…,” comments NAME": a speech verb in the present', () => {
    expect(speaker(said('whole design')!)).toBe('Rita Vasquez');
  });

  it('"…,” NAME, a senior fellow at …, has written"', () => {
    expect(speaker(said('duty is paid')!)).toBe('Howard Pemberton');
  });

  it('"…,” NAME, an appositive with commas of its own and none to close it, told …"', () => {
    expect(speaker(said('wind turned')!)).toBe('Anil Rao');
  });

  it('a long appositive naming someone else leaves the quote unattributed rather than guess', () => {
    expect(said('never tested')).toBeUndefined();
  });
});

describe('extractQuotes on the seed captures', () => {
  const { quotes, speaker } = quotesOf(seedArticles());
  const by = (name: string): Quote[] => quotes.filter((q) => speaker(q) === name);

  it('gives Peskov the "premature to talk/speak about" quotes', () => {
    // 001: "Peskov has dismissed … saying, “Its premature …”" — Peskov is the first person of the
    // clause, not Putin or Biden of "a Putin-Biden summit". 003: "Dmitry Peskov, a spokesperson for
    // the Kremlin, said Monday that … “it’s premature …”" — the person before the verb, not the Kremlin.
    const texts = by('Dmitry Peskov').map((q) => q.text);
    expect(texts.some((t) => /premature to talk about/i.test(t))).toBe(true);
    expect(texts.some((t) => /premature to speak about/i.test(t))).toBe(true);
    // 002: "…, “said Kremlin spokesman Dmitry Peskov on Monday." — closing mark written as “.
    expect(texts.some((t) => t.startsWith('There is agreement that the dialogue'))).toBe(true);
  });

  it('gives Psaki her quotes, including the ones introduced by "she said"', () => {
    const texts = by('Jen Psaki').map((q) => q.text);
    expect(texts.some((t) => /always ready for diplomacy/.test(t))).toBe(true);
    expect(texts.some((t) => /^And now Russia seems/.test(t))).toBe(true); // “…,” she said.
    expect(texts.some((t) => /^Right now, Russia looks/.test(t))).toBe(true); // “…,” she said.
    expect(texts.some((t) => /^The administration has been clear/.test(t))).toBe(true);
    expect(by('Jen Psaki').length).toBeGreaterThanOrEqual(7);
  });

  it('finds the other named speakers', () => {
    expect(by('Oleksiy Danilov').map((q) => q.text)).toContain('This is an attempt to provoke our army');
    expect(by('Katerina Spanchak').length).toBe(2);
    expect(by('Josep Borrell').map((q) => q.text)).toEqual(
      expect.arrayContaining(['The job is over.', 'We are ready.']),
    );
    expect(by('Antony Blinken').length).toBeGreaterThan(0); // "… Blinken told CNN" after an unclosed quote
  });

  it('lets an organisation speak only when it is the subject ("the Kremlin said:", "the palace said")', () => {
    const orgQuotes = quotes.filter((q) => q.entityId.startsWith('organization:'));
    expect(orgQuotes.every((q) => /kremlin|elysee|ministry/.test(q.entityId))).toBe(true);
    expect(
      quotes.some(
        (q) => q.entityId === 'organization:elysee-palace' && /Presidents Biden and Putin/.test(q.text),
      ),
    ).toBe(true);
  });

  it('never attributes a quote to a place', () => {
    expect(quotes.every((q) => !q.entityId.startsWith('place:'))).toBe(true);
  });
});

describe('extractQuotes robustness', () => {
  it('never throws on arbitrary paragraph text', () => {
    const entities = extractEntities([article('e', 'Mayor Jane Okafor said so. Okafor agreed.')]);
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('“', '”', '"', '«', '»', ' said ', ' she said', 'Okafor', 'Jane Okafor', '. ', ', '),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (parts) => {
        const text = parts.join('');
        const a = article('e', `Mayor Jane Okafor said so. Okafor agreed.\n${text}`, '2023-05-08');
        extractQuotes([a], entities);
        extractQuotes([a], extractEntities([a]));
      }),
      { numRuns: 200 },
    );
  });
});

describe('British single marks and a quote paragraph after its speaker', () => {
  it('reads ‘…’ as a quote where a paragraph has no double marks, not an apostrophe', () => {
    const { quotes, speaker } = quotesOf([
      article(
        'storm',
        [
          'The storm could be among the strongest in decades, said Mr Bob Henson. It ‘punches’ a small area, he said.',
          '‘Be prepared for things to be flying around,’ he warned.',
          'The players’ union said nothing. ‘We are ready,’ said Jane Fallow, the mayor.',
        ].join('\n'),
        '2023-11-02',
      ),
    ]);
    expect(quotes.map((q) => [speaker(q), q.text])).toEqual([
      ['Bob Henson', 'Be prepared for things to be flying around'],
      ['Jane Fallow', 'We are ready'],
    ]);
  });

  it('a paragraph that is one quote belongs to whoever the last sentence before it has speaking', () => {
    const { quotes, speaker } = quotesOf([
      article(
        'travel',
        [
          'For our campaign, project editor Juliet Kinsman told us what sustainable travel means to her',
          '“We need travel to be actively helpful, and climate friendly.”',
          'Mara Vell said the budget was fine. The town is small.',
          '“Nobody knows what comes next.”',
        ].join('\n'),
        '2023-10-24',
      ),
    ]);
    expect(quotes.map((q) => [speaker(q), q.text])).toEqual([
      ['Juliet Kinsman', 'We need travel to be actively helpful, and climate friendly.'],
    ]);
  });

  it('"said X’s neighbor, Y" and "said neighbor Y" are Y’s words, not X’s', () => {
    const { quotes, speaker } = quotesOf([
      article(
        'neighbours',
        [
          'Ana Vero was arrested on Wednesday.',
          '“I know the parent would not mean for it to happen,” said Ana Vero’s neighbor, Brian Kell, who lives next door.',
          '“It was a quiet street,” said neighbor Tomas Rind.',
        ].join('\n'),
        '2023-11-08',
      ),
    ]);
    expect(quotes.map((q) => [speaker(q), q.text])).toEqual([
      ['Brian Kell', 'I know the parent would not mean for it to happen'],
      ['Tomas Rind', 'It was a quiet street'],
    ]);
    // The quote after it goes on in Kell's words: the possessor in his attribution is not a new speaker.
    const next = quotesOf([
      article(
        'neighbours-2',
        '“I know the parent would not mean for it to happen,” said Ana Vero’s neighbor, Brian Kell, who moved there years ago. “One mistake and there goes your life.”',
        '2023-11-08',
      ),
    ]);
    expect(next.quotes.map((q) => [next.speaker(q), q.text])).toEqual([
      ['Brian Kell', 'I know the parent would not mean for it to happen'],
      ['Brian Kell', 'One mistake and there goes your life.'],
    ]);
    // Whom someone tells is not who speaks: no one named speaks here.
    const told = quotesOf([
      article(
        'told',
        'County officials told the Harbour News Group that social workers had “dropped the ball” in the case.',
        '2023-11-08',
      ),
    ]);
    expect(told.quotes.map((q) => told.speaker(q))).not.toContain('Harbour News Group');
  });

  it('"said LAPD homicide detective Y": a word may modify the person noun, a function word may not', () => {
    const { quotes, speaker } = quotesOf([
      article(
        'detective',
        [
          'The remains were found on Tuesday near a freeway.',
          '“If a suspect hides a body, it is to delay identification,” said LAPD homicide detective Efren Gulo.',
          '“We are still looking,” said county fire captain Rosa Mendel.',
          'Mayor Dan Pike spoke at noon. “The road stays shut,” said on Tuesday Rita Vance.',
        ].join('\n'),
        '2023-11-08',
      ),
    ]);
    expect(quotes.map((q) => [speaker(q), q.text])).toEqual([
      ['Efren Gulo', 'If a suspect hides a body, it is to delay identification'],
      ['Rosa Mendel', 'We are still looking'],
    ]);
  });

  it('a quoted title is not words said, and a quote after "X said on CNBC" is still X’s', () => {
    const { quotes, speaker } = quotesOf([
      article(
        'titles',
        [
          '“It is about profit,” union president and “The Harbour” star Nora Quill told reporters.',
          '"The stock had been clobbered," Ed Marr said on CNBC\'s "Trading Hour" on Monday. "It was down for four straight years."',
          '"Prices will rise," said Ann Bell of the Harbour Bank. Rival lender Northgate Capital disagreed. "They will fall."',
        ].join('\n'),
        '2023-11-08',
      ),
    ]);
    expect(quotes.map((q) => [speaker(q), q.text])).toEqual([
      ['Nora Quill', 'It is about profit'],
      ['Ed Marr', 'The stock had been clobbered'],
      ['Ed Marr', 'It was down for four straight years.'],
      ['Ann Bell', 'Prices will rise'],
    ]);
  });
});
