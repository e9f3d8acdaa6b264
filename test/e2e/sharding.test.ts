/**
 * Sharding end to end. The fake gateway routes like Discord (a session gets only its shard's guilds
 * and dispatches, DMs go to shard 0); and `npm run start:sharded` — discord.js's ShardingManager, one
 * real process per shard — answers each guild from its own shard, has every shard load the one saved
 * index, and turns `/admin reindex` on one shard into one build there and a reload everywhere else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, Events, GatewayIntentBits, Partials, type ShardingManager } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  DEFAULT_GUILD_ID,
  chatInput,
  shardForGuild,
  startFakeDiscord,
  user,
  type FakeDiscord,
  type GatewayFrame,
} from '../harness/index.js';
import { parseShardList, planShards, relayReloads } from '../../src/bot/shard-manager.js';
import { createShardPeers } from '../../src/bot/shard-peers.js';
import type { IndexStore } from '../../src/serve/store.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { ROOT, SEED_CORPUS, TOKEN, answerOf, textOf, type LogLine } from './helpers.js';

/** The first guild id from DEFAULT_GUILD_ID on that lands on `shard` of `count` (Discord's formula). */
function guildOnShard(shard: number, count: number): string {
  let id = BigInt(DEFAULT_GUILD_ID);
  while (shardForGuild(String(id), count) !== shard) id += 1n << 22n;
  return String(id);
}
const GUILD_0 = guildOnShard(0, 2);
const GUILD_1 = guildOnShard(1, 2);
const CHANNEL_0 = '1100000000000009001';
const CHANNEL_1 = '1100000000000009002';
const GUILDS = [
  { id: GUILD_0, name: 'Shard zero newsroom', channels: [{ id: CHANNEL_0, name: 'general' }] },
  { id: GUILD_1, name: 'Shard one newsroom', channels: [{ id: CHANNEL_1, name: 'general' }] },
];

/** The shard ([id, count]) of every gateway connection that an outgoing dispatch of `id` went to. */
function shardsThatGot(fake: FakeDiscord, event: string, id: string): [number, number][] {
  return fake.gatewayFrames
    .filter((f: GatewayFrame) => f.dir === 'out' && f.t === event && (f.d as { id?: string }).id === id)
    .map((f) => fake.gatewayConnections.find((c) => c.id === f.connection)?.shard ?? [-1, -1]);
}

describe('the fake gateway shards like Discord', () => {
  let fake: FakeDiscord;
  const clients: Client[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TOKEN, guilds: GUILDS });
    for (const shard of [0, 1]) {
      const client = new Client({
        intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
        partials: [Partials.Channel],
        rest: { api: fake.api },
        shards: [shard],
        shardCount: 2,
      });
      clients.push(client);
      const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
      await client.login(TOKEN);
      await ready;
    }
  });
  afterAll(async () => {
    for (const c of clients) await c.destroy();
    await fake?.close();
  });

  it('READY echoes the shard of IDENTIFY and each shard gets only its own guilds', () => {
    const readies = fake.gatewayFrames.filter((f) => f.dir === 'out' && f.t === 'READY');
    expect(readies.map((f) => (f.d as { shard: number[] }).shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...clients[0]!.guilds.cache.keys()]).toEqual([GUILD_0]);
    expect([...clients[1]!.guilds.cache.keys()]).toEqual([GUILD_1]);
  });

  it("routes a guild's interaction to the shard (guild_id >> 22) % count, and a DM to shard 0", async () => {
    const seen: [number, string][] = [];
    clients.forEach((c, shard) => c.on(Events.InteractionCreate, (i) => seen.push([shard, i.id])));
    const in0 = chatInput({ name: 'sources', guildId: GUILD_0, channelId: CHANNEL_0 });
    const in1 = chatInput({ name: 'sources', guildId: GUILD_1, channelId: CHANNEL_1 });
    const dm = chatInput({ name: 'sources', dm: true });
    for (const i of [in0, in1, dm]) expect(fake.dispatch('INTERACTION_CREATE', i)).toBe(1);
    expect(shardsThatGot(fake, 'INTERACTION_CREATE', in0.id)).toEqual([[0, 2]]);
    expect(shardsThatGot(fake, 'INTERACTION_CREATE', in1.id)).toEqual([[1, 2]]);
    expect(shardsThatGot(fake, 'INTERACTION_CREATE', dm.id)).toEqual([[0, 2]]);
    await expect.poll(() => seen.length).toBe(3);
    expect(seen).toEqual(
      expect.arrayContaining([
        [0, in0.id],
        [1, in1.id],
        [0, dm.id],
      ]),
    );
  });

  it('GET /gateway/bot recommends the configured shard count', async () => {
    const other = await startFakeDiscord({ token: TOKEN, recommendedShards: 3, maxConcurrency: 16 });
    try {
      const res = await fetch(`${other.api}/v10/gateway/bot`, { headers: { authorization: `Bot ${TOKEN}` } });
      const body = (await res.json()) as { shards: number; session_start_limit: { max_concurrency: number } };
      expect(body.shards).toBe(3);
      expect(body.session_start_limit.max_concurrency).toBe(16);
    } finally {
      await other.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The manager's plan
// ---------------------------------------------------------------------------------------------

describe('the shard plan of npm run start:sharded', () => {
  const log = createLogger({ level: 'silent', secrets: [TOKEN] });

  it("TOTAL_SHARDS=auto takes Discord's recommendation through DISCORD_API_URL; spawns back to back when each shard has its own identify bucket", async () => {
    const fake = await startFakeDiscord({ token: TOKEN, recommendedShards: 3, maxConcurrency: 16 });
    try {
      const config = loadConfig({ DISCORD_API_URL: fake.api, TOTAL_SHARDS: 'auto' });
      expect(await planShards(config, TOKEN, log)).toMatchObject({
        totalShards: 3,
        shardList: [0, 1, 2],
        spawnDelayMs: 0,
      });
      expect(fake.requests.filter((r) => r.path === '/gateway/bot')).toHaveLength(1);
      fake.gatewayBot.maxConcurrency = 1;
      expect((await planShards(config, TOKEN, log)).spawnDelayMs).toBe(5_500);
    } finally {
      await fake.close();
    }
  });

  it('--shards runs one range of a fixed TOTAL_SHARDS, and refuses auto or ids beyond the total', async () => {
    const fake = await startFakeDiscord({ token: TOKEN, recommendedShards: 1 });
    try {
      const fixed = loadConfig({ DISCORD_API_URL: fake.api, TOTAL_SHARDS: '8' });
      expect(await planShards(fixed, TOKEN, log, parseShardList('4-7'))).toMatchObject({
        totalShards: 8,
        shardList: [4, 5, 6, 7],
      });
      const auto = loadConfig({ DISCORD_API_URL: fake.api, TOTAL_SHARDS: 'auto' });
      await expect(planShards(auto, TOKEN, log, [0, 1])).rejects.toThrow(/fixed TOTAL_SHARDS/);
      await expect(planShards(fixed, TOKEN, log, [7, 8, 9])).rejects.toThrow(/8, 9 are not below/);
    } finally {
      await fake.close();
    }
  });

  it('reads shard lists as ids and ranges', () => {
    expect(parseShardList('0-3,5')).toEqual([0, 1, 2, 3, 5]);
    expect(parseShardList('2, 0')).toEqual([0, 2]);
    expect(() => parseShardList('3-1')).toThrow(/empty range/);
    expect(() => parseShardList('one')).toThrow(/not a shard id/);
  });
});

// ---------------------------------------------------------------------------------------------
// The reload relay, with stand-ins for the manager's shards
// ---------------------------------------------------------------------------------------------

/** A stand-in for a discord.js Shard: an id, a process or none, `send`, and its events. */
class StubShard extends EventEmitter {
  sent: unknown[] = [];
  constructor(
    readonly id: number,
    public process: object | null,
    private readonly answer: (message: { dossier: string; id: string }) => unknown,
  ) {
    super();
  }
  send(message: { dossier: string; id: string }): Promise<void> {
    this.sent.push(message);
    const reply = this.answer(message);
    if (reply) setImmediate(() => this.emit('message', reply));
    return Promise.resolve();
  }
}

describe('the reload relay between shards', () => {
  const log = createLogger({ level: 'silent', secrets: [TOKEN] });
  const reloaded = (state: object) => (m: { dossier: string; id: string }) =>
    m.dossier === 'reload' ? { dossier: 'reloaded', id: m.id, state } : undefined;

  it("a shard's reload-others reaches every other shard; one not running, one silent and one that fails are each reported", async () => {
    const manager = Object.assign(new EventEmitter(), { shards: new Map<number, StubShard>() });
    relayReloads(manager as unknown as ShardingManager, log, 200);
    const asker = new StubShard(1, {}, () => undefined);
    const shards = [
      new StubShard(0, {}, reloaded({ ok: true, action: 'reloaded', version: 'v2', paragraphs: 88 })),
      asker,
      new StubShard(2, null, () => undefined),
      new StubShard(3, {}, () => undefined),
      new StubShard(4, {}, reloaded({ ok: false, error: 'A reindex is already under way.' })),
    ];
    for (const shard of shards) {
      manager.shards.set(shard.id, shard);
      manager.emit('shardCreate', shard);
    }
    asker.emit('message', { dossier: 'reload-others', id: 'r1' });
    await expect.poll(() => asker.sent.length, { timeout: 5_000 }).toBe(1);
    expect(asker.sent[0]).toEqual({
      dossier: 'reload-result',
      id: 'r1',
      states: [
        { shard: 0, ok: true, action: 'reloaded', version: 'v2', paragraphs: 88 },
        { shard: 2, ok: false, error: 'not running' },
        { shard: 3, ok: false, error: 'no answer within 0 s' },
        { shard: 4, ok: false, error: 'A reindex is already under way.' },
      ],
    });
    expect(shards[2]!.sent).toEqual([]); // nothing is sent to a shard without a process
  });

  it('ShardPeers: reloadOthers resolves with the states the manager returns; a reload request is answered once the store is served', async () => {
    const toManager: unknown[] = [];
    const listeners = new Set<(m: unknown) => void>();
    const channel = {
      send: (m: unknown) => {
        toManager.push(m);
        return Promise.resolve();
      },
      onMessage: (l: (m: unknown) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const fromManager = (m: unknown) => listeners.forEach((l) => l(m));
    const peers = createShardPeers({ channel, ids: [1], count: 2, log });

    const result = peers.reloadOthers();
    await expect.poll(() => toManager.length).toBe(1);
    const ask = toManager[0] as { dossier: string; id: string };
    expect(ask.dossier).toBe('reload-others');
    const states = [{ shard: 0, ok: true, action: 'reloaded' as const, version: 'v2', paragraphs: 3 }];
    fromManager({ dossier: 'reload-result', id: ask.id, states });
    await expect(result).resolves.toEqual(states);

    // A reload asked before the store exists waits for it.
    fromManager({ dossier: 'reload', id: 'm1' });
    const report = { version: 'v3', paragraphsAfter: 5 };
    peers.serve({ reload: () => Promise.resolve(report) } as unknown as IndexStore);
    await expect.poll(() => toManager.length).toBe(2);
    expect(toManager[1]).toEqual({
      dossier: 'reloaded',
      id: 'm1',
      state: { ok: true, action: 'reloaded', version: 'v3', paragraphs: 5 },
    });
    peers.close();
    expect(listeners.size).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// npm run start:sharded
// ---------------------------------------------------------------------------------------------

/** An article only this test has: a name nobody else mentions. */
const NEW_ARTICLE = `---
title: Harbour authority names a new director
outlet: Test Gazette
published: 2024-03-02
---

Ilsabet Varnakova was named director of the harbour authority on Friday, the board said.

Varnakova said the port would publish its shipping figures every month.
`;

interface ShardedRun {
  child: ChildProcess;
  logs: LogLine[];
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

function startSharded(env: Record<string, string>, cwd: string): ShardedRun {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('DISCORD_') && !k.startsWith('SHARD')) clean[k] = v;
  }
  // As `npm run start:sharded` runs it: node with tsx's loader, so signals reach the manager itself.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, path.join(ROOT, 'src/bot/sharded.ts')], {
    cwd,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ level: 0, msg: line });
      }
    }
    for (const w of [...waiters]) w();
  });
  child.stderr!.on('data', (chunk: Buffer) => logs.push({ level: 0, msg: `stderr: ${chunk.toString()}` }));
  return {
    child,
    logs,
    waitForLog(predicate, timeoutMs = 60_000) {
      return new Promise<LogLine>((resolve, reject) => {
        const check = () => {
          const found = logs.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching log line in ${timeoutMs} ms; saw:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

describe('npm run start:sharded: two shard processes against the fake Discord', () => {
  let fake: FakeDiscord;
  let dir: string;
  let corpusDir: string;
  let run: ShardedRun;
  const admin = user({ id: '1100000000000000777' });

  const ask = (guildId: string, channelId: string, name: string, options: Record<string, string> = {}) =>
    fake.interact(chatInput({ name, options, guildId, channelId, user: user() }), { timeoutMs: 60_000 });
  const adminCommand = (guildId: string, channelId: string, subcommand: string) =>
    fake.interact(
      chatInput({
        name: 'admin',
        subcommand,
        guildId,
        channelId,
        user: admin,
        permissions: ADMIN_PERMISSIONS,
      }),
      { timeoutMs: 120_000 },
    );
  const logOf = (interactionId: string) =>
    run.waitForLog((l) => l.msg === 'interaction' && l.interaction === interactionId);

  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TOKEN, guilds: GUILDS, recommendedShards: 2, maxConcurrency: 2 });
    dir = await mkdtemp(path.join(tmpdir(), 'dossier-sharded-'));
    corpusDir = path.join(dir, 'corpus');
    await cp(SEED_CORPUS, corpusDir, { recursive: true });
    run = startSharded(
      {
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: fake.api,
        CORPUS_DIR: corpusDir,
        INDEX_FILE: path.join(dir, 'index.dossier-index'),
        TOTAL_SHARDS: 'auto',
        LOG_LEVEL: 'info',
        COOLDOWN_SECONDS: '0',
        ADMIN_GUILD_IDS: `${GUILD_0},${GUILD_1}`,
      },
      dir,
    );
    await run.waitForLog((l) => l.msg === 'all shards ready', 120_000);
  }, 150_000);

  afterAll(async () => {
    if (run && run.child.exitCode === null && run.child.signalCode === null) {
      const exited = new Promise((resolve) => run.child.once('exit', resolve));
      run.child.kill('SIGTERM');
      await exited;
    }
    await fake?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it("spawns Discord's recommended shard count, one process per shard, each identifying as its shard", async () => {
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
    const identifies = fake.gatewayFrames.filter((f) => f.dir === 'in' && f.op === 2);
    expect(identifies.map((f) => (f.d as { shard: number[] }).shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const spawned = run.logs.filter((l) => l.msg === 'shard spawned');
    expect(spawned.map((l) => l.id).sort()).toEqual([0, 1]);
    const pids = new Set(spawned.map((l) => l.pid));
    expect(pids.size).toBe(2);
    expect(pids.has(run.child.pid)).toBe(false);
    for (const shard of [0, 1]) await run.waitForLog((l) => l.msg === 'ready' && l.shard === shard);
  });

  it('builds the index once, in the manager, and every shard loads the saved file', () => {
    expect(run.logs.filter((l) => l.msg === 'index built').map((l) => l.shard)).toEqual(['manager']);
    const loaded = run.logs.filter((l) => l.msg === 'index loaded from the saved file');
    expect(loaded.map((l) => l.shard).sort()).toEqual([0, 1]);
    expect(new Set(loaded.map((l) => l.file))).toEqual(new Set([path.join(dir, 'index.dossier-index')]));
  });

  it('answers a question in each guild from that guild’s shard, and a DM from shard 0', async () => {
    const in0 = await ask(GUILD_0, CHANNEL_0, 'who', { name: 'Peskov' });
    const in1 = await ask(GUILD_1, CHANNEL_1, 'who', { name: 'Peskov' });
    const dm = await fake.interact(chatInput({ name: 'who', options: { name: 'Peskov' }, dm: true }), {
      timeoutMs: 60_000,
    });
    for (const rec of [in0, in1, dm]) expect(textOf(answerOf(rec))).toContain('Peskov');
    expect(shardsThatGot(fake, 'INTERACTION_CREATE', in0.id)).toEqual([[0, 2]]);
    expect(shardsThatGot(fake, 'INTERACTION_CREATE', in1.id)).toEqual([[1, 2]]);
    expect(shardsThatGot(fake, 'INTERACTION_CREATE', dm.id)).toEqual([[0, 2]]);
    expect((await logOf(in0.id)).shard).toBe(0);
    expect((await logOf(in1.id)).shard).toBe(1);
    expect((await logOf(dm.id)).shard).toBe(0);
    const status = await adminCommand(GUILD_1, CHANNEL_1, 'status');
    expect(textOf(answerOf(status))).toContain('Shard 1 of 2');
  });

  it('/admin reindex on shard 1 builds once there; shard 0 reloads the saved index; both report the same version', async () => {
    const before = await ask(GUILD_0, CHANNEL_0, 'search', { terms: 'Varnakova harbour' });
    expect(textOf(answerOf(before))).not.toContain('Harbour authority names a new director');
    const mark = run.logs.length;
    await writeFile(path.join(corpusDir, 'harbour-director.md'), NEW_ARTICLE);

    const started = await adminCommand(GUILD_1, CHANNEL_1, 'reindex');
    // The deferred reply is edited with progress first, then with the report.
    const reindex = await fake.waitForInteraction(
      started.id,
      (r) => r.edits.length > 0 && /Shard \d+:/.test(textOf(answerOf(r))),
      120_000,
    );
    const text = textOf(answerOf(reindex));
    const version = /Shard 1: rebuilt · version (\S+)/.exec(text)?.[1];
    expect(version, text).toBeDefined();
    expect(text).toContain(`Shard 0: reloaded · version ${version}`);
    expect(text).toMatch(/1 added .*harbour/);

    // Shard 0's log line comes through the manager's pipe and may arrive after the edited reply.
    await run.waitForLog((l) => l.msg === 'reloaded the saved index' && run.logs.indexOf(l) >= mark);
    const after = run.logs.slice(mark);
    const shardsWhere = (msg: string) => after.filter((l) => l.msg === msg).map((l) => l.shard);
    expect(shardsWhere('reindexed')).toEqual([1]);
    expect(shardsWhere('index built')).toEqual([]);
    expect(shardsWhere('reloaded the saved index')).toEqual([0]);

    // Shard 0 now serves the new article without having built anything.
    const now = await ask(GUILD_0, CHANNEL_0, 'search', { terms: 'Varnakova harbour' });
    expect(textOf(answerOf(now))).toContain('Harbour authority names a new director');
    expect((await logOf(now.id)).shard).toBe(0);
  });

  it('SIGHUP to the manager has every shard adopt the saved index, and logs each one’s state', async () => {
    run.child.kill('SIGHUP');
    const line = await run.waitForLog((l) => l.msg === 'shards reloaded' && l.from === undefined);
    const states = line.states as { shard: number; ok: boolean; version: string }[];
    expect(states.map((s) => [s.shard, s.ok])).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(states[0]!.version).toBe(states[1]!.version);
  });
});
