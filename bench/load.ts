/**
 * Load through the fake Discord: the real bot (engine + discord.js client) answers bursts of
 * interactions — every command, autocomplete and "More passages" — while `/admin reindex` runs
 * between and during the bursts. Counts errors and unanswered interactions, and measures what the
 * fake sees from each INTERACTION_CREATE dispatch to its callback (Discord's 3-second window), and
 * the heap before and after a warm-up.
 *
 *   npm run load                       # 2,400 interactions in bursts of 60 (prints the figures)
 *   npm run load -- --interactions 5000 --burst 100 --json
 *   npm run load -- --users 20000      # heap after 2,000 and 20,000 distinct users (runUsers)
 *
 * test/reliability/load.test.ts runs `runLoad` too and asserts zero errors and zero unanswered
 * interactions; timings are reported here, never asserted.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { APIInteraction } from 'discord-api-types/v10';
import { createBot } from '../src/bot/bot.js';
import { loadConfig } from '../src/config.js';
import { createEngine } from '../src/serve/engine.js';
import {
  ADMIN_PERMISSIONS,
  DEFAULT_GUILD_ID,
  autocomplete,
  button,
  chatInput,
  startFakeDiscord,
  user,
} from '../src/fake-discord/index.js';
import { createLogger } from '../src/log.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GdOsSr.load-dossier-token-never-logged_0123456789';
/** Discord drops an interaction not acknowledged within this. */
const WINDOW_MS = 3_000;

export interface LoadOptions {
  /** Interactions to dispatch in total (reindexes not counted). Default 2,400. */
  interactions?: number;
  /** Interactions dispatched at once. Default 60. */
  burst?: number;
  /** An `/admin reindex` is dispatched with every n-th burst. Default 5. */
  reindexEvery?: number;
  /** Interactions before the "after warm-up" heap figure. Default 400. */
  warmup?: number;
  corpusDir?: string;
  /**
   * Whether the fake refuses callbacks later than Discord's 3 s (404, counted as errors). Default
   * true for the benchmark; the CI test turns it off so a slow, shared machine can't fail it — the
   * figures still count answers over 3 s.
   */
  enforceWindow?: boolean;
  /** Called after each burst with the count done so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface LoadReport {
  interactions: number;
  answered: number;
  unanswered: number;
  /** Interactions whose log line says anything but `answered`, error-level log lines, refused requests. */
  errors: string[];
  reindexes: { dispatched: number; completed: number; refused: number };
  /** Dispatch → callback, as the fake measured it (ms). */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  overWindow: number;
  heapMb: { start: number; afterWarmup: number; end: number; gcExposed: boolean };
  wallMs: number;
  perSecond: number;
  bursts: number;
  burst: number;
}

const isProgress = (body: unknown) =>
  (body as { embeds?: { title?: string }[] } | undefined)?.embeds?.[0]?.title === 'Reindexing';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The question mix: every command, typo'd and plain, autocomplete, and paging buttons. */
function makeInteraction(i: number, moreId: string | undefined): APIInteraction {
  const asker = user({ id: String(1_300_000_000_000_000_000n + BigInt(i % 500)) });
  const dm = i % 7 === 3;
  const where = { user: asker, ...(dm ? { dm: true } : {}) };
  switch (i % 14) {
    case 0:
      return chatInput({ name: 'who', options: { name: i % 28 === 0 ? 'Peskov' : 'Peskow' }, ...where });
    case 1:
      return chatInput({ name: 'when', options: { event: 'summit' }, ...where });
    case 2:
      return chatInput({ name: 'where', options: { thing: 'Biden and Putin met' }, ...where });
    case 3:
      return chatInput({ name: 'what', options: { topic: 'sanctions' }, ...where });
    case 4:
      return chatInput({ name: 'quote', options: { name: 'Peskov' }, ...where });
    case 5:
      return chatInput({
        name: 'ask',
        options: { question: 'How many Russian troops are near Ukraine?' },
        ...where,
      });
    case 6:
      return chatInput({ name: 'search', options: { terms: 'summit', page: 1 + (i % 3) }, ...where });
    case 7:
      return chatInput({ name: 'sources', ...where });
    case 8:
      return chatInput({ name: 'timeline', ...where });
    case 9:
      return autocomplete({ name: 'who', focused: { name: 'name', value: 'Pes' }, ...where });
    case 10:
      return autocomplete({ name: 'when', focused: { name: 'event', value: 'sum' }, ...where });
    case 11:
      return moreId
        ? button({ customId: moreId, ...where })
        : chatInput({ name: 'search', options: { terms: 'ceasefire' }, ...where });
    case 12:
      return chatInput({ name: 'ask', options: { question: 'who is Blinken?' }, ...where });
    default:
      return chatInput({ name: 'search', options: { terms: 'xylophonic quasar' }, ...where });
  }
}

/** What the bot's thread reports: its own V8 heap, and what its log said. */
interface BotReport {
  heapMb: number;
  /** Interaction log lines whose outcome is not `answered`, and error-level lines. */
  problems: string[];
  interactionLines: number;
}

type ToBot = { type: 'heap' } | { type: 'stop' };
type FromBot = { type: 'ready' } | { type: 'report'; report: BotReport } | { type: 'failed'; error: string };

/**
 * The bot runs in a worker thread — its own V8 isolate and event loop, like the separate process it
 * is in production — so the heap figures are the bot's alone, not the fake Discord's records.
 */
async function botThread(data: { api: string; corpusDir: string }): Promise<void> {
  const port = parentPort!;
  const problems: string[] = [];
  let interactionLines = 0;
  const log = createLogger({
    level: 'info',
    secrets: [TOKEN],
    destination: {
      write(line: string) {
        const l = JSON.parse(line) as {
          level: number;
          msg: string;
          outcome?: string;
          interaction?: string;
          command?: string;
          err?: { message?: string; stack?: string };
        };
        if (l.msg === 'interaction') {
          interactionLines++;
          if (l.outcome !== 'answered') problems.push(`interaction ${l.interaction}: ${l.outcome}`);
        }
        if (l.level >= 50) {
          const where = l.err?.stack?.split('\n').slice(0, 3).join(' | ') ?? l.err?.message ?? '';
          problems.push(`log: ${l.msg} (${l.command ?? ''}): ${where}`);
        }
      },
    },
  });
  const config = loadConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: data.api,
    CORPUS_DIR: data.corpusDir,
    LOG_LEVEL: 'silent',
    COOLDOWN_SECONDS: '0',
    // The fake's default guild is the home server, where the /admin reindex bursts come from.
    ADMIN_GUILD_IDS: DEFAULT_GUILD_ID,
  });
  const engine = await createEngine(config, log);
  const bot = createBot(engine, log);
  await bot.start(TOKEN);
  const report = (): BotReport => {
    (globalThis as { gc?: () => void }).gc?.();
    const heapMb = Math.round((getHeapStatistics().used_heap_size / 1024 / 1024) * 10) / 10;
    return { heapMb, problems: [...problems], interactionLines };
  };
  port.on('message', (m: ToBot) => {
    if (m.type === 'heap') port.postMessage({ type: 'report', report: report() } satisfies FromBot);
    if (m.type === 'stop') {
      void bot.stop({ timeoutMs: 5_000 }).then(() => {
        port.postMessage({ type: 'report', report: report() } satisfies FromBot);
        port.close();
      });
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromBot);
}

function startBotThread(api: string, corpusDir: string) {
  // The worker loads this file through tsx, as `npm run load` and vitest load it here.
  // Resolved from the project (an eval'd worker resolves bare names from the working directory).
  const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { role: 'dossier-load-bot', api, corpusDir } });
  const next = () =>
    new Promise<BotReport | null>((resolve, reject) => {
      const onMessage = (m: FromBot) => {
        cleanup();
        if (m.type === 'failed') reject(new Error(`bot thread: ${m.error}`));
        else resolve(m.type === 'report' ? m.report : null);
      };
      const onError = (err: Error) => {
        cleanup();
        reject(err);
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
  return {
    ready: next(),
    async heap(): Promise<BotReport> {
      const p = next();
      worker.postMessage({ type: 'heap' } satisfies ToBot);
      return (await p)!;
    },
    async stop(): Promise<BotReport> {
      const p = next();
      worker.postMessage({ type: 'stop' } satisfies ToBot);
      const report = (await p)!;
      await worker.terminate();
      return report;
    },
    terminate: () => worker.terminate(),
  };
}

export async function runLoad(opts: LoadOptions = {}): Promise<LoadReport> {
  const total = opts.interactions ?? 2_400;
  const burst = opts.burst ?? 60;
  const reindexEvery = opts.reindexEvery ?? 3;
  const warmup = opts.warmup ?? 400;

  const fake = await startFakeDiscord({
    token: TOKEN,
    ...(opts.enforceWindow === false ? {} : { interactionDeadlineMs: WINDOW_MS }),
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'dossier-load-'));
  await cp(opts.corpusDir ?? path.join(ROOT, 'test/fixtures/seed-corpus'), dir, { recursive: true });
  const bot = startBotThread(fake.api, dir);
  let stopped = false;
  try {
    await bot.ready;
    const heapStart = (await bot.heap()).heapMb;

    // One answer with a "More passages" button, for the button clicks in the mix.
    const first = await fake.interact(chatInput({ name: 'search', options: { terms: 'summit' } }));
    const moreId = (
      first.callback?.data as { components?: { components: { custom_id?: string }[] }[] } | undefined
    )?.components?.[0]?.components[0]?.custom_id;

    const latencies: number[] = [];
    const unanswered: string[] = [];
    const reindexes = { dispatched: 0, completed: 0, refused: 0 };
    let answered = 0;
    let reindexRunning: Promise<void> | undefined;
    let heapAfterWarmup: number | undefined;
    const started = performance.now();
    let done = 0;
    let bursts = 0;
    while (done < total) {
      const n = Math.min(burst, total - done);
      const batch = Array.from({ length: n }, (_, k) => makeInteraction(done + k, moreId));
      // A reindex goes out with every few bursts, while the previous one is done (two at once is a
      // refusal, tested in test/reliability/faults.test.ts).
      if (bursts % reindexEvery === reindexEvery - 1 && !reindexRunning) {
        reindexes.dispatched++;
        const re = chatInput({ name: 'admin', subcommand: 'reindex', permissions: ADMIN_PERMISSIONS });
        reindexRunning = fake
          .interact(re, { timeoutMs: 60_000 })
          // A long reindex edits its reply with "Reindexing" progress before the final report.
          .then(() => fake.waitForInteraction(re.id, (r) => r.edits.some((e) => !isProgress(e)), 60_000))
          .then((rec) => {
            latencies.push(rec.callback?.ms ?? Number.POSITIVE_INFINITY);
            const text = JSON.stringify(rec.edits.filter((e) => !isProgress(e)).at(-1) ?? {});
            if (/Reindexed/.test(text)) reindexes.completed++;
            else if (/under way/.test(text)) reindexes.refused++;
          })
          .catch((err: unknown) => {
            unanswered.push(`reindex ${re.id}: ${String(err)}`);
          })
          .finally(() => {
            reindexRunning = undefined;
          });
      }
      const settled = await Promise.allSettled(batch.map((p) => fake.interact(p, { timeoutMs: 30_000 })));
      settled.forEach((s, k) => {
        if (s.status === 'fulfilled') {
          answered++;
          latencies.push(s.value.callback?.ms ?? Number.POSITIVE_INFINITY);
        } else unanswered.push(`${batch[k]!.id}: ${String(s.reason)}`);
      });
      done += n;
      bursts++;
      if (done >= warmup && heapAfterWarmup === undefined) heapAfterWarmup = (await bot.heap()).heapMb;
      opts.onProgress?.(done, total);
    }
    await reindexRunning;
    const wallMs = performance.now() - started;
    // The interaction log line is written after the last request returns: let the last ones land.
    await new Promise((r) => setTimeout(r, 200));
    const end = await bot.stop();
    stopped = true;

    const ms = latencies.sort((a, b) => a - b);
    const errors = [
      ...end.problems,
      ...fake.requests
        .filter((r) => r.status >= 400 || r.validationErrors.length > 0)
        .map((r) => `${r.method} ${r.path} → ${r.status}`),
      ...fake.unknownRoutes.map((r) => `unknown route ${r.method} ${r.path}`),
    ];
    if (end.interactionLines < total + 1 + reindexes.dispatched) {
      errors.push(
        `only ${end.interactionLines} interaction log lines for ${total + 1 + reindexes.dispatched}`,
      );
    }
    return {
      interactions: total,
      answered,
      unanswered: unanswered.length,
      errors,
      reindexes,
      latency: {
        p50: percentile(ms, 50),
        p90: percentile(ms, 90),
        p99: percentile(ms, 99),
        max: ms.at(-1) ?? 0,
        mean: Math.round(ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length)),
      },
      overWindow: ms.filter((m) => m > WINDOW_MS).length,
      heapMb: {
        start: heapStart,
        afterWarmup: heapAfterWarmup ?? heapStart,
        end: end.heapMb,
        gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      },
      wallMs: Math.round(wallMs),
      perSecond: Math.round((total / wallMs) * 1000),
      bursts,
      burst,
    };
  } finally {
    if (!stopped) await bot.terminate();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export interface UsersReport {
  /** Distinct users who had asked once each when the heap was measured → the bot thread's heap (MB, after gc). */
  heapMb: { users: number; heapMb: number }[];
  /** Growth of the heap from the first to the last checkpoint, in %. */
  growthPercent: number;
  errors: string[];
  wallMs: number;
}

/**
 * `npm run load -- --users 20000`: distinct users asking once each — half a /who in the server (a
 * user and a member for discord.js to keep), half the same in a DM (a user and a DM channel) — with
 * the bot thread's heap measured after gc at each checkpoint. A bot that keeps every user grows
 * with them; the goal is a flat heap (within 10 %) from 2,000 to 20,000 users.
 */
export async function runUsers(checkpoints: number[] = [2_000, 20_000], burst = 100): Promise<UsersReport> {
  const fake = await startFakeDiscord({ token: TOKEN });
  const dir = await mkdtemp(path.join(tmpdir(), 'dossier-users-'));
  await cp(path.join(ROOT, 'test/fixtures/seed-corpus'), dir, { recursive: true });
  const bot = startBotThread(fake.api, dir);
  const heapMb: UsersReport['heapMb'] = [];
  const errors: string[] = [];
  const started = performance.now();
  try {
    await bot.ready;
    const last = Math.max(...checkpoints);
    for (let done = 0; done < last;) {
      const n = Math.min(burst, last - done);
      const batch = Array.from({ length: n }, (_, k) => {
        const i = done + k;
        const asker = user({ id: String(1_400_000_000_000_000_000n + BigInt(i)) });
        return i % 2
          ? chatInput({ name: 'who', options: { name: 'Peskov' }, user: asker })
          : chatInput({ name: 'who', options: { name: 'Peskov' }, dm: true, user: asker });
      });
      const settled = await Promise.allSettled(batch.map((p) => fake.interact(p, { timeoutMs: 30_000 })));
      for (const r of settled) if (r.status === 'rejected') errors.push(String(r.reason));
      done += n;
      if (checkpoints.includes(done)) heapMb.push({ users: done, heapMb: (await bot.heap()).heapMb });
    }
    const end = await bot.stop();
    errors.push(...end.problems);
  } finally {
    await bot.terminate().catch(() => undefined);
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
  const first = heapMb[0]?.heapMb ?? 0;
  const lastHeap = heapMb.at(-1)?.heapMb ?? 0;
  return {
    heapMb,
    growthPercent: first ? Math.round(((lastHeap - first) / first) * 1000) / 10 : 0,
    errors,
    wallMs: Math.round(performance.now() - started),
  };
}

function argValue(argv: string[], name: string): number | undefined {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : undefined;
}

async function main(argv: string[]): Promise<void> {
  const users = argValue(argv, '--users');
  if (users !== undefined) {
    const checkpoints = [Math.round(users / 10), users];
    const r = await runUsers(checkpoints);
    process.stdout.write(
      argv.includes('--json')
        ? JSON.stringify(r, null, 2) + '\n'
        : [
            ...r.heapMb.map((h) => `after ${h.users} distinct users: heap ${h.heapMb} MB (after gc)`),
            `growth: ${r.growthPercent} % (goal: within 10 %) · errors: ${r.errors.length} · wall ${r.wallMs} ms`,
            ...r.errors.slice(0, 20).map((e) => `error: ${e}`),
          ].join('\n') + '\n',
    );
    process.exitCode = r.errors.length === 0 ? 0 : 1;
    return;
  }
  const report = await runLoad({
    interactions: argValue(argv, '--interactions'),
    burst: argValue(argv, '--burst'),
    reindexEvery: argValue(argv, '--reindex-every'),
    onProgress: (done, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${done}/${total}`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const l = report.latency;
    const h = report.heapMb;
    process.stdout.write(
      [
        `interactions: ${report.interactions} in ${report.bursts} bursts of ${report.burst}, ` +
          `${report.reindexes.dispatched} reindexes interleaved (${report.reindexes.completed} completed)`,
        `answered: ${report.answered} · unanswered: ${report.unanswered} · errors: ${report.errors.length}`,
        `dispatch → callback: p50 ${l.p50} ms · p90 ${l.p90} ms · p99 ${l.p99} ms · max ${l.max} ms · ` +
          `mean ${l.mean} ms · over 3 s: ${report.overWindow}`,
        `heap${h.gcExposed ? ' (after gc)' : ''}: start ${h.start} MB · after warm-up ${h.afterWarmup} MB · end ${h.end} MB`,
        `wall: ${report.wallMs} ms (${report.perSecond} interactions/s)`,
        ...report.errors.slice(0, 20).map((e) => `error: ${e}`),
      ].join('\n') + '\n',
    );
  }
  process.exitCode = report.errors.length === 0 && report.unanswered === 0 ? 0 : 1;
}

const role = (workerData as { role?: string } | null)?.role;
if (!isMainThread && role === 'dossier-load-bot') {
  await botThread(workerData as { api: string; corpusDir: string }).catch((err: unknown) =>
    parentPort?.postMessage({ type: 'failed', error: String(err) } satisfies FromBot),
  );
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
