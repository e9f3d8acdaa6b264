/**
 * Cold start: a fresh process (node + tsx, as `npm start` runs) that opens the index store for a
 * corpus and answers one question. The parent measures from spawn to the child's "ready" line, so the
 * figure includes node's own start, the TypeScript loader, importing the modules, loading the saved
 * index (or rebuilding it — and then saving it, as start-up does) and the first answer. It does not
 * include logging in to Discord.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);

interface ChildArgs {
  corpusDir: string;
  indexFile: string;
  question: string;
}

export interface ChildReport {
  /** ms since the child's time origin (process start) when it was ready. */
  readyAtMs: number;
  /** ms from process start until this module's code ran: node's own start and the TypeScript loader. */
  startupMs: number;
  importMs: number;
  openMs: number;
  firstAnswerMs: number;
  heapMB: number;
  /** CPU time of the whole process (every thread) until ready: less noisy than wall time on a busy machine. */
  cpuMs: number;
  /** The store's log messages (which say whether the saved index was loaded or why it was rebuilt). */
  logs: string[];
  paragraphs: number;
}

export interface ColdStart extends ChildReport {
  /** Spawn → ready, as the parent saw it. */
  wallMs: number;
}

/** Spawns the child and resolves when it reports ready. */
export function measureColdStart(args: ChildArgs, opts: { timeoutMs?: number } = {}): Promise<ColdStart> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--expose-gc',
      '--max-old-space-size=8192',
      '--max-semi-space-size=4',
      '--v8-pool-size=1',
      SELF,
      JSON.stringify(args),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cold start: no ready line within ${opts.timeoutMs} ms; stderr: ${err.slice(-2000)}`));
    }, opts.timeoutMs ?? 600_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) {
        const wallMs = performance.now() - started;
        clearTimeout(timer);
        try {
          resolve({ ...(JSON.parse(line) as ChildReport), wallMs });
        } catch (e) {
          reject(e as Error);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!out.includes('\n')) reject(new Error(`cold start child exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

async function child(args: ChildArgs): Promise<void> {
  const t0 = performance.now();
  const [{ createLogger }, { openStore }, { answerAt }] = await Promise.all([
    import('../src/log.js'),
    import('./store-api.js'),
    import('../src/answer/index.js'),
  ]);
  const t1 = performance.now();
  const logs: string[] = [];
  const log = createLogger({
    level: 'info',
    // createLogger needs a secret to scrub (pino crashes on `hooks: undefined`); there is none here.
    secrets: ['no-secret-in-the-bench-child'],
    destination: {
      write(line: string) {
        try {
          const l = JSON.parse(line) as { msg?: string; reason?: string };
          logs.push([l.msg, l.reason].filter(Boolean).join(': '));
        } catch {
          logs.push(line.trim());
        }
      },
    },
  });
  const store = await openStore(args.corpusDir, log, { indexFile: args.indexFile });
  const t2 = performance.now();
  answerAt(store.current(), 'ask', args.question, 0);
  const t3 = performance.now();
  const readyAtMs = performance.now();
  const cpu = process.cpuUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const report: ChildReport = {
    readyAtMs,
    startupMs: t0,
    importMs: t1 - t0,
    openMs: t2 - t1,
    firstAnswerMs: t3 - t2,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    heapMB: Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10,
    logs,
    paragraphs: store.current().paragraphs.length,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
  await store.close?.();
  process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  await child(JSON.parse(process.argv[2] ?? '{}') as ChildArgs);
}
