/**
 * Parsing a large feed off the main thread. XML parsing is linear but not free (about 0.1 s a
 * megabyte here, more on a long feed of small items): a 2 MiB feed parsed inline would hold up every
 * question for most of a second. A feed up to INLINE_BYTES is parsed inline (a few milliseconds);
 * a larger one in a one-shot worker thread with a memory cap and a time limit, so a hostile feed
 * costs a thread, never the bot.
 *
 * The same file is the worker's entry. Under tsx and vitest it is TypeScript, which a worker does
 * not inherit a loader for: the worker is started from a few lines that register tsx's ESM hooks
 * first, as src/serve/worker.ts does for builds.
 */
import { parentPort, type Worker, workerData } from 'node:worker_threads';
import { lowerThreadPriority, startModuleWorker } from '../thread.js';
import { UserError } from '../../errors.js';
import { type ParsedFeed, parseFeed } from './parse-feed.js';

/** Feeds up to this size are parsed on the calling thread. */
const INLINE_BYTES = 256 * 1024;
/** The longest a worker may take to parse one feed. */
const PARSE_TIMEOUT_MS = 20_000;
const MARK = 'dossier-feed-parser';

type Reply = { ok: true; feed: ParsedFeed } | { ok: false; message: string; user: boolean };

/** `parseFeed`, off the main thread when the feed is large. Same result and same errors. */
export async function parseFeedOffThread(bytes: Uint8Array, url: string): Promise<ParsedFeed> {
  if (bytes.length <= INLINE_BYTES) return parseFeed(bytes, url);
  const reply = await inWorker(bytes, url);
  if (reply.ok) return reply.feed;
  throw reply.user ? new UserError(reply.message) : new Error(reply.message);
}

function inWorker(bytes: Uint8Array, url: string): Promise<Reply> {
  return new Promise((resolve) => {
    const worker = startWorker({ [MARK]: true, bytes, url });
    let done = false;
    const finish = (reply: Reply) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(reply);
    };
    const timer = setTimeout(
      () => finish({ ok: false, user: true, message: `${url} took too long to read as a feed.` }),
      PARSE_TIMEOUT_MS,
    );
    worker.once('message', (reply: Reply) => finish(reply));
    worker.once('error', (err) =>
      finish({ ok: false, user: true, message: `${url} could not be read as a feed: ${err.message}` }),
    );
    worker.once('exit', () => finish({ ok: false, user: false, message: 'the feed parser stopped' }));
  });
}

function startWorker(data: Record<string, unknown>): Worker {
  return startModuleWorker(import.meta.url, {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
}

/** The worker's side: parse the one feed it was given and post the result. */
function serve(port: NonNullable<typeof parentPort>, data: { bytes: Uint8Array; url: string }): void {
  lowerThreadPriority();
  let reply: Reply;
  try {
    reply = { ok: true, feed: parseFeed(data.bytes, data.url) };
  } catch (err) {
    reply = {
      ok: false,
      message: err instanceof Error ? err.message : String(err),
      user: err instanceof UserError,
    };
  }
  port.postMessage(reply);
}

const data = workerData as Record<string, unknown> | undefined;
if (parentPort && data?.[MARK] === true)
  serve(parentPort, data as unknown as { bytes: Uint8Array; url: string });
