/**
 * Starts a module as a worker thread. Under tsx (npm start, the CLIs) and vitest the module is
 * TypeScript, and a worker thread does not inherit tsx's loader: the worker is then started from a
 * few lines of JavaScript that register tsx's ESM hooks in the new thread and import the module.
 */
import { readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `moduleUrl` (a module's `import.meta.url`) as a worker thread with `options`. */
export function startModuleWorker(moduleUrl: string, options: WorkerOptions): Worker {
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(moduleUrl), options);
  const require = createRequire(moduleUrl);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const api = pathToFileURL(
    path.join(path.dirname(pkgFile), pkg.exports['./esm/api']?.import?.default ?? 'dist/esm/api/index.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/**
 * How much less CPU a worker thread (a build, a feed's parse) asks for than the thread answering
 * questions, as a nice value (on Linux a thread's own). With few cores a build, its garbage
 * collection and the main thread share them; at the same priority the main thread, its own work
 * idle, was kept from running for 50-90 ms at a time while a feed's change was put in service
 * (event-loop delay under a question stream, bench/feed-load.ts, on 2 cores).
 */
const WORKER_NICE = 10;

/** Lowers the calling thread's scheduling priority (Linux: that thread's only); where that is not allowed, nothing. */
export function lowerThreadPriority(): void {
  try {
    setPriority(Math.max(getPriority(), WORKER_NICE));
  } catch {
    // Not permitted or not supported: the thread runs at the process's priority.
  }
}
