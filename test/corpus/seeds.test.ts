/** The seed articles in corpus/: chrome gone, reporting kept, paragraphs and sections sensible. */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import type { Article } from '../../src/corpus/index.js';
import { SEED_DIR, TODAY, allText } from './helpers.js';

const corpus = await loadCorpus(SEED_DIR, { today: TODAY });
const byId = (id: string): Article => {
  const found = corpus.articles.find((a) => a.id === id);
  if (!found) throw new Error(`no seed ${id}`);
  return found;
};
const epoch = byId('epoch-times-macron-biden-putin-summit');
const macron = byId('macron-offers-to-mediate-us-russia-summit');
const kremlin = byId('kremlin-undermines-confidence-in-putin-biden-summit');
const bulletin = byId('bulletin-news-biden-putin-diplomatic-talks');
const azerbaijan = byId('azerbaijan-news-biden-agrees-to-meet-putin');

describe('seed corpus', () => {
  it('every file in corpus/ loads without errors (front matter parses, dates valid, ids unique)', () => {
    expect(corpus.errors).toEqual([]);
    const files = corpus.articles.map((a) => a.file);
    expect(files).toEqual([...files].sort());
  });

  it('the five seeds are all dated 2022-02-21 and carry the outlet and author their text names', () => {
    expect([epoch, macron, kremlin, bulletin, azerbaijan].map((a) => [a.published, a.outlet, a.author])).toEqual([
      ['2022-02-21', 'Epoch Times', 'Melanie Sun'],
      ['2022-02-21', undefined, undefined],
      ['2022-02-21', undefined, undefined],
      ['2022-02-21', 'Bulletin News', 'Cedric Blackwater'],
      ['2022-02-21', 'Azerbaijan news', undefined],
    ]);
  });

  it('paragraph counts match the articles as a reader sees them', () => {
    expect([epoch, macron, kremlin, bulletin, azerbaijan].map((a) => a.paragraphs.length)).toEqual([23, 11, 11, 26, 15]);
  });

  it('no chrome survives in any paragraph or section', () => {
    const chrome = [
      /Leave a Reply/i,
      /email address will not be published/i,
      /Please enter your/i,
      /Getty Images/,
      /IMAGE SOURCE/,
      /Epoch Times Photo/,
      /^-0\.6 C$/m,
      /March 20, 2023/,
      /gtag/,
      /Stay Connected|Advertisement|Latest Articles|Related Articles|Back to top|Newsletter/i,
      /is an Australian-based reporter|is a journalist with over a decade/,
      /Posted on/,
      /rice field/,
      /^Azerbaijan news$/m,
      /^(Melanie Sun|Cedric Blackwater)$/m,
    ];
    for (const a of [epoch, macron, kremlin, bulletin, azerbaijan]) {
      for (const pattern of chrome) expect(allText(a)).not.toMatch(pattern);
    }
  });

  it('the headline is never paragraph 1', () => {
    for (const a of corpus.articles) expect(a.paragraphs[0]!.text).not.toBe(a.title);
  });

  it('Epoch Times: the "rice field." artifact is cut from the Psaki paragraph and the quote ends it', () => {
    const psaki = epoch.paragraphs.find((p) => p.text.startsWith('Spokesman Jen Psaki'))!;
    expect(psaki.text).toMatch(/serious consequences\.”$/);
  });

  it('Epoch Times: sub-headings become sections, the Blinken caption is gone', () => {
    expect(new Set(epoch.paragraphs.map((p) => p.section))).toEqual(
      new Set([undefined, '“Ceasefire violation”', 'nuclear weapons']),
    );
    expect(epoch.paragraphs.find((p) => p.text.startsWith('Russia also conducted nuclear training'))?.section).toBe(
      'nuclear weapons',
    );
    expect(allText(epoch)).not.toContain('Secretary of State Antony Blinken\n');
    expect(allText(epoch)).not.toContain('Munich Security Conference');
  });

  it('Kremlin: Peskov’s quote paragraph is present once, under the "Dmitry Peskov, spokesman for the Kremlin" section', () => {
    const quoted = kremlin.paragraphs.filter((p) => p.text.includes('There is agreement that the dialogue'));
    expect(quoted).toHaveLength(1);
    expect(quoted[0]!.text).toContain('said Kremlin spokesman Dmitry Peskov on Monday');
    expect(quoted[0]!.section).toBe('Dmitry Peskov, spokesman for the Kremlin');
  });

  it('Kremlin: "New Lavrov-Blingen meeting on Thursday" and "Serial bombings …" are sections, not paragraphs', () => {
    expect(kremlin.paragraphs.map((p) => p.section)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'Dmitry Peskov, spokesman for the Kremlin',
      'New Lavrov-Blingen meeting on Thursday',
      'New Lavrov-Blingen meeting on Thursday',
      'New Lavrov-Blingen meeting on Thursday',
      'Serial bombings …',
      'Serial bombings …',
      'Serial bombings …',
    ]);
  });

  it('Macron offers: the standfirst stays, the repeated headline, date line and picture caption go', () => {
    expect(macron.paragraphs[0]!.text).toMatch(/^The Kremlin said that the modern weapons/);
    expect(macron.paragraphs[1]!.text).toMatch(/^On Sunday, French President Emmanuel Macron held bilateral calls/);
    expect(allText(macron)).not.toContain('proposed a bilateral summit between the US and Russia');
  });

  it('Bulletin News: the last paragraph is Spanchak’s quote, before the author box', () => {
    expect(bulletin.paragraphs.at(-1)!.text).toMatch(/^“We all love life/);
    expect(bulletin.paragraphs[0]!.text).toMatch(/^As heavy shelling resumed Monday/);
  });

  it('Azerbaijan news: the three sub-headings are sections and the masthead is gone', () => {
    expect([...new Set(azerbaijan.paragraphs.map((p) => p.section))]).toEqual([
      undefined,
      'Biden Will hold a virtual meeting with the G7',
      '“Full-scale attack”',
      'Ceasefire violations',
    ]);
  });

  it('every paragraph is numbered 1… in order and its sentences join back to its text', () => {
    for (const a of corpus.articles) {
      a.paragraphs.forEach((p, i) => {
        expect(p.n).toBe(i + 1);
        expect(p.articleId).toBe(a.id);
        expect(p.sentences.join(' ')).toBe(p.text);
      });
    }
  });
});
