/**
 * Errors as the bot logs them. discord.js's REST errors carry the request URL, and an interaction's
 * or webhook's URL holds its token — a credential that lets anyone answer as the bot for 15
 * minutes — plus the whole request body. `errorFields` keeps what helps (type, message, status,
 * code, method, the route with the token blanked, stack) and drops the rest.
 *
 * The bot turns errors into these plain fields itself, before pino sees them: the logger's secret
 * scrubbing round-trips each line through JSON, which would lose an Error's message and stack.
 */
import { stdSerializers } from 'pino';

const TOKEN_IN_PATH = /\/(interactions|webhooks)\/(\d+)\/[^/?#\s"']+/g;

function redactTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, '/$1/$2/[REDACTED]');
}

export function errorFields(err: unknown): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? redactTokens(err) : err;
  const raw = stdSerializers.err(err) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'requestBody' || key === 'rawError') continue;
    out[key] = typeof value === 'string' ? redactTokens(value) : value;
  }
  return out;
}

/**
 * `value` with every occurrence of each secret (the bot's token) in its strings replaced by
 * "[REDACTED]": replies quote articles, and an article could hold the token. Walks plain objects
 * and arrays; returns the value itself when there is nothing to hide.
 */
export function scrubSecrets<T>(value: T, secrets: readonly (string | undefined)[]): T {
  const hidden = secrets.filter((s): s is string => !!s && s.length >= 8);
  if (hidden.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const s of hidden) if (out.includes(s)) out = out.split(s).join('[REDACTED]');
      return out;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
