/** What the terminal surfaces share: argument parsing, engine start-up and printing replies. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext, FileInput, Reply } from '../../commands/types.js';
import { loadConfig, type Config } from '../config.js';
import { createEngine, progressLines, runLine, type Engine } from '../serve/engine.js';
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
}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { json: false, color: !!process.stdout.isTTY, help: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--no-color') args.color = false;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--corpus') {
      const dir = argv[++i];
      if (!dir) throw new UserError('--corpus needs a folder, e.g. --corpus ./my-articles');
      args.corpus = dir;
    } else if (a.startsWith('--corpus=')) args.corpus = a.slice('--corpus='.length);
    else if (a === '--') args.rest.push(...argv.slice(i + 1).splice(0));
    else args.rest.push(a);
    if (a === '--') break;
  }
  return args;
}

/** Starts the engine over the configured (or given) corpus folder. The CLI logs nothing to stdout. */
export async function startEngine(args: CliArgs, opts: { oneShot?: boolean } = {}): Promise<Engine> {
  const base = loadConfig();
  const config: Config = { ...base, corpusDir: args.corpus ?? base.corpusDir };
  const dir = path.resolve(config.corpusDir);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`The corpus folder ${config.corpusDir} does not exist.`);
  const say = throttledLines();
  const engine = await createEngine(config, silentLogger, {
    worker: false,
    // One answer and exit: warming the other answer paths would only delay the exit.
    warmAnswerPaths: !opts.oneShot,
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

/** Runs a line; on the CLI an attachment option names a file on disk. */
export function runCliLine(line: string, ctx: CommandContext): Promise<Reply> {
  return runLine(line, ctx, fileInput);
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
