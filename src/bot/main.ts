/**
 * `npm start`: validate the configuration, check that the corpus folder exists, build the index,
 * connect to Discord, stop cleanly on signals.
 */
import { loadConfig, requireSetting } from '../config.js';
import { requireCorpusFolder, runEntry } from '../entry.js';
import { createEngine } from '../serve/engine.js';
import { createLogger } from '../log.js';
import { createBot } from './bot.js';
import { errorFields } from './logsafe.js';
import { createShardPeers, processChannel } from './shard-peers.js';

const TRY_LOCALLY =
  'To try Dossier without Discord, run: npm run playground (the bot in a Discord-like web page)  or  npm run ask -- "/who <name>"';

async function main(): Promise<number> {
  const config = loadConfig();
  const token = requireSetting(
    config,
    'token',
    'DISCORD_TOKEN',
    `Set it in .env (see .env.example and the README's "Run it on Discord"). ${TRY_LOCALLY}`,
  );
  await requireCorpusFolder(config.corpusDir);
  const rootLog = createLogger({ level: config.logLevel, format: config.logFormat, secrets: [token] });
  // A shard spawned by `npm run start:sharded` labels its lines and talks to the other shards.
  const { shard } = config;
  const log = shard ? rootLog.child({ shard: shard.ids.length === 1 ? shard.ids[0] : shard.ids }) : rootLog;
  const peers = shard
    ? createShardPeers({ channel: processChannel(), ids: shard.ids, count: shard.count, log })
    : undefined;
  process.on('unhandledRejection', (reason) =>
    log.error({ err: errorFields(reason) }, 'unhandled rejection'),
  );
  process.on('uncaughtException', (err) => log.error({ err: errorFields(err) }, 'uncaught exception'));

  // Feeds are polled by one process only: this one, or shard 0 of a sharded bot.
  const pollFeeds = !shard || shard.ids.includes(0);
  const engine = await createEngine(config, log, { peers, pollFeeds });
  peers?.serve(engine.store);
  const bot = createBot(engine, log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await bot.stop();
    await engine.close();
    peers?.close();
    log.flush();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // A shard whose manager is gone (its IPC channel closed) would otherwise serve on, unmanaged.
  if (peers) process.once('disconnect', () => void stop('manager gone'));
  try {
    await bot.start(token);
  } catch (err) {
    log.fatal({ err: errorFields(err) }, 'could not connect to Discord (is DISCORD_TOKEN right?)');
    log.flush();
    return 1;
  }
  return 0;
}

await runEntry(main);
