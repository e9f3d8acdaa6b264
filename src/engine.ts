/**
 * Wires the answer engine for a surface: opens the index store and builds the command context that
 * every command's `run` receives. The bot, the CLI and the console all start here.
 */
import { commands } from '../commands/index.js';
import { parseLine } from '../commands/parse.js';
import type { AdminOps, CommandContext, FileInput, Notice, Reply } from '../commands/types.js';
import type { Config } from './config.js';
import { UserError } from './errors.js';
import { MAX_UPLOAD_BYTES, openIndexStore, type IndexStore, type ReindexReport } from './index/store.js';
import type { Logger } from './log.js';

export interface Engine {
  store: IndexStore;
  config: Config;
  log: Logger;
  startedAt: Date;
  /** The context for one caller. Admin operations are attached only for admins. */
  context(
    user: { id: string; isAdmin: boolean },
    extra?: { ping?: () => number | undefined },
  ): CommandContext;
}

export async function createEngine(config: Config, log: Logger): Promise<Engine> {
  const store = await openIndexStore(config.corpusDir, log);
  const startedAt = new Date();
  const engine: Engine = {
    store,
    config,
    log,
    startedAt,
    context(user, extra) {
      const ctx: CommandContext = { index: store.current, config, log, user };
      if (user.isAdmin) ctx.admin = adminOps(engine, extra?.ping);
      return ctx;
    },
  };
  return engine;
}

/**
 * Runs one typed line ("/who Peskov", a plain question, "help") as the given caller. Where a surface
 * can turn typed words into a file (the CLI: a path), `fileFromText` does it for attachment options.
 */
export async function runLine(
  line: string,
  ctx: CommandContext,
  fileFromText?: (text: string) => Promise<FileInput>,
): Promise<Reply> {
  if (/^\s*\/?(help|\?)\s*$/i.test(line)) return { type: 'notice', notice: helpNotice() };
  const { command, options } = parseLine(line);
  if (fileFromText && typeof options.file === 'string') options.file = await fileFromText(options.file);
  return command.run(options, ctx);
}

export function helpNotice(): Notice {
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

function adminOps(engine: Engine, ping?: () => number | undefined): AdminOps {
  const { store } = engine;
  return {
    async reindex() {
      return reindexNotice('Reindexed', await store.reindex());
    },
    async addArticle(file: FileInput) {
      // Refuse by the declared size before downloading anything; the store checks the real bytes.
      if (file.size > MAX_UPLOAD_BYTES) {
        throw new UserError(`${file.name} is too large (${file.size} bytes); the limit is 2 MiB.`);
      }
      const { file: name, report } = await store.addArticle(file.name, await file.read());
      return reindexNotice(`Added ${name}`, report);
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

export function reindexNotice(title: string, r: ReindexReport): Notice {
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
  return { title, lines, level: r.errors.length ? 'error' : 'info' };
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
