/**
 * The one place that reads the environment. Validated once at start; a bad or missing variable stops
 * start-up with one line that names it and says what to do.
 */
import 'dotenv/config';
import { z } from 'zod';

const SNOWFLAKE = /^\d{17,20}$/;
const snowflake = z.string().regex(SNOWFLAKE, 'must be a Discord id (17–20 digits)');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A comma-separated list of Discord ids, each checked. */
function idList(what: string) {
  return (v: string | undefined, ctx: z.RefinementCtx): string[] => {
    const ids = (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const id of ids) {
      if (!SNOWFLAKE.test(id))
        ctx.addIssue({ code: 'custom', message: `"${id}" is not ${what} (17–20 digits)` });
    }
    return ids;
  };
}

const schema = z.object({
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.pipe(snowflake.optional()),
  DISCORD_GUILD_ID: optionalString.pipe(snowflake.optional()),
  DISCORD_API_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  CORPUS_DIR: optionalString.transform((v) => v ?? 'corpus'),
  ADMIN_USER_IDS: optionalString.transform(idList('a Discord user id')),
  ADMIN_GUILD_IDS: optionalString.transform(idList('a Discord server id')),
  LOG_LEVEL: optionalString
    .transform((v) => v ?? 'info')
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  LOG_FORMAT: optionalString.transform((v) => v ?? 'auto').pipe(z.enum(['auto', 'json', 'pretty'])),
  COOLDOWN_SECONDS: optionalString.transform((v) => Number(v ?? '3')).pipe(z.number().min(0).max(3600)),
  COOLDOWN_BURST: optionalString.transform((v) => Number(v ?? '3')).pipe(z.number().int().min(1).max(100)),
  INDEX_FILE: optionalString,
  FEED_POLL_MINUTES: optionalString
    .transform((v) => Number(v ?? '30'))
    .pipe(z.number().int('must be a whole number of minutes').min(1).max(1440)),
  FEED_MAX_ITEMS: optionalString
    .transform((v) => Number(v ?? '20'))
    .pipe(z.number().int('must be a whole number').min(1).max(200)),
  KEEP_BUILD_WORK_MINUTES: optionalString
    .transform((v) => Number(v ?? '60'))
    .pipe(z.number().int('must be a whole number of minutes').min(0).max(100_000)),
  // Not SHARD_COUNT: discord.js reads that variable itself (as a number) in every Client it makes.
  TOTAL_SHARDS: optionalString
    .transform((v) => v ?? 'auto')
    .pipe(
      z.union([
        z.literal('auto'),
        z
          .string()
          .regex(/^\d+$/, "must be 'auto' or a whole number")
          .transform(Number)
          .pipe(z.number().int().min(1).max(1000)),
      ]),
    ),
  // Set by discord.js's ShardingManager in each shard process it spawns: the shard id (or a JSON
  // list) and the shard count of the whole bot.
  SHARDS: optionalString.transform((v, ctx) => {
    if (v === undefined) return undefined;
    let ids: unknown;
    try {
      ids = JSON.parse(v);
    } catch {
      ids = undefined;
    }
    const list = Array.isArray(ids) ? ids : [ids];
    if (!list.length || !list.every((n) => Number.isInteger(n) && (n as number) >= 0)) {
      ctx.addIssue({ code: 'custom', message: 'must be a shard id or a JSON list of shard ids' });
      return undefined;
    }
    return list as number[];
  }),
  SHARD_COUNT: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number (discord.js sets it for the shards it spawns)')
      .transform(Number)
      .optional(),
  ),
  PLAYGROUND_PORT: optionalString
    .transform((v) => Number(v ?? '3000'))
    .pipe(z.number().int().min(0).max(65535)),
  ALLOW_PRIVATE_URLS: optionalString
    .transform((v) => (v ?? 'false').toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0'], { error: "must be 'true' or 'false' (or 1 or 0)" }))
    .transform((v) => v === 'true' || v === '1'),
});

export interface Config {
  token?: string;
  applicationId?: string;
  guildId?: string;
  apiUrl?: string;
  corpusDir: string;
  /** Users who may administer the bot anywhere, DMs included. */
  adminUserIds: string[];
  /** The home servers: members with Manage Server there may administer the bot; /admin is registered only there. */
  adminGuildIds: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: 'auto' is readable lines at a terminal and JSON lines otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  cooldown: { seconds: number; burst: number };
  /** Where the built index is saved; undefined = the default beside the corpus (see src/index/saved/corpus-hash.ts). */
  indexFile?: string;
  /** Followed feeds: polled every `pollMinutes` (FEED_POLL_MINUTES), at most `maxItems` new items a feed a poll (FEED_MAX_ITEMS). */
  feeds: { pollMinutes: number; maxItems: number };
  /**
   * KEEP_BUILD_WORK_MINUTES: how long the build worker keeps its last build's work while no change
   * comes (the next change then redoes only its own share; after it, a whole build). 0 = not kept.
   */
  keepBuildWorkMinutes: number;
  /** TOTAL_SHARDS, the shards of the whole bot: 'auto' asks Discord for its recommendation. */
  shardCount: 'auto' | number;
  /** The playground's web page port on 127.0.0.1 (0 = any free port). */
  playgroundPort: number;
  /**
   * ALLOW_PRIVATE_URLS: links an admin adds may point to loopback and private-use addresses (tests,
   * closed networks). Link-local (cloud metadata), unspecified, multicast and broadcast stay refused.
   */
  allowPrivateUrls: boolean;
  /** This process's shards (ids, and the count of the whole bot) when a ShardingManager spawned it. */
  shard?: { ids: number[]; count: number };
}

/** A configuration problem, with a message meant for the person starting the program. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates configuration. `env` defaults to the process environment (plus `.env`). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue.message}. Fix it in .env (see .env.example).`);
  }
  const e = parsed.data;
  return {
    token: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    guildId: e.DISCORD_GUILD_ID,
    apiUrl: e.DISCORD_API_URL,
    corpusDir: e.CORPUS_DIR,
    adminUserIds: e.ADMIN_USER_IDS,
    adminGuildIds: e.ADMIN_GUILD_IDS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    cooldown: { seconds: e.COOLDOWN_SECONDS, burst: e.COOLDOWN_BURST },
    indexFile: e.INDEX_FILE,
    feeds: { pollMinutes: e.FEED_POLL_MINUTES, maxItems: e.FEED_MAX_ITEMS },
    keepBuildWorkMinutes: e.KEEP_BUILD_WORK_MINUTES,
    shardCount: e.TOTAL_SHARDS,
    playgroundPort: e.PLAYGROUND_PORT,
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS,
    shard: e.SHARDS ? { ids: e.SHARDS, count: e.SHARD_COUNT ?? Math.max(...e.SHARDS) + 1 } : undefined,
  };
}

/** Demands a variable that a particular program needs (the CLI needs none of the Discord ones). */
export function requireSetting<K extends keyof Config>(
  config: Config,
  key: K,
  variable: string,
  hint: string,
): NonNullable<Config[K]> {
  const value = config[key];
  if (value === undefined || value === null || value === '') {
    throw new ConfigError(`${variable} is not set. ${hint}`);
  }
  return value as NonNullable<Config[K]>;
}
