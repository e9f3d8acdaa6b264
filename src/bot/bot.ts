/**
 * The discord.js client and its wiring. Thin: events go to the dispatcher or the message handler;
 * in-flight work is tracked so shutdown can let it finish; nothing a handler does can end the process.
 */
import { LRUCache } from 'lru-cache';
import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  Options,
  Partials,
  type ClientOptions,
} from 'discord.js';
import type { Config } from '../config.js';
import type { Engine } from '../serve/engine.js';
import type { Logger } from '../log.js';
import { createCooldown } from './cooldown.js';
import { handleInteraction, type BotContext } from './dispatcher.js';
import { errorFields } from './logsafe.js';
import { handleMessage } from './messages.js';

export interface Bot {
  client: Client;
  /** Logs in; resolves when the client is ready. */
  start(token: string): Promise<void>;
  /** Stops taking new work, waits (bounded) for work in flight, then disconnects. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
}

/** Users kept in the client's cache at most (beyond the bot itself). */
export const CACHED_USERS = 500;
/** Members kept per server at most (beyond the bot itself). */
export const CACHED_MEMBERS = 100;
/** How often the user and member caches are emptied, and idle DM channels dropped. */
const SWEEP_SECONDS = 600;

function clientOptions(config: Pick<Config, 'apiUrl' | 'shardCount' | 'shard'>): ClientOptions {
  const { apiUrl } = config;
  return {
    ...shardOptions(config),
    // Guilds: slash commands; GuildMessages: @mentions in channels; DirectMessages: plain DMs.
    // None is privileged: the content of DMs and of messages that mention the bot comes without MessageContent.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    // A bot that meets many users must not keep every one of them: unbounded, discord.js kept a
    // User, a member and a DM channel for each (about 6 KB, 1 GB per 160,000 users). The bot reads
    // nothing from these caches (every handler works from its event), so they are kept small; the
    // bot's own user and member are always kept. DM channels are dropped by the bot (createBot).
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ThreadMemberManager: 0,
      UserManager: { maxSize: CACHED_USERS, keepOverLimit: (u) => u.id === u.client.user?.id },
      GuildMemberManager: { maxSize: CACHED_MEMBERS, keepOverLimit: (m) => m.id === m.client.user?.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: SWEEP_SECONDS, filter: () => (u) => u.id !== u.client.user?.id },
      guildMembers: { interval: SWEEP_SECONDS, filter: () => (m) => m.id !== m.client.user?.id },
    },
    ...(apiUrl ? { rest: { api: apiUrl.replace(/\/+$/, '') } } : {}),
  };
}

/**
 * The shards this client connects: in a shard process (npm run start:sharded) the one its manager
 * gave it; otherwise every shard of the bot in this one process (Discord's recommendation for 'auto').
 */
function shardOptions(
  config: Pick<Config, 'shardCount' | 'shard'>,
): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (config.shard) return { shards: config.shard.ids, shardCount: config.shard.count };
  return config.shardCount === 'auto' ? { shards: 'auto' } : { shardCount: config.shardCount };
}

export function createBot(engine: Engine, log: Logger): Bot {
  const client = new Client(clientOptions(engine.config));
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  const context: BotContext = {
    engine,
    log,
    cooldown: createCooldown(engine.config.cooldown),
    recentQueries: new LRUCache<string, string>({ max: 2000 }),
    ping: () => (client.ws.ping >= 0 ? client.ws.ping : undefined),
  };
  // A DM channel is cached for every user who writes or runs a command in DMs: drop it once the
  // work is answered (the Channel partial rebuilds it from the next event).
  const dropDmChannelAfter = (work: Promise<void>, dmChannelId: string | null): Promise<void> =>
    dmChannelId ? work.finally(() => client.channels.cache.delete(dmChannelId)) : work;
  const track = (work: Promise<void>) => {
    const p = work.catch((err: unknown) =>
      log.error({ err: errorFields(err) }, 'handler failed outside the boundary'),
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (!accepting) return;
    track(
      dropDmChannelAfter(
        handleInteraction(interaction, context),
        interaction.inGuild() ? null : interaction.channelId,
      ),
    );
  });
  client.on(Events.MessageCreate, (message) => {
    if (!accepting || !client.user) return;
    const dm = message.channel.type === ChannelType.DM ? message.channelId : null;
    track(dropDmChannelAfter(handleMessage(message, context, client.user.id), dm));
  });
  // Any DM channel cached another way goes at each sweep.
  const sweepDms = setInterval(
    () => client.channels.cache.sweep((c) => c.type === ChannelType.DM),
    SWEEP_SECONDS * 1000,
  );
  sweepDms.unref();
  client.on(Events.Error, (err) => log.error({ err: errorFields(err) }, 'client error'));
  client.on(Events.ShardError, (err, shard) => log.error({ err: errorFields(err), shard }, 'gateway error'));
  // destroy() closes the gateway too, which discord.js reports as a reconnect: only warn while serving.
  client.on(Events.ShardReconnecting, (shard) => {
    if (accepting) log.warn({ shard }, 'gateway reconnecting');
  });
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.rest.on('rateLimited', (info) =>
    log.warn({ route: info.route, retryAfter: info.retryAfter }, 'rate limited'),
  );

  return {
    client,
    async start(token) {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(token);
      await ready;
      const index = engine.store.current();
      log.info(
        {
          user: client.user?.id,
          guilds: client.guilds.cache.size,
          articles: index.articles.length,
          version: index.version,
        },
        'ready',
      );
    },
    async stop({ timeoutMs = 10_000 } = {}) {
      accepting = false;
      const pending = [...inFlight];
      if (pending.length) {
        log.info({ pending: pending.length }, 'waiting for interactions in flight');
        await Promise.race([
          Promise.allSettled(pending),
          new Promise((r) => setTimeout(r, timeoutMs).unref()),
        ]);
      }
      clearInterval(sweepDms);
      await client.destroy();
      log.info('stopped');
    },
  };
}
