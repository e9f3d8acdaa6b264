/**
 * Wires the answer engine for a surface: opens the index store and builds the command context that
 * every command's `run` receives. The bot, the CLI and the console all start here.
 */
import { commands } from '../../commands/index.js';
import { parseLine } from '../../commands/parse.js';
import type { CommandContext, FileInput, Notice, Options, Reply } from '../../commands/types.js';
import type { Config } from '../config.js';
import { openIndexStore, type IndexStore, type Progress } from './store.js';
import { adminOps } from './admin.js';
import { createFeeds } from './feed-wiring.js';
import type { Feeds } from './feeds/feeds.js';

export { progressLines } from './admin.js';
import type { Logger } from '../log.js';

/** The other shards of a sharded bot (src/bot/shard-peers.ts); absent when this process runs alone. */
export interface ShardPeers {
  /** This process's shard ids, and the shard count of the whole bot. */
  readonly ids: readonly number[];
  readonly count: number;
  /** Has every other shard adopt the index this one just saved; resolves with each one's state. */
  reloadOthers(): Promise<ShardState[]>;
}

/** One shard's state after a reindex, as `/admin reindex` reports it. */
export interface ShardState {
  shard: number;
  ok: boolean;
  /** `rebuilt`: the shard that ran the reindex; `reloaded`: it adopted the saved index. */
  action?: 'rebuilt' | 'reloaded';
  version?: string;
  paragraphs?: number;
  error?: string;
}

export interface Engine {
  store: IndexStore;
  /** The followed feeds (polled only where `createEngine` was asked to, see `pollFeeds`). */
  feeds: Feeds;
  config: Config;
  log: Logger;
  startedAt: Date;
  peers?: ShardPeers;
  /** Stops polling feeds and ends the build worker. */
  close(): Promise<void>;
  /** The context for one caller. Admin operations are attached only for admins. */
  context(
    user: { id: string; isAdmin: boolean },
    extra?: {
      ping?: () => number | undefined;
      /** Where a long admin operation (reindex) reports progress, one line at a time. */
      progress?: (message: string) => void;
    },
  ): CommandContext;
}

export async function createEngine(
  config: Config,
  log: Logger,
  opts: {
    peers?: ShardPeers;
    /** Build in a worker thread (default true; the CLIs build in-process, nothing else runs there). */
    worker?: boolean;
    /** Progress of a start-up build or load. */
    onProgress?: (p: Progress) => void;
    /** Run every answer path once at start-up (default true; see StoreOptions). */
    warmAnswerPaths?: boolean;
    /** Build every answer table ahead of the questions (default true; see StoreOptions). */
    warmTables?: boolean;
    /** One answer or change, then the process ends (see StoreOptions). */
    oneShot?: boolean;
    /** False: the saved index is loaded without its search (a one-shot change; see StoreOptions). */
    loadSearch?: boolean;
    /** Poll the followed feeds every FEED_POLL_MINUTES: in one process only (shard 0 when sharded). */
    pollFeeds?: boolean;
  } = {},
): Promise<Engine> {
  const store = await openIndexStore(config.corpusDir, log, {
    indexFile: config.indexFile,
    worker: opts.worker,
    keepWorkMs: config.keepBuildWorkMinutes * 60_000,
    onProgress: opts.onProgress,
    warmAnswerPaths: opts.warmAnswerPaths,
    warmTables: opts.warmTables,
    oneShot: opts.oneShot,
    loadSearch: opts.loadSearch,
  });
  const startedAt = new Date();
  // Process start to a serving index: the cold start the saved index is for.
  log.info(
    { paragraphs: store.current().paragraphs.length, sinceProcessStartMs: Math.round(performance.now()) },
    'ready to answer',
  );
  // Items a feed adds on shard 0 reach the other shards as an admin's change does: they adopt the saved index.
  const feeds = createFeeds(store, config, log, () => {
    opts.peers
      ?.reloadOthers()
      .catch((err: unknown) =>
        log.error(
          { err: err instanceof Error ? err.message : String(err) },
          'the other shards were not reloaded',
        ),
      );
  });
  if (opts.pollFeeds) feeds.start();
  const engine: Engine = {
    store,
    feeds,
    config,
    log,
    startedAt,
    peers: opts.peers,
    async close() {
      await feeds.stop();
      await store.close();
    },
    context(user, extra) {
      const ctx: CommandContext = { index: store.current, config, log, user };
      if (user.isAdmin) ctx.admin = adminOps(engine, extra?.ping, extra?.progress);
      return ctx;
    },
  };
  return engine;
}

/**
 * Runs one typed line ("/who Peskov", a plain question, "help") as the given caller. Where a surface
 * can turn typed words into a file (the CLI: a path), `fileFromText` does it for attachment options.
 * `extra` options given beside the line (the CLI's `--since`, `--until`, `--outlet`) go to a command
 * that defines them (the question commands; `/admin` has none), unless the line gives its own.
 */
export async function runLine(
  line: string,
  ctx: CommandContext,
  fileFromText?: (text: string) => Promise<FileInput>,
  extra: Options = {},
): Promise<Reply> {
  if (HELP_LINE.test(line) || GREETING.test(line)) return { type: 'notice', notice: helpNotice() };
  const { command, options } = parseLine(line);
  for (const o of command.data.options ?? []) {
    if (extra[o.name] !== undefined) options[o.name] ??= extra[o.name];
  }
  if (fileFromText && typeof options.file === 'string') options.file = await fileFromText(options.file);
  return command.run(options, ctx);
}

const HELP_LINE = /^\s*\/?(help|\?)\s*$/i;
/** A greeting or thanks with nothing to ask ("hi", "hello there!", "thanks"): answered with the help. */
const GREETING =
  /^\s*(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|thanks?|thank you|thx|cheers)(?:\s+(?:there|all|everyone|again|so much|a lot|bot|dossier))?[\s!.,?…]*$/iu;

function helpNotice(): Notice {
  const lines = commands
    .filter((c) => c.data.name !== 'admin')
    .map((c) => {
      const opts = (c.data.options ?? []).map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
      return `/${c.data.name}${opts ? ' ' + opts : ''} — ${c.data.description}`;
    });
  return {
    title: 'Ask about the articles',
    lines: [
      ...lines,
      'Or just ask in plain words: “who is …?”, “when is …?”, “how many …?”. Every answer cites its paragraphs.',
    ],
    level: 'info',
  };
}
