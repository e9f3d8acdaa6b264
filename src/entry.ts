/**
 * What every entry point (npm start, start:sharded, deploy, playground, ask, console, build-index,
 * bench) does the same way at start-up: strict command-line flags, the check that the corpus folder
 * exists, and a problem the person starting it can fix (a bad flag, a bad setting, a missing folder)
 * printed as one line on stderr with a non-zero exit code — never a stack trace.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from './config.js';

/** A start-up problem with a message for the person starting the program, and its exit code. */
export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Unusable command-line arguments: exit code 2. */
export class UsageError extends StartupError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

/** parseArgs' configuration, always strict and without tokens. */
type FlagConfig = Omit<ParseArgsConfig, 'strict' | 'tokens'>;

const WHITESPACE_RUNS = /\s+/g;
/** The first quoted flag (or word) in one of node:util parseArgs' error messages. */
const QUOTED_FLAG = /'(-[^'\s]*)/;
const QUOTED_WORD = /'([^']*)'/;

/**
 * node:util's parseArgs with `strict: true`: an unknown flag, a flag without its value, or a value
 * given to a switch throws a UsageError whose one line names the flag. After `--` everything is a
 * positional (when `allowPositionals`), e.g. a question starting with "-".
 */
export function parseFlags<const T extends FlagConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs({ ...config, strict: true }) as ReturnType<typeof parseArgs<T>>;
  } catch (err) {
    throw new UsageError(usageLine(err, config));
  }
  for (const [name, value] of Object.entries(parsed.values as Record<string, unknown>)) {
    if (value === '') throw new UsageError(`--${name} needs a value.${helpHint(config)}`);
  }
  return parsed;
}

function helpHint(config: FlagConfig): string {
  return config.options && 'help' in config.options ? ' See --help.' : '';
}

function usageLine(err: unknown, config: FlagConfig): string {
  const { code, message } = err as { code?: string; message: string };
  const flag = QUOTED_FLAG.exec(message)?.[1];
  const help = helpHint(config);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return config.allowPositionals
        ? `Unknown argument ${flag} (words starting with "-" go after --).${help}`
        : `Unknown argument ${flag}.${help}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take')) return `${flag} takes no value.${help}`;
      // "ambiguous": the next argument starts with "-" (`--corpus --json`).
      return message.includes('ambiguous')
        ? `${flag} needs a value (one starting with "-" is written ${flag}=-…).${help}`
        : `${flag} needs a value.${help}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument ${QUOTED_WORD.exec(message)?.[1] ?? ''}: this command takes options only.${help}`;
    default:
      throw err;
  }
}

/** Stops start-up when the corpus folder does not exist (an existing empty folder is fine). */
export async function requireCorpusFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new StartupError(`The corpus folder ${path.resolve(dir)} does not exist.`, 2);
  }
}

/** A configuration or start-up problem as its one line and exit code; undefined for anything else. */
export function startupProblem(err: unknown): { line: string; exitCode: number } | undefined {
  if (!(err instanceof ConfigError || err instanceof StartupError)) return undefined;
  const line = err.message.replace(WHITESPACE_RUNS, ' ').trim();
  return { line, exitCode: err instanceof StartupError ? err.exitCode : 1 };
}

/**
 * Runs an entry point's `main`: a start-up problem it throws becomes one line on stderr and its
 * exit code; a non-zero result exits at once (the bot's handles would keep the process alive).
 * Anything else propagates as the bug it is.
 */
export async function runEntry(main: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await main();
  } catch (err) {
    const problem = startupProblem(err);
    if (!problem) throw err;
    process.stderr.write(`${problem.line}\n`);
    code = problem.exitCode;
  }
  process.exitCode = code;
  if (code !== 0) process.exit(code);
}
