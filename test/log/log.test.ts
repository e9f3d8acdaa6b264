import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger, wantsPretty } from '../../src/log.js';

/** A destination that keeps every line pino writes. */
function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const SECRET = 'MTAxNzAwMDAwMDAwMDAwMDAwMA.Gabcde.secret-token-value';

describe('createLogger', () => {
  it('works without any secrets to scrub (one JSON line per call)', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream });
    log.info({ command: 'who', ms: 3 }, 'answered');
    expect(out.lines()).toEqual([expect.objectContaining({ command: 'who', ms: 3, msg: 'answered' })]);
  });

  it('scrubs a secret from messages, nested fields, error messages and stacks', () => {
    const out = capture();
    const log = createLogger({ level: 'info', secrets: [SECRET], destination: out.stream });
    log.info({ url: `https://x/${SECRET}/y`, nested: { deep: [SECRET] } }, `token ${SECRET}`);
    log.error({ err: new Error(`failed with ${SECRET}`) }, 'boom');
    log.warn(new Error(`bare ${SECRET}`));
    const text = JSON.stringify(out.lines());
    expect(out.lines()).toHaveLength(3);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('[REDACTED]');
    // The error keeps what makes it useful: its message (scrubbed) and its stack.
    expect(text).toContain('failed with [REDACTED]');
    expect(text).toContain('stack');
  });

  it('redacts token fields by path', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream });
    log.info({ config: { token: 'abc' }, headers: { authorization: 'Bot abc' } }, 'start');
    expect(JSON.stringify(out.lines())).not.toContain('abc');
  });
});

describe('LOG_FORMAT: readable lines for a person at a terminal', () => {
  it('auto is pretty only when writing to stdout and stdout is a terminal; json and pretty force it', () => {
    expect(wantsPretty({ level: 'info' }, true)).toBe(true);
    expect(wantsPretty({ level: 'info' }, false)).toBe(false);
    expect(wantsPretty({ level: 'info', format: 'auto', destination: capture().stream }, true)).toBe(false);
    expect(wantsPretty({ level: 'info', format: 'json' }, true)).toBe(false);
    expect(wantsPretty({ level: 'info', format: 'pretty' }, false)).toBe(true);
  });

  it('pretty writes readable lines, at once, and still redacts and scrubs', () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: 'info', format: 'pretty', secrets: [SECRET], destination: stream });
    log.info({ config: { token: 'abc-token-field' }, url: `https://x/${SECRET}` }, 'answered');
    // Synchronous: no tick has passed, the line is there.
    const text = chunks.join('');
    expect(text).toContain('answered');
    expect(() => JSON.parse(text.split('\n')[0]!) as unknown).toThrow();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('abc-token-field');
    expect(text).toContain('[REDACTED]');
  });

  it('LOG_FORMAT defaults to auto and refuses anything else with one line naming it', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'loud' })).toThrow(/^LOG_FORMAT: /);
  });
});
