/**
 * A person named as who makes something, in the passive: "Dear Abby is written by Abigail Van
 * Buren", "The show is hosted by Ana Ruiz", "The film was directed by Bo Lind". The role is the
 * agent noun of the verb with what was made: "writer of Dear Abby", "host of the show".
 */
import { plainGap, type Token } from './entities-tokens.js';
import { phrase } from './entities-words.js';

/** A participle of making, with the noun for who does it. */
const AGENT_OF: Record<string, string> = {
  written: 'writer',
  edited: 'editor',
  hosted: 'host',
  produced: 'producer',
  directed: 'director',
  presented: 'presenter',
  founded: 'founder',
  created: 'creator',
  designed: 'designer',
  illustrated: 'illustrator',
  narrated: 'narrator',
  composed: 'composer',
  curated: 'curator',
};
const BE = new Set(['is', 'was', 'are', 'were']);
/** Words a passive may hold between its verb and participle: "is now written", "was also hosted". */
const ADVERBS = new Set(['now', 'also', 'still', 'currently', 'originally', 'jointly', 'once']);
/** The most words what was made may take. */
const MOST_WORDS = 6;

/** "writer of Dear Abby" for a name at `start` after "X is written by", or undefined. */
export function agentRoleBefore(text: string, tokens: Token[], start: number): string | undefined {
  const by = tokens[start - 1];
  const made = tokens[start - 2];
  if (!by || !made || by.norm !== 'by' || !plainGap(tokens[start]!.gap) || !plainGap(by.gap))
    return undefined;
  const agent = AGENT_OF[made.norm];
  if (!agent || made.cap || !plainGap(made.gap)) return undefined;
  let j = start - 3;
  while (j >= 0 && ADVERBS.has(tokens[j]!.norm) && plainGap(tokens[j]!.gap)) j--;
  const be = tokens[j];
  if (!be || !BE.has(be.norm) || !plainGap(be.gap)) return undefined;
  // What was made: the words back to the sentence's start, a name or "the show".
  const subject: Token[] = [];
  for (let k = j - 1; k >= 0 && subject.length < MOST_WORDS; k--) {
    const t = tokens[k]!;
    subject.unshift(t);
    if (t.sentenceStart) break;
    if (!plainGap(t.gap)) return undefined;
  }
  if (subject.length === 0 || !subject[0]!.sentenceStart) return undefined;
  // A name ("Dear Abby") or a determined noun ("The show"): not a pronoun ("It is written by").
  if (subject.length === 1 && !subject[0]!.cap) return undefined;
  if (subject.length === 1 && PRONOUNS.has(subject[0]!.norm)) return undefined;
  const what = phrase(text, subject);
  return `${agent} of ${subject[0]!.norm === 'the' ? `the ${what.slice(4)}` : what}`;
}

const PRONOUNS = new Set(['it', 'this', 'that', 'they', 'he', 'she', 'these', 'those']);
