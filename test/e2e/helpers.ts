/**
 * Starting the real bot (createEngine + createBot + the real discord.js client) against the fake
 * Discord, on a throw-away copy of a corpus, with its logs captured; and the checks every bot
 * test makes on what the bot sent.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIEmbed } from 'discord-api-types/v10';
import { expect } from 'vitest';
import { createBot, type Bot } from '../../src/bot/bot.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/serve/engine.js';
import { createLogger } from '../../src/log.js';
import {
  DEFAULT_GUILD_ID,
  startFakeDiscord,
  type FakeDiscord,
  type InteractionRecord,
  type RecordedRequest,
} from '../harness/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SEED_CORPUS = path.join(ROOT, 'test/fixtures/seed-corpus');

/** Shaped like a real bot token so a leak would be recognisable; it is not one. */
export const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GdOsSr.e2e-dossier-token-never-logged_0123456789';

/** One parsed pino line. */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface StartBotOptions {
  /** Folder to copy into the temp corpus (default: the seed `corpus/`). */
  corpusDir?: string;
  /** Use `corpusDir` in place instead of copying it (to restart a bot on the same corpus). */
  inPlace?: boolean;
  /** Extra files written into the temp corpus before the index is built: name → content. */
  files?: Record<string, string>;
  /** Environment for loadConfig, on top of the test defaults (cooldown off, log silent). */
  env?: Record<string, string>;
  /** Reuse a running fake Discord (it is then not closed by `stop`). */
  fake?: FakeDiscord;
}

export interface TestBot {
  fake: FakeDiscord;
  bot: Bot;
  engine: Engine;
  config: Config;
  /** Every log line, parsed, in order. */
  logs: LogLine[];
  /** Every log line as written (for leak checks). */
  rawLogs: string[];
  /** Resolves with the first log line (past or future) that matches. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  corpusDir: string;
  /** Stops the bot; closes the fake and deletes the temp corpus when this bot made them. */
  stop(): Promise<void>;
  /**
   * Stops this bot and starts a new one (new engine, new client) on the same corpus folder and the
   * same fake Discord, which the new bot then owns. `stop` the returned bot, not this one.
   */
  restart(): Promise<TestBot>;
}

interface Ownership {
  fake: boolean;
  dir: boolean;
}

export function startBot(opts: StartBotOptions = {}): Promise<TestBot> {
  return launch(opts);
}

async function launch(opts: StartBotOptions, inherited?: Ownership): Promise<TestBot> {
  // Discord's rule: an interaction not acknowledged within 3 s is gone (404 Unknown interaction).
  const fake = opts.fake ?? (await startFakeDiscord({ token: TOKEN, interactionDeadlineMs: 3_000 }));
  let corpusDir: string;
  const own: Ownership = inherited ?? { fake: !opts.fake, dir: false };
  if (opts.inPlace && opts.corpusDir) {
    corpusDir = opts.corpusDir;
  } else {
    corpusDir = await mkdtemp(path.join(tmpdir(), 'dossier-e2e-'));
    own.dir = true;
    await cp(opts.corpusDir ?? SEED_CORPUS, corpusDir, { recursive: true });
  }
  for (const [name, content] of Object.entries(opts.files ?? {})) {
    await writeFile(path.join(corpusDir, name), content);
  }

  const config = loadConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: fake.api,
    CORPUS_DIR: corpusDir,
    LOG_LEVEL: 'silent',
    COOLDOWN_SECONDS: '0',
    // The fake's default guild is the home server (its managers may use /admin).
    ADMIN_GUILD_IDS: DEFAULT_GUILD_ID,
    ...opts.env,
  });
  const logs: LogLine[] = [];
  const rawLogs: string[] = [];
  const logWaiters = new Set<(line: LogLine) => void>();
  const log = createLogger({
    level: 'info',
    secrets: [TOKEN],
    destination: {
      write(line: string) {
        rawLogs.push(line);
        let parsed: LogLine;
        try {
          parsed = JSON.parse(line) as LogLine;
        } catch {
          parsed = { level: 0, msg: line };
        }
        logs.push(parsed);
        for (const w of [...logWaiters]) w(parsed);
      },
    },
  });
  const engine = await createEngine(config, log);
  const bot = createBot(engine, log);
  await bot.start(TOKEN);

  let stopped = false;
  const stopBot = async () => {
    if (stopped) return;
    stopped = true;
    await bot.stop({ timeoutMs: 5_000 });
  };
  let handedOver = false;
  return {
    fake,
    bot,
    engine,
    config,
    logs,
    rawLogs,
    corpusDir,
    waitForLog(predicate, timeoutMs = 15_000) {
      const seen = logs.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise<LogLine>((resolve, reject) => {
        const timer = setTimeout(() => {
          logWaiters.delete(waiter);
          reject(
            new Error(
              `no matching log line within ${timeoutMs} ms; saw: ${logs.map((l) => l.msg).join(', ')}`,
            ),
          );
        }, timeoutMs);
        const waiter = (line: LogLine) => {
          if (!predicate(line)) return;
          clearTimeout(timer);
          logWaiters.delete(waiter);
          resolve(line);
        };
        logWaiters.add(waiter);
      });
    },
    async stop() {
      await stopBot();
      if (handedOver) return;
      if (own.fake) await fake.close();
      if (own.dir) await rm(corpusDir, { recursive: true, force: true });
    },
    async restart() {
      await stopBot();
      handedOver = true;
      return launch({ env: opts.env, fake, corpusDir, inPlace: true }, own);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// What the bot sent
// ---------------------------------------------------------------------------------------------

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: { type: number; components: { custom_id?: string; label?: string; disabled?: boolean }[] }[];
  allowed_mentions?: { parse?: string[]; replied_user?: boolean };
  flags?: number;
  message_reference?: { message_id?: string };
}

const EPHEMERAL = 1 << 6;

/** The message the user finally sees for an interaction: the edit of a deferral, else the callback data. */
export function answerOf(rec: InteractionRecord): MessageBody {
  if (rec.followUps.length > 0 && rec.deleted) {
    const req = rec.followUps.at(-1);
    return req as unknown as MessageBody;
  }
  if (rec.edits.length > 0) return rec.edits.at(-1) as MessageBody;
  return (rec.callback?.data ?? {}) as MessageBody;
}

/** Whether the interaction's answer is private to the user. */
export function isEphemeral(rec: InteractionRecord): boolean {
  if (rec.callback?.type === 5)
    return ((Number((rec.callback.data as MessageBody)?.flags) || 0) & EPHEMERAL) !== 0;
  return ((Number(answerOf(rec).flags) || 0) & EPHEMERAL) !== 0;
}

/** All visible text of a message body: content, titles, descriptions, fields, footers. */
export function textOf(body: MessageBody): string {
  const parts = [body.content ?? ''];
  for (const e of body.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  return parts.filter(Boolean).join('\n');
}

/** Text with Discord Markdown's backslash escapes removed (`added\-later\.md` → `added-later.md`). */
export function unescaped(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** The custom ids of the buttons on a message body. */
export function customIds(body: MessageBody): { label: string; id: string; disabled: boolean }[] {
  return (body.components ?? []).flatMap((row) =>
    row.components
      .filter((c) => c.custom_id)
      .map((c) => ({ label: c.label ?? '', id: c.custom_id!, disabled: c.disabled === true })),
  );
}

const chars = (s: string | undefined): number => [...(s ?? '')].length;

/** Discord's message limits, checked independently of the renderer's own LIMITS table. */
export function expectWithinLimits(body: MessageBody, label = 'message'): void {
  expect(chars(body.content), `${label}: content`).toBeLessThanOrEqual(2000);
  const embeds = body.embeds ?? [];
  expect(embeds.length, `${label}: embeds`).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds) {
    expect(chars(e.title), `${label}: title`).toBeLessThanOrEqual(256);
    expect(chars(e.description), `${label}: description`).toBeLessThanOrEqual(4096);
    expect(chars(e.footer?.text), `${label}: footer`).toBeLessThanOrEqual(2048);
    expect((e.fields ?? []).length, `${label}: fields`).toBeLessThanOrEqual(25);
    total += chars(e.title) + chars(e.description) + chars(e.footer?.text) + chars(e.author?.name);
    for (const f of e.fields ?? []) {
      expect(chars(f.name), `${label}: field name`).toBeLessThanOrEqual(256);
      expect(chars(f.value), `${label}: field value`).toBeLessThanOrEqual(1024);
      expect(chars(f.name) * chars(f.value), `${label}: empty field`).toBeGreaterThan(0);
      total += chars(f.name) + chars(f.value);
    }
  }
  expect(total, `${label}: total embed characters`).toBeLessThanOrEqual(6000);
  const rows = body.components ?? [];
  expect(rows.length, `${label}: action rows`).toBeLessThanOrEqual(5);
  for (const row of rows) {
    expect(row.components.length, `${label}: buttons in a row`).toBeLessThanOrEqual(5);
    for (const c of row.components) {
      if (c.custom_id !== undefined)
        expect(chars(c.custom_id), `${label}: custom_id`).toBeLessThanOrEqual(100);
      expect(chars(c.label), `${label}: label`).toBeLessThanOrEqual(80);
    }
  }
}

/** Every message-carrying request the bot made (interaction callbacks, edits, follow-ups, channel sends). */
function messageRequests(fake: FakeDiscord, since = 0): RecordedRequest[] {
  return fake.requests.slice(since).filter((r) => {
    if (r.path.endsWith('/callback')) {
      const type = Number((r.body as { type?: number } | undefined)?.type);
      return type === 4 || type === 7;
    }
    if (r.path.startsWith('/webhooks/')) return r.method === 'POST' || r.method === 'PATCH';
    return r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);
  });
}

/** The message body of a request (callback `data`, or the body itself). */
function bodyOf(r: RecordedRequest): MessageBody {
  const b = r.body as { type?: number; data?: unknown } | undefined;
  if (r.path.endsWith('/callback')) return (b?.data ?? {}) as MessageBody;
  return (b ?? {}) as MessageBody;
}

/**
 * The checks every bot test ends with: every message the bot sent pings nobody and fits Discord's
 * limits, no request went to a route Discord does not have, the fake accepted every request (no
 * 4xx from a bad body), and nothing was handled outside the interaction boundary.
 */
export function expectCleanRun(t: TestBot, opts: { allowStatuses?: number[] } = {}): void {
  expect(t.fake.unknownRoutes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  for (const r of messageRequests(t.fake)) {
    const body = bodyOf(r);
    expect(body.allowed_mentions, `${r.method} ${r.path}`).toEqual({ parse: [], replied_user: false });
    expectWithinLimits(body, `${r.method} ${r.path}`);
  }
  const allowed = new Set([0, 200, 201, 204, ...(opts.allowStatuses ?? [])]);
  const refused = t.fake.requests.filter((r) => !allowed.has(r.status) && r.fault === null);
  expect(refused.map((r) => `${r.method} ${r.path} → ${r.status} ${JSON.stringify(r.responseBody)}`)).toEqual(
    [],
  );
  expect(t.logs.filter((l) => l.msg === 'handler failed outside the boundary')).toEqual([]);
}

/**
 * The `interaction` log line for an interaction id. It is written after the bot's last request
 * returns, so it can come a moment after the fake recorded the answer: wait for it.
 */
export function interactionLog(t: TestBot, id: string): Promise<LogLine> {
  return t.waitForLog((l) => l.msg === 'interaction' && l.interaction === id);
}
