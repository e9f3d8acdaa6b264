/**
 * The followed feeds on disk: one small versioned JSON file, written atomically (a temporary beside
 * it, then a rename) and read tolerantly — a missing file is no feeds, a corrupt one is reported
 * once, kept as `<file>.bad` and replaced by an empty list; reading it never throws.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { writeFileAtomically } from '../../atomic-write.js';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../log.js';

/** How many item keys (ids and links) each feed remembers: the newest are kept. */
export const MAX_SEEN_KEYS = 1000;

const feedSchema = z.object({
  url: z.string(),
  title: z.string(),
  addedAt: z.string(),
  lastPollAt: z.string().optional(),
  lastError: z.string().optional(),
  itemsAdded: z.number().int().min(0),
  /** Keys (item ids and links) already added, found in the corpus or given up on; oldest first. */
  seen: z.array(z.string()),
  /** Failed attempts per item link still to be retried. */
  attempts: z.record(z.string(), z.number().int().min(1)).optional(),
});

const fileSchema = z.object({ version: z.literal(1), feeds: z.array(feedSchema) });

export type FeedRecord = z.infer<typeof feedSchema>;

/** Reads the feeds from `file`. Never throws: a missing file is `[]`, a corrupt one is set aside. */
export async function readFeedState(file: string, log: Logger): Promise<FeedRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      log.warn({ err, file }, 'feed state unreadable; following no feeds until it is fixed');
    return [];
  }
  let problem: string;
  try {
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.feeds;
    const issue = parsed.error.issues[0];
    problem = `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`;
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  await setAside(file, problem, log);
  return [];
}

/**
 * Moves a corrupt state file to `<file>.bad` (replacing an older one) so it is reported once and
 * kept for a person to look at; the next write starts a fresh file.
 */
async function setAside(file: string, problem: string, log: Logger): Promise<void> {
  const bad = `${file}.bad`;
  try {
    await rename(file, bad);
    log.warn({ file, bad, problem }, 'feed state was corrupt; kept it aside and started with no feeds');
  } catch (err) {
    log.warn({ file, problem, err }, 'feed state is corrupt and could not be set aside; ignoring it');
  }
}

/** Writes the feeds to `file` atomically: a reader sees the old file or the whole new one. */
export async function writeFeedState(file: string, feeds: readonly FeedRecord[]): Promise<void> {
  const body = `${JSON.stringify({ version: 1, feeds }, null, 2)}\n`;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomically(file, body);
}

/** `seen` with `keys` appended (each once), cut to the newest MAX_SEEN_KEYS. */
export function remember(seen: readonly string[], keys: Iterable<string>): string[] {
  const drop = new Set([...keys].filter(Boolean));
  const kept = seen.filter((k) => !drop.has(k));
  const all = [...kept, ...drop];
  return all.length > MAX_SEEN_KEYS ? all.slice(all.length - MAX_SEEN_KEYS) : all;
}
