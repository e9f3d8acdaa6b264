/**
 * The one pino logger: structured context first, level from config, secrets redacted. JSON lines,
 * or readable lines through pino-pretty for a person at a terminal (LOG_FORMAT).
 */
import { createRequire } from 'node:module';
import pc from 'picocolors';
import { pino, type Logger, type DestinationStream } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

/** Paths pino blanks out wherever they appear in a log object. */
const REDACT = [
  'token',
  '*.token',
  'config.token',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
];

export interface LogOptions {
  level: string;
  /** Literal secrets to scrub from any message or field that slips past the path rules. */
  secrets?: string[];
  destination?: DestinationStream;
  /**
   * 'json': one JSON object a line. 'pretty': readable lines (pino-pretty). 'auto' (the default):
   * pretty when the logger writes to stdout and stdout is a terminal, JSON otherwise.
   */
  format?: 'auto' | 'json' | 'pretty';
}

/** Whether these options ask for pino-pretty's readable lines. */
export function wantsPretty(opts: LogOptions, stdoutIsTty = !!process.stdout.isTTY): boolean {
  const format = opts.format ?? 'auto';
  return format === 'pretty' || (format === 'auto' && !opts.destination && stdoutIsTty);
}

/**
 * pino-pretty in this thread, writing synchronously (not a worker transport): a line logged just
 * before `process.exit` is still written. Redaction and scrubbing happen before it sees a line.
 */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  // Loaded only when wanted: the CLIs and the JSON logs never pay for pino-pretty's modules.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({
    sync: true,
    colorize: pc.isColorSupported,
    ignore: 'pid,hostname,app',
    translateTime: 'SYS:HH:MM:ss.l',
    ...(destination ? { destination } : {}),
  });
}

export function createLogger(opts: LogOptions): Logger {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 8);
  const scrub = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join('[REDACTED]'), s);
  return pino(
    {
      level: opts.level,
      base: { app: 'dossier' },
      redact: { paths: REDACT, censor: '[REDACTED]' },
      // Error stacks and messages are the usual way a token leaks (a URL in an error): scrub them too.
      // pino rejects `hooks: undefined`, so the scrubbing options are only spread in when needed.
      ...(secrets.length
        ? {
            hooks: {
              logMethod(args, method) {
                const cleaned = args.map((a) =>
                  typeof a === 'string' ? scrub(a) : a instanceof Error ? scrubError(a, scrub) : a,
                );
                return method.apply(this, cleaned as Parameters<typeof method>);
              },
            },
            formatters: {
              log: (obj: Record<string, unknown>) => scrubDeep(obj, scrub) as Record<string, unknown>,
            },
          }
        : {}),
    },
    wantsPretty(opts) ? prettyStream(opts.destination) : opts.destination,
  );
}

/**
 * Scrubs secrets from every string in a log object. Errors become plain fields here (type, message,
 * stack, code), since a JSON round-trip would drop their message and stack.
 */
function scrubDeep(value: unknown, scrub: (s: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    const plain: Record<string, unknown> = { type: value.name, message: scrub(value.message) };
    if (value.stack) plain.stack = scrub(value.stack);
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) plain.code = scrubDeep(code, scrub, depth + 1);
    return plain;
  }
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, scrub, depth + 1);
  return out;
}

function scrubError(err: Error, scrub: (s: string) => string): Error {
  const copy = new Error(scrub(err.message));
  copy.name = err.name;
  copy.stack = err.stack ? scrub(err.stack) : undefined;
  return copy;
}

/** A logger that writes nothing: for tests and for the CLI's quiet mode. */
export const silentLogger: Logger = pino({ level: 'silent' });
