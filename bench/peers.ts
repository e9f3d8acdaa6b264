/**
 * The peers, over the same paragraphs (search id = position in `index.paragraphs`, as ours):
 * - raw MiniSearch: its defaults — `fields: ['text']`, default tokenizer and processTerm, default search
 *   options (exact, OR); for typo recall `fuzzy: 0.2`; for autocomplete `prefix: true`.
 * - FlexSearch 0.8: a Document index over `text`, default tokenizer and encoder, `limit: 10`.
 */
import { Document } from 'flexsearch';
import MiniSearch from 'minisearch';
import type { Paragraph } from '../src/corpus/types.js';

export interface Peer {
  name: 'rawMinisearch' | 'flexsearch';
  /** Ranked paragraph positions for a query (`typo`: the peer's typo-tolerant mode, if any). */
  search(query: string, mode: 'plain' | 'prefix' | 'typo'): number[];
}

export interface PeerBuild {
  peer: Peer;
  buildMs: number;
}

export async function buildRawMinisearch(paragraphs: Paragraph[], yieldEvery = 5000): Promise<PeerBuild> {
  const started = performance.now();
  const ms = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  let busy = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    ms.add({ id: i, text: paragraphs[i]!.text });
    if (++busy === yieldEvery) {
      busy = 0;
      await new Promise((r) => setImmediate(r));
    }
  }
  return {
    buildMs: performance.now() - started,
    peer: {
      name: 'rawMinisearch',
      search(query, mode) {
        const opts = mode === 'typo' ? { fuzzy: 0.2 } : mode === 'prefix' ? { prefix: true } : {};
        return ms.search(query, opts).map((r) => r.id as number);
      },
    },
  };
}

export async function buildFlexsearch(paragraphs: Paragraph[], yieldEvery = 5000): Promise<PeerBuild> {
  const started = performance.now();
  const doc = new Document<{ id: number; text: string }>({ document: { id: 'id', index: ['text'] } });
  let busy = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    doc.add({ id: i, text: paragraphs[i]!.text });
    if (++busy === yieldEvery) {
      busy = 0;
      await new Promise((r) => setImmediate(r));
    }
  }
  return {
    buildMs: performance.now() - started,
    peer: {
      name: 'flexsearch',
      search(query) {
        const res = doc.search(query, { limit: 10 }) as unknown as { field: string; result: number[] }[];
        return res[0]?.result ?? [];
      },
    },
  };
}
