/** Starting the playground in-process for tests: a throw-away copy of the seed corpus, port 0, logs kept. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { PLAYGROUND_TOKEN, startPlayground, type Playground } from '../../src/playground/server.js';
import type { ChatMessage, PlaygroundEvent } from '../../src/playground/protocol.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestPlayground extends Playground {
  corpusDir: string;
  logs: string[];
  /** Stops the playground and deletes its corpus copy. */
  stop(): Promise<void>;
}

export async function startTestPlayground(
  opts: { files?: Record<string, string>; env?: Record<string, string> } = {},
): Promise<TestPlayground> {
  const corpusDir = await mkdtemp(path.join(tmpdir(), 'dossier-playground-'));
  await cp(path.join(ROOT, 'test/fixtures/seed-corpus'), corpusDir, { recursive: true });
  for (const [name, content] of Object.entries(opts.files ?? {})) {
    await writeFile(path.join(corpusDir, name), content);
  }
  const logs: string[] = [];
  const log = createLogger({
    level: 'info',
    secrets: [PLAYGROUND_TOKEN],
    destination: { write: (line: string) => void logs.push(line) },
  });
  const config = loadConfig({
    CORPUS_DIR: corpusDir,
    COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  let pg: Playground;
  try {
    pg = await startPlayground({ config, port: 0, log });
  } catch (err) {
    await rm(corpusDir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...pg,
    corpusDir,
    logs,
    async stop() {
      await pg.close();
      await rm(corpusDir, { recursive: true, force: true });
    },
  };
}

/** The server-sent events of the page, as a list that fills up, and a way to wait for one. */
export async function openEvents(url: string) {
  const controller = new AbortController();
  const res = await fetch(new URL('api/events', url), { signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
  const events: PlaygroundEvent[] = [];
  const waiters = new Set<() => void>();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (data) events.push(JSON.parse(data) as PlaygroundEvent);
          for (const w of [...waiters]) w();
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    events,
    /** Resolves with the first upserted message (past or future) that matches. */
    waitForMessage(predicate: (m: ChatMessage) => boolean, timeoutMs = 15_000): Promise<ChatMessage> {
      const find = () =>
        events.find((e) => e.type === 'upsert' && predicate(e.message)) as
          { type: 'upsert'; message: ChatMessage } | undefined;
      const seen = find();
      if (seen) return Promise.resolve(seen.message);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; saw ${events.length} events`));
        }, timeoutMs);
        const check = () => {
          const hit = find();
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit.message);
        };
        waiters.add(check);
      });
    },
    close() {
      controller.abort();
    },
  };
}

export async function postJson<T>(
  url: string,
  route: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(route, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
