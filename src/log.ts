/** The one pino logger: structured context first, level from config, secrets redacted. */
import { pino, type Logger, type DestinationStream } from 'pino';

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
      hooks: secrets.length
        ? {
            logMethod(args, method) {
              const cleaned = args.map((a) =>
                typeof a === 'string' ? scrub(a) : a instanceof Error ? scrubError(a, scrub) : a,
              );
              return method.apply(this, cleaned as Parameters<typeof method>);
            },
          }
        : undefined,
      formatters: secrets.length
        ? { log: (obj) => JSON.parse(scrub(JSON.stringify(obj))) as Record<string, unknown> }
        : undefined,
    },
    opts.destination,
  );
}

function scrubError(err: Error, scrub: (s: string) => string): Error {
  const copy = new Error(scrub(err.message));
  copy.name = err.name;
  copy.stack = err.stack ? scrub(err.stack) : undefined;
  return copy;
}

/** A logger that writes nothing: for tests and for the CLI's quiet mode. */
export const silentLogger: Logger = pino({ level: 'silent' });
