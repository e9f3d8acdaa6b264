/** Our side of every measurement: the real answer functions and the commands' autocomplete. */
import { commandsByName, type CommandContext } from '../commands/index.js';
import { answerAt } from '../src/answer/index.js';
import type { Answer } from '../src/answer/types.js';
import type { DossierIndex } from '../src/index/model.js';
import { positionAt } from '../src/answer/tables.js';
import type { BenchQuery } from './queries.js';

/** Answers one bench query the way the bot does (answerAt for questions, the command's autocomplete). */
export function answerOurs(index: DossierIndex, q: BenchQuery): unknown {
  if (q.kind === 'autocomplete') {
    const command = commandsByName.get(q.command ?? 'who')!;
    const ctx = { index: () => index } as unknown as CommandContext;
    return command.autocomplete!({ name: q.command === 'when' ? 'event' : 'name', value: q.text }, ctx);
  }
  return answerAt(index, q.kind, q.text, 0);
}

/** Positions of the paragraphs a citation stands for (itself and the near-duplicates folded into it). */
function citationPositions(index: DossierIndex, c: Answer['citations'][number]): number[] {
  const out: number[] = [];
  for (const p of [c, ...(c.alsoIn ?? [])]) {
    const pos = positionAt(index, p.articleId, p.paragraph);
    if (pos !== undefined) out.push(pos);
  }
  return out;
}

/**
 * The first `n` citations of an answer kind, paging with "More passages" as a user would; each
 * citation as the positions it stands for.
 */
export function topCitations(index: DossierIndex, kind: 'search' | 'who', query: string, n = 10): number[][] {
  const out: number[][] = [];
  for (let offset = 0; out.length < n;) {
    const a = answerAt(index, kind, query, offset);
    if (a.citations.length === 0) break;
    for (const c of a.citations) out.push(citationPositions(index, c));
    offset += a.citations.length;
    if (!a.page || offset >= a.page.total) break;
  }
  return out.slice(0, n);
}
