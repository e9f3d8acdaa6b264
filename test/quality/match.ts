/**
 * The question-file format of the quality set (test/quality/*.yaml) and how an answer is judged
 * against an expectation. Pure functions: eval.ts runs the engine, eval.test.ts checks these.
 */
import { parse } from 'yaml';
import { z } from 'zod';

export const QUESTION_KINDS = [
  'who',
  'role',
  'when',
  'where',
  'count',
  'amount',
  'duration',
  'distance',
  'age',
  'quote',
  'what',
  'search',
  'nothing',
] as const;

/**
 * An extraction page id's first 10 hex characters, `seed:<file in corpus/>`, or
 * `pubdates:<file in pubdates/pages, without .html.gz>`.
 */
const PAGE = /^(?:[0-9a-f]{10}|seed:[^/\\]+|pubdates:[\w.-]+)$/;

const Question = z
  .strictObject({
    page: z
      .string()
      .regex(PAGE, 'a page is 10 lowercase hex characters, seed:<file name> or pubdates:<page name>'),
    q: z.string().trim().min(1, 'the question is empty'),
    kind: z.enum(QUESTION_KINDS),
    answer: z.array(z.string().trim().min(1, 'an empty answer element')).min(1).optional(),
    cite: z.string().trim().min(1).optional(),
    note: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'nothing' && v.answer)
      ctx.addIssue({ code: 'custom', path: ['answer'], message: 'kind: nothing takes no answer' });
    if (v.kind === 'nothing' && v.cite)
      ctx.addIssue({ code: 'custom', path: ['cite'], message: 'kind: nothing takes no cite' });
    if (v.kind !== 'nothing' && !v.answer && !v.cite)
      ctx.addIssue({
        code: 'custom',
        path: ['answer'],
        message: `kind: ${v.kind} needs an answer (or a cite)`,
      });
  });
export type Question = z.infer<typeof Question>;

/** A question file that cannot be used: the message names the file and the entry. */
export class QuestionFileError extends Error {}

/** Parses and validates one question file's text; `file` is only used in messages. */
export function parseQuestions(text: string, file: string): Question[] {
  return parseYamlList(text, file, Question, { what: 'questions', label: 'q', error: QuestionFileError });
}

/**
 * A YAML file holding a list of entries, each checked by `schema`. A file that cannot be used throws
 * `error` with a message naming the file, the entry (by its `label` field) and the reason.
 */
export function parseYamlList<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  opts: { what: string; label: string; error: new (message: string) => Error },
): T[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new opts.error(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) throw new opts.error(`${file}: expected a list of ${opts.what} (- page: …)`);
  return data.map((entry: unknown, i) => {
    const r = schema.safeParse(entry);
    if (r.success) return r.data;
    const label =
      entry && typeof entry === 'object' && opts.label in entry
        ? ` (${opts.label}: ${JSON.stringify((entry as Record<string, unknown>)[opts.label])})`
        : '';
    const why = r.error.issues.map((e) => `${e.path.join('.') || 'entry'}: ${e.message}`).join('; ');
    throw new opts.error(`${file}: entry ${i + 1}${label}: ${why}`);
  });
}

/** What came back for a question: the JSON answer's fields, and each citation's section. */
export interface Outcome {
  text: string | null;
  message: string | null;
  citations: { articleId: string; paragraph: number; text: string; section?: string; date: string | null }[];
}

export interface Verdict {
  ok: boolean;
  /** Why not, for the failures list. */
  why?: string;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Lower case, one space between words, straight quotes and hyphens. */
function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every way the engine (or an article) writes the date an ISO alternative stands for, as one regex. */
function datePattern(iso: string): RegExp | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (!mo) return new RegExp(`(?<!\\d)${y}(?!\\d)`);
  const name = MONTHS[Number(mo) - 1];
  if (!name) return undefined;
  const month = `(?:${name}|${name.slice(0, 3)}\\.?)`;
  const day = d ? String(Number(d)) : '\\d{1,2}';
  const th = '(?:st|nd|rd|th)?';
  const forms = [
    `${y}-${mo}${d ? `-${d}` : ''}(?!\\d)`,
    `(?<!\\d)${day}${th} (?:of )?${month},? ${y}`,
    `${month} ${day}${th},? ${y}`,
  ];
  if (!d) forms.push(`${month},? ${y}`);
  return new RegExp(`(?:${forms.join('|')})`);
}

/** One alternative of an `answer` element against the answer line and the citations' dates. */
function alternativeMatches(alt: string, line: string, out: Outcome): boolean {
  const a = normalise(alt);
  if (a && line.includes(a)) return true;
  const pattern = datePattern(alt.trim());
  if (!pattern) return false;
  if (pattern.test(line)) return true;
  return out.citations.some(
    (c) => !!c.date && (c.date.startsWith(alt.trim()) || pattern.test(normalise(c.date))),
  );
}

/** An answer element: " | " separates alternatives, any of which will do. */
export function elementMatches(element: string, out: Outcome): boolean {
  const line = normalise(out.text ?? '');
  return element.split(' | ').some((alt) => alternativeMatches(alt, line, out));
}

const NOTHING_FOUND =
  /\bnothing\b|\bno\b[^.]*\bfound\b|not found|could(?:n't| not) find|no (?:direct )?answer/i;

/** Citations offered as context after "nothing found", not as an answer. */
const CLOSEST_PASSAGES = /\bclosest passages\b/i;

/**
 * Whether the answer says it found nothing: no answer line (or a message saying so) and no citation,
 * or no answer line and a message that says nothing was found and offers the closest passages as
 * such ("No distance found … Closest passages:"): the reader is told there is no answer.
 */
function saysNothing(out: Outcome): boolean {
  const message = out.message ?? '';
  const nothing = out.text === null || NOTHING_FOUND.test(message);
  if (out.citations.length === 0) return nothing;
  return out.text === null && NOTHING_FOUND.test(message) && CLOSEST_PASSAGES.test(message);
}

export function judge(q: Question, out: Outcome): Verdict {
  if (q.kind === 'nothing') {
    if (saysNothing(out)) return { ok: true };
    return {
      ok: false,
      why: out.citations.length ? 'expected nothing found, got citations' : 'expected nothing found',
    };
  }
  if (out.text === null && out.citations.length === 0) return { ok: false, why: 'nothing found' };
  const missing = (q.answer ?? []).filter((e) => !elementMatches(e, out));
  if (missing.length)
    return { ok: false, why: `answer line lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}` };
  if (q.cite) {
    const want = normalise(q.cite);
    const cited = out.citations.some(
      (c) => normalise(c.text).includes(want) || (!!c.section && normalise(c.section).includes(want)),
    );
    if (!cited) return { ok: false, why: 'no cited paragraph contains the cite' };
  }
  return { ok: true };
}
