/** What the terminal surfaces share: argument parsing, engine start-up and printing replies. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pc from 'picocolors';
import type { CommandContext, FileInput, Options, Reply } from '../../commands/types.js';
import { loadConfig, type Config } from '../config.js';
import { createEngine, progressLines, runLine, type Engine } from '../serve/engine.js';
import { parseFlags, requireCorpusFolder } from '../entry.js';
import { UserError } from '../errors.js';
import { silentLogger } from '../log.js';
import { renderJson } from '../render/json.js';
import { renderNoticeText, renderText, type TextStyle } from '../render/text.js';

export interface CliArgs {
  json: boolean;
  color: boolean;
  corpus?: string;
  help: boolean;
  rest: string[];
  /** `--since`, `--until`, `--outlet`: the article filter every question is asked with. */
  filter?: Options;
}

const FLAGS = {
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  corpus: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  since: { type: 'string' },
  until: { type: 'string' },
  outlet: { type: 'string' },
} as const;

/**
 * The flags of `ask` and `console` (strict: an unknown one is a UsageError naming it). Words after
 * `--` are the question even when they start with "-". `console` takes no words.
 */
export function parseArgs(argv: string[], opts: { words?: boolean } = {}): CliArgs {
  const { values, positionals } = parseFlags({
    args: argv,
    options: FLAGS,
    allowPositionals: opts.words ?? true,
  });
  return {
    json: values.json ?? false,
    // Colours in a terminal only, and never with NO_COLOR (picocolors reads it) or --no-color.
    color: !values['no-color'] && pc.isColorSupported && !!process.stdout.isTTY,
    corpus: values.corpus,
    help: values.help ?? false,
    rest: positionals,
    ...filterFlags(values),
  };
}

/** `--since`, `--until`, `--outlet` as the options a question command reads; nothing without them. */
function filterFlags(values: { since?: string; until?: string; outlet?: string }): { filter?: Options } {
  const given = (['since', 'until', 'outlet'] as const).filter((k) => values[k] !== undefined);
  return given.length ? { filter: Object.fromEntries(given.map((k) => [k, values[k]])) } : {};
}

/**
 * Starts the engine over the configured (or given) corpus folder. The CLI logs nothing to stdout.
 * `change`: the one line to run changes the corpus and asks nothing (the saved index's search is
 * then not loaded).
 */
export async function startEngine(
  args: CliArgs,
  opts: { oneShot?: boolean; change?: boolean } = {},
): Promise<Engine> {
  const base = loadConfig();
  const config: Config = { ...base, corpusDir: args.corpus ?? base.corpusDir };
  await requireCorpusFolder(config.corpusDir);
  const say = throttledLines();
  const engine = await createEngine(config, silentLogger, {
    worker: false,
    // One answer and exit: warming the other answer paths and tables would only delay the exit.
    warmAnswerPaths: !opts.oneShot,
    warmTables: !opts.oneShot,
    oneShot: opts.oneShot === true,
    loadSearch: !(opts.oneShot === true && opts.change === true),
    onProgress: progressLines((m) => say(`Preparing the index: ${m}`)),
  });
  for (const e of engine.store.current().errors) process.stderr.write(`warning: ${e.file}: ${e.reason}\n`);
  return engine;
}

/** The local terminal user runs as an admin: it is their own corpus folder. */
export function localContext(engine: Engine): CommandContext {
  return engine.context({ id: 'local', isAdmin: true }, { progress: throttledLines() });
}

/**
 * Progress lines on stderr when it is a terminal (scripts get clean output), at most one a second
 * and none in the first second after it is made.
 */
function throttledLines(): (message: string) => void {
  let last = performance.now();
  return (message) => {
    if (!process.stderr.isTTY) return;
    const now = performance.now();
    if (now - last < 1000) return;
    last = now;
    process.stderr.write(`${message}\n`);
  };
}

/** Runs a line (with the flags' filter); on the CLI an attachment option names a file on disk. */
export function runCliLine(line: string, ctx: CommandContext, filter: Options = {}): Promise<Reply> {
  return runLine(line, ctx, fileInput, filter);
}

async function fileInput(p: string): Promise<FileInput> {
  const info = await stat(p).catch(() => undefined);
  if (!info?.isFile()) throw new UserError(`No such file: ${p}`);
  return { name: path.basename(p), size: info.size, read: async () => new Uint8Array(await readFile(p)) };
}

export function style(args: CliArgs): TextStyle {
  return { color: args.color, width: Math.min(process.stdout.columns || 100, 110) };
}

export function printReply(reply: Reply, args: CliArgs): string {
  if (args.json) {
    return reply.type === 'answer'
      ? renderJson(reply.answer)
      : JSON.stringify({ kind: 'notice', ...reply.notice });
  }
  return reply.type === 'answer'
    ? renderText(reply.answer, style(args))
    : renderNoticeText(reply.notice, style(args));
}
