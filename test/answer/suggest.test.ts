/**
 * Autocomplete for events and topics (/when, /timeline): the corpus's own words complete what is
 * typed, typos included, earlier words narrow and lead the suggestion, and Discord's limits hold.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CHOICES, suggestTopics } from '../../src/answer/suggest.js';
import { buildIndex } from '../../src/index/build/build.js';
import { article } from '../corpus/helpers.js';
import { fixtures, seeds } from './helpers.js';

describe('suggestTopics', () => {
  it('completes a partial word to the word the articles use', async () => {
    const index = await seeds();
    expect(suggestTopics(index, 'sum')).toContain('summit');
    expect(suggestTopics(index, 'Summi')).toContain('summit');
    const fixture = await fixtures();
    expect(suggestTopics(fixture, 'bud')).toContain('budget');
    expect(suggestTopics(fixture, 'strik')).toContain('strike');
  });

  it('tolerates a typo in a word typed in full', async () => {
    expect(suggestTopics(await seeds(), 'sumit')).toContain('summit');
  });

  it('keeps earlier words in front and only completes to words found with them', async () => {
    const index = await seeds();
    expect(suggestTopics(index, 'Biden sum')).toContain('Biden summit');
    expect(suggestTopics(await fixtures(), 'budget vo')).toContain('budget vote');
    // The rail strike and the budget vote are told in different articles: no paragraph has both.
    const fixture = await fixtures();
    expect(suggestTopics(fixture, 'strik')).toContain('strike');
    expect(suggestTopics(fixture, 'budget strik')).not.toContain('budget strike');
  });

  it('offers what holds the letters as typed before what is a typo away', () => {
    const index = buildIndex({
      articles: [
        article(
          'schools.md',
          [
            '# Riverton schools miss the state standard',
            'Stanley Okoro, the mayor of Riverton, said on Monday that the schools had missed the standard.',
            '"We will meet the standard next year," Okoro said.',
            'Stanley Okoro added that the city would publish its own standards.',
          ].join('\n\n'),
        ),
      ],
      errors: [],
    });
    // "stand" is one edit from the start of "Stanley": a typo away, so after the word typed in part.
    const out = suggestTopics(index, 'stand');
    expect(out).toContain('Stanley Okoro');
    expect(out).toContain('standard');
    expect(out.indexOf('standard')).toBeLessThan(out.indexOf('Stanley Okoro'));
  });

  it('suggests nothing for letters no word starts with, and stays within Discord limits', async () => {
    const index = await seeds();
    expect(suggestTopics(index, 'xyzq')).toEqual([]);
    for (const q of ['', 'a', 'th', 'pu', 'summit talks', 'x'.repeat(300)]) {
      const out = suggestTopics(index, q);
      expect(out.length).toBeLessThanOrEqual(MAX_CHOICES);
      for (const s of out) expect(s.length).toBeGreaterThan(0);
      for (const s of out) expect(s.length).toBeLessThanOrEqual(100);
      expect(new Set(out.map((s) => s.toLowerCase())).size).toBe(out.length);
    }
  });
});
