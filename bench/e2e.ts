/**
 * End-to-end interaction latency: the real bot (engine + discord.js client, logged in through
 * DISCORD_API_URL) against the fake Discord in this process. Slash commands and autocomplete requests
 * from the query set are dispatched as INTERACTION_CREATE, a fixed number in flight at a time; the
 * fake measures each from dispatch to the bot's callback (Discord's 3-second window). For deferred
 * commands the answer arrives later, in the edit: that is `answerP50Ms`/`answerP99Ms` (dispatch → the
 * answer the user sees, measured here).
 */
import type { APIInteraction } from 'discord-api-types/v10';
import { MAX_QUERY } from '../commands/shared.js';
import { createBot } from '../src/bot/bot.js';
import type { Engine } from '../src/serve/engine.js';
import { autocomplete, chatInput, startFakeDiscord, user } from '../src/fake-discord/index.js';
import type { Logger } from '../src/log.js';
import type { BenchQuery, LatencyKind } from './queries.js';
import { latencyOf, round } from './stats.js';

export const BENCH_TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GdOsSr.bench-dossier-token-never-logged_012345678';

export interface E2eResult {
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
  interactions: number;
  concurrency: number;
  answerP50Ms: number;
  answerP99Ms: number;
  deferred: number;
  failed: number;
  /** The first few failures: which query, and what the fake saw. */
  failures: string[];
  /** Gateway connections the bot opened during the run (1 = it never reconnected), and how the others closed. */
  gatewayConnections: number;
  gatewayCloses: string[];
}

const OPTION: Record<Exclude<LatencyKind, 'autocomplete'>, string> = {
  who: 'name',
  when: 'event',
  where: 'thing',
  what: 'topic',
  ask: 'question',
  search: 'terms',
};

function interactionFor(q: BenchQuery, i: number): APIInteraction {
  const asker = user({ id: String(1_400_000_000_000_000_000n + BigInt(i % 200)) });
  if (q.kind === 'autocomplete') {
    const command = q.command ?? 'who';
    return autocomplete({
      name: command,
      focused: { name: command === 'who' ? 'name' : 'event', value: q.text },
      user: asker,
    });
  }
  return chatInput({ name: q.kind, options: { [OPTION[q.kind]]: q.text }, user: asker });
}

/** The api URL of a fake Discord started for the run, for the engine's config. */
export async function startFake() {
  return startFakeDiscord({ token: BENCH_TOKEN, interactionDeadlineMs: 3_000, defaultTimeoutMs: 60_000 });
}

export async function runE2e(
  engine: Engine,
  log: Logger,
  fake: Awaited<ReturnType<typeof startFake>>,
  queries: BenchQuery[],
  opts: { interactions: number; concurrency: number; onProgress?: (done: number, total: number) => void },
): Promise<E2eResult> {
  // Discord itself refuses a text option longer than the command's max_length (MAX_QUERY), so such a
  // question never reaches a bot: leave those out (the bot would answer one with a private notice).
  queries = queries.filter((q) => q.text.length <= MAX_QUERY);
  const bot = createBot(engine, log);
  const connectionsBefore = fake.gatewayConnections.length;
  await bot.start(BENCH_TOKEN);
  try {
    // Warm-up: one of each kind, not measured.
    const kinds = [...new Set(queries.map((q) => q.kind))];
    for (const k of kinds) {
      const q = queries.find((x) => x.kind === k)!;
      await fake.interact(interactionFor(q, 0));
    }
    const callbackMs: number[] = [];
    const answerMs: number[] = [];
    let deferred = 0;
    let failed = 0;
    const failures: string[] = [];
    const fail = (q: BenchQuery, why: string) => {
      failed++;
      if (failures.length < 5) failures.push(`${q.kind} “${q.text.slice(0, 60)}”: ${why}`);
    };
    let next = 0;
    let done = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < opts.interactions) {
        const i = next++;
        const q = queries[i % queries.length]!;
        const payload = interactionFor(q, i);
        const t = performance.now();
        try {
          // Past Discord's 3-second window an unacknowledged interaction is lost: wait a little longer
          // than that, not a minute (which would only inflate the wall time of the run).
          const rec = await fake.interact(payload, { timeoutMs: 10_000 });
          answerMs.push(performance.now() - t);
          if (rec.callback) callbackMs.push(rec.callback.ms);
          else fail(q, 'no callback');
          if (rec.callback?.type === 5) deferred++;
        } catch (err) {
          const rec = fake.interaction(payload.id);
          fail(
            q,
            `${String(err).slice(0, 120)}; attempts ${JSON.stringify(rec?.attempts.map((a) => a.status) ?? [])}`,
          );
        }
        opts.onProgress?.(++done, opts.interactions);
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    const wall = performance.now() - started;
    const connections = fake.gatewayConnections.slice(connectionsBefore);
    const cb = latencyOf(callbackMs);
    const ans = latencyOf(answerMs);
    return {
      ...cb,
      perSecond: round((opts.interactions / wall) * 1000, 1),
      interactions: opts.interactions,
      concurrency: opts.concurrency,
      answerP50Ms: ans.p50Ms,
      answerP99Ms: ans.p99Ms,
      deferred,
      failed,
      failures,
      gatewayConnections: connections.length,
      gatewayCloses: connections
        .filter((c) => c.closed)
        .map(
          (c) =>
            `${c.closed!.code} by ${c.closed!.by}: ${c.closed!.reason} (after ${Date.now() - c.openedAt} ms)`,
        ),
    };
  } finally {
    await bot.stop({ timeoutMs: 5_000 });
  }
}
