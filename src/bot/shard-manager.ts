/**
 * The ShardingManager side of `npm run start:sharded`: how many shards and which (Discord's
 * /gateway/bot recommendation for `auto`, through the configured REST base), and the relay that lets
 * one shard's rebuild reach every other shard as a reload of the saved index.
 */
import { REST } from '@discordjs/rest';
import { Routes, type RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import type { Shard, ShardingManager } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { errorFields } from './logsafe.js';
import {
  RELOAD_TIMEOUT_MS,
  isShardMessage,
  type Reloaded,
  type ShardMessage,
  type ShardState,
} from './shard-protocol.js';

/** discord.js's pause between two shards' spawns when they share an identify bucket (Discord allows one IDENTIFY per 5 s per bucket). */
const IDENTIFY_SPACING_MS = 5_500;

export interface ShardPlan {
  /** Shards of the whole bot, across every machine. */
  totalShards: number;
  /** The shards this manager runs. */
  shardList: number[];
  /** Pause between spawning two shards. */
  spawnDelayMs: number;
  /** What Discord recommended, when it was asked. */
  recommended?: number;
  maxConcurrency?: number;
}

/**
 * Works out the shards to run. `config.shardCount` 'auto' takes Discord's recommendation; `only`
 * restricts this manager to a range of them (one machine's share), which needs a fixed count.
 * discord.js's own `fetchRecommendedShardCount` always asks discord.com, so /gateway/bot is fetched
 * here through the configured REST base (DISCORD_API_URL) instead.
 */
export async function planShards(
  config: Config,
  token: string,
  log: Logger,
  only?: number[],
): Promise<ShardPlan> {
  if (only && config.shardCount === 'auto') {
    throw new Error(
      'Running a range of shards (--shards) needs a fixed TOTAL_SHARDS (the total across machines).',
    );
  }
  let info: RESTGetAPIGatewayBotResult | undefined;
  try {
    info = await fetchGatewayBot(config.apiUrl, token);
  } catch (err) {
    if (config.shardCount === 'auto') throw err;
    log.warn(
      { err: errorFields(err) },
      'could not ask Discord for the identify limits; spawning shards 5.5 s apart',
    );
  }
  const totalShards = config.shardCount === 'auto' ? info!.shards : config.shardCount;
  const shardList = only ?? [...Array(totalShards).keys()];
  const outside = shardList.filter((id) => id >= totalShards);
  if (outside.length) {
    throw new Error(`Shard ids ${outside.join(', ')} are not below TOTAL_SHARDS (${totalShards}).`);
  }
  const limit = info?.session_start_limit;
  if (limit && limit.remaining < shardList.length) {
    log.warn(
      { remaining: limit.remaining, resetAfterMs: limit.reset_after },
      'few session starts left today',
    );
  }
  // Shards with different `id % max_concurrency` may identify at the same time; when every shard
  // has its own bucket there is nothing to wait for.
  const maxConcurrency = limit?.max_concurrency ?? 1;
  return {
    totalShards,
    shardList,
    spawnDelayMs: shardList.length <= maxConcurrency ? 0 : IDENTIFY_SPACING_MS,
    recommended: info?.shards,
    maxConcurrency: limit?.max_concurrency,
  };
}

async function fetchGatewayBot(
  apiUrl: string | undefined,
  token: string,
): Promise<RESTGetAPIGatewayBotResult> {
  const rest = new REST({
    ...(apiUrl ? { api: apiUrl.replace(/\/+$/, '') } : {}),
    // One request: no sweepers left running.
    hashSweepInterval: 0,
    handlerSweepInterval: 0,
  }).setToken(token);
  return (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
}

/** Reads "0-3,5" (ids and ranges) into [0, 1, 2, 3, 5]. */
export function parseShardList(text: string): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not a shard id or range (like 0-3)`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new Error(`"${part}" is an empty range`);
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

export interface ShardRelay {
  /** Has every running shard adopt the saved index (after an outside rebuild, e.g. a copied file). */
  reloadAll(): Promise<ShardState[]>;
}

/**
 * Relays a shard's "I rebuilt: reload the others" to the other shards of this manager and returns
 * their states to it. A shard that is not running, exits or does not answer in time is reported as
 * such; it never blocks the others.
 */
export function relayReloads(
  manager: ShardingManager,
  log: Logger,
  timeoutMs = RELOAD_TIMEOUT_MS,
): ShardRelay {
  let next = 0;
  const reload = (shards: Shard[]) => Promise.all(shards.map((s) => reloadOne(s)));

  async function reloadOne(shard: Shard): Promise<ShardState> {
    if (!shard.process) return { shard: shard.id, ok: false, error: 'not running' };
    const id = `m${process.pid}-${++next}`;
    let cleanup = () => {};
    const answer = new Promise<ShardState>((resolve) => {
      const onMessage = (message: unknown) => {
        if (isShardMessage(message) && message.dossier === 'reloaded' && message.id === id) {
          resolve({ shard: shard.id, ...(message as Reloaded).state });
        }
      };
      const onDeath = () => resolve({ shard: shard.id, ok: false, error: 'the shard exited' });
      const timer = setTimeout(
        () =>
          resolve({
            shard: shard.id,
            ok: false,
            error: `no answer within ${Math.round(timeoutMs / 1000)} s`,
          }),
        timeoutMs,
      );
      shard.on('message', onMessage);
      shard.once('death', onDeath);
      cleanup = () => {
        clearTimeout(timer);
        shard.off('message', onMessage);
        shard.off('death', onDeath);
      };
    });
    try {
      await shard.send({ dossier: 'reload', id } satisfies ShardMessage);
      return await answer;
    } catch (err) {
      return { shard: shard.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      cleanup();
    }
  }

  manager.on('shardCreate', (shard) => {
    shard.on('message', (message: unknown) => {
      if (!isShardMessage(message) || message.dossier !== 'reload-others') return;
      const others = [...manager.shards.values()].filter((s) => s.id !== shard.id);
      log.info(
        { from: shard.id, shards: others.map((s) => s.id) },
        'shard rebuilt the index: reloading the others',
      );
      void reload(others).then(async (states) => {
        log.info({ from: shard.id, states }, 'shards reloaded');
        try {
          await shard.send({ dossier: 'reload-result', id: message.id, states } satisfies ShardMessage);
        } catch (err) {
          log.error({ err: errorFields(err), shard: shard.id }, 'could not report the reload to the shard');
        }
      });
    });
  });

  return {
    reloadAll: () => reload([...manager.shards.values()]),
  };
}
