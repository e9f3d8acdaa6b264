/**
 * SIGTERM in the middle of work, against the real process (`npm start`: src/bot/main.ts in its own
 * process, configured by the environment, talking to the fake Discord): during `/admin reindex` and
 * during `/admin add-article`. The process finishes the work in flight, answers it and exits 0;
 * after a restart the corpus and the index are intact and no partial or temporary file is left.
 * Its whole output (stdout and stderr, LOG_LEVEL=info) never contains the token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  DEFAULT_GUILD_ID,
  chatInput,
  startFakeDiscord,
  user,
  type FakeDiscord,
} from '../harness/index.js';
import { ROOT, SEED_CORPUS, TOKEN, answerOf, textOf } from '../e2e/helpers.js';
import { adminReply } from './helpers.js';

let nextUser = 1_300_000_000_000_000_900n;
const who = () =>
  chatInput({ name: 'who', options: { name: 'Peskov' }, user: user({ id: String(nextUser++) }) });
const reindex = () => chatInput({ name: 'admin', subcommand: 'reindex', permissions: ADMIN_PERMISSIONS });

/** Every file under `dir` with a hash of its bytes (hidden ones included). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      if (e.isDirectory()) await walk(p);
      else
        out[p] = createHash('sha256')
          .update(await readFile(path.join(dir, p)))
          .digest('hex');
    }
  };
  await walk('');
  return out;
}

/** Files a crash could leave half-written: temp files and hidden files. */
const partialFiles = (files: string[]) => files.filter((f) => /\.tmp$|(^|\/)\.[^/]*$/.test(f));

/** More articles, so that a reindex lasts long enough for the signal to land in the middle of it. */
async function addFillerArticles(dir: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const body = Array.from(
      { length: 12 },
      (_, j) =>
        `Filler report ${i} paragraph ${j}: the Harlow county council met on Tuesday to discuss road ${j} and the budget of ${i * 1000 + j} pounds, officials said.`,
    ).join('\n\n');
    await writeFile(
      path.join(dir, `filler-${i}.md`),
      `---\ntitle: Filler report ${i}\npublished: 2022-01-0${1 + (i % 9)}\n---\n${body}\n`,
    );
  }
}

/** The position of the first log line with this message in a process's output (-1: none). */
const logAt = (output: string, msg: string) => output.indexOf(`"msg":"${msg}"`);

/** The seed articles plus fillers: enough that a reindex takes a moment. */
const ARTICLES = 25;

const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

interface BotProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` as a user runs it: src/bot/main.ts in its own process, configured by the environment. */
function startProcess(cwd: string, env: Record<string, string>): BotProcess {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('DISCORD_')) clean[k] = v;
  const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(ROOT, 'src/bot/main.ts')], {
    cwd,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => out, exited };
}

describe('SIGTERM in the middle of work (npm start as a process)', () => {
  let fake: FakeDiscord;
  let work: string;
  let corpus: string;
  let env: Record<string, string>;
  const outputs: string[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TOKEN });
    work = await mkdtemp(path.join(tmpdir(), 'dossier-sigterm-'));
    corpus = path.join(work, 'corpus');
    await cp(SEED_CORPUS, corpus, { recursive: true });
    await addFillerArticles(corpus, ARTICLES - 5);
    env = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.api,
      CORPUS_DIR: corpus,
      INDEX_FILE: path.join(work, 'index', 'corpus.dossier-index'),
      LOG_LEVEL: 'info',
      COOLDOWN_SECONDS: '0',
      ADMIN_GUILD_IDS: DEFAULT_GUILD_ID,
    };
  });
  afterAll(async () => {
    await fake?.close();
    await rm(work, { recursive: true, force: true });
  });

  /** Starts the process and waits until it is connected. */
  async function start(): Promise<BotProcess> {
    const identifies = fake.identifyCount;
    const p = startProcess(work, env);
    outputs.push('');
    const i = outputs.length - 1;
    p.child.stdout!.on('data', (d: Buffer) => (outputs[i] += d.toString()));
    p.child.stderr!.on('data', (d: Buffer) => (outputs[i] += d.toString()));
    await Promise.race([
      fake.waitForGateway(
        (f) => f.dir === 'out' && f.t === 'READY' && fake.identifyCount > identifies,
        60_000,
      ),
      p.exited.then((code) => {
        throw new Error(`the bot exited with ${code} before connecting:\n${p.output()}`);
      }),
    ]);
    return p;
  }

  async function stop(p: BotProcess): Promise<number | null> {
    p.child.kill('SIGTERM');
    return p.exited;
  }

  async function allFiles(): Promise<string[]> {
    const list: string[] = [];
    const walk = async (dir: string, rel: string) => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(path.join(dir, e.name), path.join(rel, e.name));
        else list.push(path.join(rel, e.name));
      }
    };
    await walk(work, '');
    return list;
  }

  /** After a restart: every article in the folder is served, and questions are answered. */
  async function expectIntact(p: BotProcess, expectedArticles: number) {
    const sources = await fake.interact(chatInput({ name: 'sources' }), { timeoutMs: 30_000 });
    expect(answerOf(sources).embeds?.[0]?.footer?.text).toMatch(new RegExp(`${expectedArticles} articles`));
    const rec = await fake.interact(who(), { timeoutMs: 30_000 });
    expect(textOf(answerOf(rec))).toContain('Dmitry Peskov');
    expect(p.child.exitCode).toBeNull();
  }

  // One chain of three processes (each start costs seconds): SIGTERM the first during a reindex,
  // check the second and SIGTERM it during an upload, check the third.
  let running: BotProcess | undefined;
  afterAll(async () => {
    if (running && running.child.exitCode === null) await stop(running);
  });

  it('during /admin reindex: the process finishes the reindex, answers it, exits 0; after restart all is intact', async () => {
    const p = await start();
    running = p;
    const before = await snapshot(corpus);
    const payload = reindex();
    const answered = adminReply(fake, payload);
    // SIGTERM once the reindex has been acknowledged (deferred): it is running.
    await fake.waitForInteraction(payload.id, (r) => r.callback !== null, 30_000);
    expect(await stop(p)).toBe(0);
    // The signal landed in the middle of the reindex: the shutdown began before the swap.
    expect(logAt(p.output(), 'shutting down')).toBeGreaterThan(-1);
    expect(logAt(p.output(), 'shutting down')).toBeLessThan(logAt(p.output(), 'reindexed'));
    const rec = await answered;
    expect(textOf(answerOf(rec))).toMatch(/Reindexed/);
    expect(await snapshot(corpus)).toEqual(before);
    expect(partialFiles(await allFiles())).toEqual([]);
    running = await start();
    await expectIntact(running, ARTICLES);
    expect(partialFiles(await allFiles())).toEqual([]);
  }, 120_000);

  it('during /admin add-article: the article is either whole or absent, never partial; after restart all is intact', async () => {
    const p = running ?? (await start());
    const content = `---\ntitle: Upload during shutdown\npublished: 2022-02-01\n---\n${'The Harlow shutdown upload paragraph, long enough to matter. '.repeat(200)}\n`;
    const file = fake.addAttachment('shutdown-upload.md', content);
    const payload = chatInput({
      name: 'admin',
      subcommand: 'add-article',
      permissions: ADMIN_PERMISSIONS,
      attachments: { file },
    });
    const answered = adminReply(fake, payload).catch((err: unknown) => err);
    // SIGTERM once the bot has downloaded the upload: it is writing and reindexing.
    await fake.waitForInteraction(payload.id, () => fake.cdn.downloads.some((d) => d.id === file.id), 30_000);
    expect(await stop(p)).toBe(0);
    await answered;
    expect(logAt(p.output(), 'shutting down')).toBeGreaterThan(-1);
    const written = await readFile(path.join(corpus, 'shutdown-upload.md'), 'utf8').catch(() => null);
    if (written !== null) expect(written).toBe(content);
    expect(partialFiles(await allFiles())).toEqual([]);
    running = await start();
    await expectIntact(running, written === null ? ARTICLES : ARTICLES + 1);
    expect(await stop(running)).toBe(0);
    expect(partialFiles(await allFiles())).toEqual([]);
  }, 120_000);

  it('the process never printed the token', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(3);
    for (const out of outputs) {
      expect(out.length).toBeGreaterThan(0);
      expect(out).not.toContain(TOKEN);
    }
  });
});
