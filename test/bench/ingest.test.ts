/** The ingestion benchmark's scoring and its section of docs/benchmarks.md. */
import { describe, expect, it } from 'vitest';
import {
  ingestSectionOf,
  INGEST_SECTION_END,
  INGEST_SECTION_START,
  scorePage,
  withIngestSection,
} from '../../bench/ingest.js';

describe('bench:ingest scoring (shingles of four \\w+ tokens, as the extraction benchmark scores)', () => {
  it('is perfect for the same text, whatever the punctuation and line breaks', () => {
    const s = scorePage('The port, closed. It reopened on Monday!', 'The port closed\nIt reopened on Monday');
    expect(s).toMatchObject({ precision: 1, recall: 1, fp: 0, fn: 0 });
  });

  it('counts extra text against precision and missing text against recall, as multisets', () => {
    const truth = 'one two three four five six';
    const ours = 'one two three four five six seven';
    const s = scorePage(ours, truth);
    expect(s.tp).toBe(3);
    expect(s.fp).toBe(1);
    expect(s.fn).toBe(0);
    expect(s.precision).toBeCloseTo(0.75);
    expect(s.recall).toBe(1);
    // A repeated shingle counts twice.
    expect(scorePage('a b c d a b c d', 'a b c d').fp).toBe(4);
  });

  it('has no precision for an empty extraction and no recall against an empty truth', () => {
    expect(scorePage('', 'one two three four').precision).toBeNull();
    expect(scorePage('', 'one two three four').recall).toBe(0);
    expect(scorePage('one two three four', '').recall).toBeNull();
  });
});

describe('its section of docs/benchmarks.md', () => {
  const section = `${INGEST_SECTION_START}\n## Ingestion\nfigures\n${INGEST_SECTION_END}`;

  it('is appended once and replaced in place afterwards', () => {
    const doc = withIngestSection('# Benchmarks\n\nother figures\n', section);
    expect(doc).toContain('other figures');
    expect(ingestSectionOf(doc)).toBe(section);
    const again = withIngestSection(doc, section.replace('figures', 'new figures'));
    expect(again.split(INGEST_SECTION_START)).toHaveLength(2);
    expect(ingestSectionOf(again)).toContain('new figures');
    expect(again.startsWith('# Benchmarks\n\nother figures')).toBe(true);
  });

  it('is empty when the file has none', () => {
    expect(ingestSectionOf('# Benchmarks\n')).toBe('');
  });
});
