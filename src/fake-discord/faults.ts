/**
 * Faults the fake Discord injects on matching requests (rate limits, error statuses, requests that
 * never get an answer), for tests of the bot's retry, outage and timeout paths.
 */
import type { RouteReply } from './rest-common.js';
import { compilePattern } from './http.js';

/** A fault injected on matching requests, for rate-limit / outage / timeout tests. */
export type Fault =
  | { kind: 'rateLimit'; retryAfter: number; global?: boolean; scope?: 'user' | 'global' | 'shared' }
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'hang' };

export interface FaultRule {
  /** Method to match (any if omitted). */
  method?: string;
  /** Path below `/api/v10` to match: exact, a `:param` pattern (`/interactions/:id/:token/callback`) or a RegExp. */
  path: string | RegExp;
  fault: Fault;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
}

export interface FaultHandle {
  /** Requests answered with the fault so far. */
  readonly hits: number;
  remove(): void;
}

export interface FaultState {
  method: string | undefined;
  regex: RegExp;
  fault: Fault;
  remaining: number;
  hits: number;
  label: string;
}

/** The state of an injected fault: what it matches and how many more requests it answers. */
export function faultState(rule: FaultRule): FaultState {
  return {
    method: rule.method?.toUpperCase(),
    regex: compilePattern(rule.path),
    fault: rule.fault,
    remaining: rule.times ?? 1,
    hits: 0,
    label: `${rule.fault.kind}${rule.fault.kind === 'status' ? ` ${rule.fault.status}` : ''}`,
  };
}

/** The first fault matching a request, counted as hit (and removed once spent), if any. */
export function takeFault(faults: FaultState[], method: string, path: string): FaultState | undefined {
  const fault = faults.find((f) => (f.method === undefined || f.method === method) && f.regex.test(path));
  if (fault) {
    fault.hits++;
    if (--fault.remaining <= 0) faults.splice(faults.indexOf(fault), 1);
  }
  return fault;
}

export function faultReply(fault: Fault): RouteReply | 'hang' {
  switch (fault.kind) {
    case 'hang':
      return 'hang';
    case 'status':
      return {
        status: fault.status,
        body: fault.body ?? { message: `${fault.status}: injected fault`, code: 0 },
      };
    case 'rateLimit': {
      const scope = fault.scope ?? (fault.global ? 'global' : 'user');
      const headers: Record<string, string> = {
        'retry-after': String(fault.retryAfter),
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Date.now() / 1000 + fault.retryAfter),
        'x-ratelimit-reset-after': String(fault.retryAfter),
        'x-ratelimit-bucket': 'fake-bucket',
        'x-ratelimit-scope': scope,
      };
      if (fault.global) headers['x-ratelimit-global'] = 'true';
      return {
        status: 429,
        headers,
        body: {
          message: 'You are being rate limited.',
          retry_after: fault.retryAfter,
          global: fault.global ?? false,
        },
      };
    }
  }
}
