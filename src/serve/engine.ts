/**
 * Wires the answer engine for a surface: opens the index store and builds the command context that
 * every command's `run` receives. The bot, the CLI and the console all start here.
 */
import { commands } from '../../commands/index.js';
import { parseLine } from '../../commands/parse.js';
import type { AdminOps, CommandContext, FileInput, Notice, Options, Reply } from '../../commands/types.js';
import type { Config } from '../config.js';
import {
  MAX_UPLOAD_BYTES,
  uploadTooLarge,
  openIndexStore,
  type IndexStore,
  type Progress,
  type ReindexReport,
} from './store.js';
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
  config: Config;
  log: Logger;
  startedAt: Date;
  peers?: ShardPeers;
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
  } = {},
): Promise<Engine> {
  const store = await openIndexStore(config.corpusDir, log, {
    indexFile: config.indexFile,
    worker: opts.worker,
    onProgress: opts.onProgress,
    warmAnswerPaths: opts.warmAnswerPaths,
  });
  const startedAt = new Date();
  // Process start to a serving index: the cold start the saved index is for.
  log.info(
    { paragraphs: store.current().paragraphs.length, sinceProcessStartMs: Math.round(performance.now()) },
    'ready to answer',
  );
  const engine: Engine = {
    store,
    config,
    log,
    startedAt,
    peers: opts.peers,
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

function adminOps(
  engine: Engine,
  ping?: () => number | undefined,
  progress?: (message: string) => void,
): AdminOps {
  const { store } = engine;
  return {
    async reindex(onProgress = progress) {
      const report = await store.reindex({ onProgress: onProgress && progressLines(onProgress) });
      return withOtherShards(engine, reindexNotice('Reindexed', report));
    },
    async addArticle(file: FileInput) {
      // Refuse by the declared size before downloading anything; the store checks the real bytes.
      if (file.size > MAX_UPLOAD_BYTES) throw uploadTooLarge(file.name, file.size);
      const { file: name, report } = await store.addArticle(file.name, await file.read());
      return withOtherShards(engine, reindexNotice(`Added ${name}`, report));
    },
    status() {
      const index = store.current();
      const mem = process.memoryUsage();
      const p = ping?.();
      return {
        title: 'Dossier status',
        lines: [
          `Articles: ${index.articles.length} · paragraphs: ${index.paragraphs.length} · entities: ${index.entities.length}`,
          `Corpus version: ${index.version} · index built ${ago(index.builtAt)} in ${Math.round(index.buildMs)} ms`,
          `Memory: ${mb(mem.heapUsed)} heap, ${mb(mem.rss)} resident · uptime ${duration(Date.now() - engine.startedAt.getTime())}`,
          ...(p !== undefined && p >= 0 ? [`Gateway ping: ${Math.round(p)} ms`] : []),
          ...(engine.peers ? [`Shard ${engine.peers.ids.join(', ')} of ${engine.peers.count}`] : []),
          ...(index.errors.length
            ? [`Not indexed: ${index.errors.map((e) => `${e.file} (${e.reason})`).join('; ')}`]
            : []),
          ...(store.busy() ? ['A reindex is under way.'] : []),
        ],
        level: 'info',
      };
    },
  };
}

/**
 * On a sharded bot, once this shard has rebuilt and saved the index, every other shard adopts the
 * saved file (no second build); the notice then lists each shard's state.
 */
async function withOtherShards(engine: Engine, notice: Notice): Promise<Notice> {
  const { peers } = engine;
  if (!peers) return notice;
  const index = engine.store.current();
  const own = peers.ids.map((shard): ShardState => ({
    shard,
    ok: true,
    action: 'rebuilt',
    version: index.version,
    paragraphs: index.paragraphs.length,
  }));
  let others: ShardState[] = [];
  let failure: string | undefined;
  try {
    others = await peers.reloadOthers();
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
    engine.log.error({ err: failure }, 'the other shards were not reloaded');
  }
  const states = [...own, ...others].sort((a, b) => a.shard - b.shard);
  const lines = states.map((s) =>
    s.ok
      ? `Shard ${s.shard}: ${s.action ?? 'ok'} · version ${s.version} · ${s.paragraphs} paragraphs`
      : `Shard ${s.shard}: error — ${s.error ?? 'unknown'}`,
  );
  if (failure) lines.push(`Other shards: not reloaded — ${failure}`);
  const failed = failure !== undefined || states.some((s) => !s.ok);
  return {
    ...notice,
    lines: [...notice.lines, ...lines],
    level: failed ? 'error' : notice.level,
  };
}

/** Turns a reindex's progress into short lines, each different from the one before (≤ one per 10 %). */
export function progressLines(say: (message: string) => void): (p: Progress) => void {
  let last = '';
  return (p) => {
    const pct = p.total > 0 ? Math.floor((10 * p.done) / p.total) * 10 : 0;
    const text: Record<Progress['phase'], string> = {
      reading: `Reading the articles… ${pct}%`,
      parsing: `Reading the articles… ${pct}%`,
      indexing: `Indexing the paragraphs… ${pct}%`,
      entities: `Finding names, dates and quotes… ${pct}%`,
      saving: 'Saving the index…',
      loading: `Loading the new index… ${pct}%`,
      swapping: 'Switching to the new index…',
    };
    const line = text[p.phase];
    if (line === last) return;
    last = line;
    say(line);
  };
}

function reindexNotice(title: string, r: ReindexReport): Notice {
  const changes = [
    r.articlesAdded.length && `${r.articlesAdded.length} added (${r.articlesAdded.join(', ')})`,
    r.articlesRemoved.length && `${r.articlesRemoved.length} removed (${r.articlesRemoved.join(', ')})`,
    r.articlesChanged.length && `${r.articlesChanged.length} changed (${r.articlesChanged.join(', ')})`,
  ].filter(Boolean);
  const lines = [
    `Articles: ${changes.length ? changes.join('; ') : 'no change'}.`,
    `Paragraphs: ${r.paragraphsBefore} → ${r.paragraphsAfter} (${signed(r.paragraphsAfter - r.paragraphsBefore)}).`,
    `Corpus version ${r.previousVersion} → ${r.version}, in ${r.ms} ms.`,
  ];
  for (const e of r.errors) {
    const kept = r.kept.includes(e.file) ? ' — its last good version keeps serving' : '';
    lines.push(`Not indexed: ${e.file}: ${e.reason}${kept}.`);
  }
  const unsaved = r.saved && 'error' in r.saved ? r.saved : undefined;
  if (unsaved)
    lines.push(
      `The index could not be saved to ${unsaved.file} (${unsaved.error}): it serves from memory, and the next start will build it again. Check that folder's space and permissions.`,
    );
  return { title, lines, level: r.errors.length || unsaved ? 'error' : 'info' };
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
const signed = (n: number) => (n >= 0 ? `+${n}` : String(n));
function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
function ago(d: Date): string {
  return `${duration(Date.now() - d.getTime())} ago`;
}
