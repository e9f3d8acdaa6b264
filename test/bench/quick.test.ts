/**
 * The quick benchmark as CI runs it: `npm run bench -- --quick --json` in a child process. Checks the
 * JSON's shape and that every figure is a sane number — never how fast anything is (timings are the
 * benchmark's job, not a test's).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KINDS = ['who', 'when', 'where', 'what', 'ask', 'search', 'autocomplete'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBench(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'bench', '--', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);

function expectLatency(l: unknown, label: string) {
  const v = l as { p50Ms: number; p99Ms: number };
  expect(finite(v?.p50Ms), `${label} p50`).toBe(true);
  expect(finite(v?.p99Ms), `${label} p99`).toBe(true);
  expect(v.p50Ms, `${label} p50 ≥ 0`).toBeGreaterThanOrEqual(0);
  expect(v.p99Ms, `${label}: p99 is not below p50`).toBeGreaterThanOrEqual(v.p50Ms);
}

describe('npm run bench -- --quick --json', () => {
  let run: Run;
  let docsBefore: string | null;
  beforeAll(async () => {
    docsBefore = await readFile(path.join(ROOT, 'docs/benchmarks.md'), 'utf8').catch(() => null);
    run = await runBench(['--quick', '--json']);
  }, 170_000);

  it('exits 0 and prints exactly one JSON object on stdout', () => {
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    expect(() => JSON.parse(lines[0]!)).not.toThrow();
  });

  it('describes the machine and one 1k-paragraph size with every figure', () => {
    const r = JSON.parse(run.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(r.quick).toBe(true);
    expect(typeof r.machine.cpu).toBe('string');
    expect(r.machine.cores).toBeGreaterThan(0);
    expect(r.machine.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(r.machine.date))).toBe(false);
    expect(r.sizes).toHaveLength(1);
    const s = r.sizes[0];
    expect(s.paragraphs).toBe(1000);
    for (const key of ['buildMs', 'heapMB', 'rebuildMs', 'eventLoopMaxMs']) {
      expect(finite(s[key]), key).toBe(true);
      expect(s[key], key).toBeGreaterThan(0);
    }
    // One article added then removed on the serving store: both timed, and both showed in the index.
    expect(s.changes).toMatchObject({ paragraphs: 40, servedAfterAdd: true, goneAfterRemove: true });
    expect(s.changes.addMs).toBeGreaterThan(0);
    expect(s.changes.removeMs).toBeGreaterThan(0);
    expect(s.changes.addAtOnce.answerableMs).toBeGreaterThan(0);
    // Null only while the saved index is not there; a number when it is.
    for (const key of ['savedIndexMB', 'coldStartMs']) {
      expect(s[key] === null || (finite(s[key]) && s[key] > 0), `${key}: ${s[key]}`).toBe(true);
    }
    for (const k of ['ours', 'minisearch', 'flexsearch']) {
      expect(finite(s.typoRecall[k]), k).toBe(true);
      expect(s.typoRecall[k]).toBeGreaterThanOrEqual(0);
      expect(s.typoRecall[k]).toBeLessThanOrEqual(1);
    }
    expect(s.typoRecall.queries).toBeGreaterThan(0);
    for (const kind of KINDS) {
      expectLatency(s.latency[kind], `ours ${kind}`);
      expectLatency(s.latency.rawMinisearch[kind], `raw MiniSearch ${kind}`);
      expectLatency(s.latency.flexsearch[kind], `FlexSearch ${kind}`);
      expect(finite(s.p99RatioVsFlexsearch[kind]), `ratio ${kind}`).toBe(true);
      // The fresh in-process build is timed too, on the same queries (served-form.ts).
      expectLatency(s.freshLatency[kind], `ours on the fresh build ${kind}`);
      expect(finite(s.freshLatency[kind].p99WithoutGcMs), `fresh ${kind} without GC`).toBe(true);
    }
    expectLatency(s.e2e, 'e2e');
    expect(s.e2e.perSecond).toBeGreaterThan(0);
    // Every interaction the bench dispatched was answered.
    expect(s.e2e.failed).toBe(0);
    expect(s.e2e.interactions).toBeGreaterThan(0);
  });

  it('judges the issue’s goals, each met, missed or not measured', () => {
    const r = JSON.parse(run.stdout) as { goals: { goal: string; met: boolean | null }[] };
    expect(r.goals.length).toBeGreaterThan(5);
    for (const g of r.goals) expect([true, false, null]).toContain(g.met);
    expect(r.goals.map((g) => g.goal).join('\n')).toMatch(/typo recall/);
  });

  it('leaves docs/benchmarks.md alone and writes .cache/bench/quick.json', async () => {
    const docsAfter = await readFile(path.join(ROOT, 'docs/benchmarks.md'), 'utf8').catch(() => null);
    expect(docsAfter).toBe(docsBefore);
    const saved = JSON.parse(await readFile(path.join(ROOT, '.cache/bench/quick.json'), 'utf8')) as {
      sizes: unknown[];
    };
    expect(saved.sizes).toHaveLength(1);
  });
});
