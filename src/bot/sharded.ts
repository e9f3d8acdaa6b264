/**
 * `npm run start:sharded`: discord.js's ShardingManager runs the normal bot (src/bot/main.ts) once
 * per shard, each in its own process. Before spawning, the saved index is made fresh (built and saved
 * once if the corpus changed), so every shard loads the same file instead of each rebuilding.
 *
 *   TOTAL_SHARDS=auto|N         shards of the whole bot ('auto': Discord's recommendation)
 *   -- --shards 0-3             run only these shards (one machine's share of a fixed TOTAL_SHARDS)
 *
 * SIGHUP makes every shard adopt the saved index file (after it was rebuilt or copied from elsewhere).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShardingManager, type Shard } from 'discord.js';
import { ConfigError, loadConfig, requireSetting, type Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { corpusHash, defaultIndexFile } from '../index/saved/corpus-hash.js';
import { savedCorpusHash } from '../index/saved/layout.js';
import { openIndexStore } from '../serve/store.js';
import { errorFields } from './logsafe.js';
import { parseShardList, planShards, relayReloads } from './shard-manager.js';

/** How long one shard may take from spawn to ready (loading the saved index, then the gateway). */
const SPAWN_TIMEOUT_MS = 5 * 60_000;
/** How long a shard may take to stop (it finishes the interactions in flight first). */
const STOP_TIMEOUT_MS = 15_000;

const SHARD_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

async function main(argv: string[]): Promise<number> {
  let config: Config;
  let token: string;
  let only: number[] | undefined;
  try {
    config = loadConfig();
    token = requireSetting(config, 'token', 'DISCORD_TOKEN', 'Set it in .env (see .env.example).');
    const at = argv.indexOf('--shards');
    if (at !== -1) only = parseShardList(argv[at + 1] ?? '');
  } catch (err) {
    if (err instanceof ConfigError || err instanceof Error) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, secrets: [token] }).child({ shard: 'manager' });

  let plan;
  try {
    await prepareSavedIndex(config, log);
    plan = await planShards(config, token, log, only);
  } catch (err) {
    log.fatal({ err: errorFields(err) }, 'could not prepare the shards');
    log.flush();
    return 1;
  }
  // The pid is what `kill -HUP` needs to have every shard reload the saved index.
  log.info({ ...plan, pid: process.pid }, 'spawning shards');
  const manager = new ShardingManager(SHARD_ENTRY, {
    totalShards: plan.totalShards,
    shardList: plan.shardList,
    mode: 'process',
    respawn: true,
    token,
    // The shard runs TypeScript as `npm start` does: through tsx's loader.
    // The same V8 settings as `npm start` (see docs/DESIGN.md, “Garbage collection”).
    execArgv: ['--import', import.meta.resolve('tsx'), '--max-semi-space-size=4', '--v8-pool-size=1'],
  });
  const relay = relayReloads(manager, log);
  manager.on('shardCreate', (shard: Shard) => {
    shard.on('spawn', (child: { pid?: number; threadId?: number }) =>
      log.info({ id: shard.id, pid: child.pid }, 'shard spawned'),
    );
    shard.on('ready', () => log.info({ id: shard.id }, 'shard ready'));
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : null;
      log.warn({ id: shard.id, code, respawn: manager.respawn }, 'shard process ended');
    });
  });

  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    log.info({ signal }, 'stopping shards');
    await Promise.all([...manager.shards.values()].map((s) => stopShard(s)));
    log.info('stopped');
    log.flush();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => {
    log.info('SIGHUP: every shard adopts the saved index');
    relay.reloadAll().then(
      (states) => log.info({ states }, 'shards reloaded'),
      (err: unknown) => log.error({ err: errorFields(err) }, 'reload failed'),
    );
  });

  try {
    await manager.spawn({ amount: plan.totalShards, delay: plan.spawnDelayMs, timeout: SPAWN_TIMEOUT_MS });
  } catch (err) {
    log.fatal({ err: errorFields(err) }, 'shards did not start');
    await stop('spawn failed', 1);
    return 1;
  }
  log.info({ shards: plan.shardList }, 'all shards ready');
  return 0;
}

/**
 * Makes sure the saved index matches the corpus — building and saving it here, once, when it does
 * not — so that every shard loads the file instead of each building its own. Only the file's header
 * is read when it is fresh: the manager never holds the index itself.
 */
async function prepareSavedIndex(config: Config, log: Logger): Promise<void> {
  const dir = path.resolve(config.corpusDir);
  const file = path.resolve(config.indexFile ?? defaultIndexFile(dir));
  const [hash, saved] = await Promise.all([corpusHash(dir), savedCorpusHash(file)]);
  if (saved === hash) {
    log.info({ file }, 'the saved index matches the corpus: every shard will load it');
    return;
  }
  const store = await openIndexStore(dir, log, { indexFile: file, worker: false });
  await store.close();
}

/** Asks a shard's process to stop (SIGTERM: it finishes its work in flight), then insists. */
async function stopShard(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
