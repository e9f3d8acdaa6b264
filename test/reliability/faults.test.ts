/**
 * Faults around the running bot, through the fake Discord: the gateway drops or closes (1006,
 * 4000, 4009), stops acknowledging heartbeats, invalidates the session or asks for a reconnect;
 * REST answers 429, 500 or never; two reindexes collide; the corpus folder turns read-only or
 * disappears. After each: the next interaction is answered, nothing on disk is lost or changed,
 * and the token never shows up anywhere. (SIGTERM during work: process.test.ts.)
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  chatInput,
  dmMessage,
  startFakeDiscord,
  user,
  type FakeDiscord,
  type InteractionRecord,
} from '../harness/index.js';
import {
  TOKEN,
  answerOf,
  expectCleanRun,
  interactionLog,
  isEphemeral,
  startBot,
  textOf,
  unescaped,
  type TestBot,
} from '../e2e/helpers.js';
import { adminReply } from './helpers.js';

const run = promisify(execFile);

let nextUser = 1_300_000_000_000_000_700n;
const freshUser = () => user({ id: String(nextUser++) });

const who = () => chatInput({ name: 'who', options: { name: 'Peskov' }, user: freshUser() });
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

/** A few dozen more articles, so that a reindex lasts long enough for two to collide. */
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

describe('faults around the running bot', () => {
  let fake: FakeDiscord;
  let t: TestBot;

  beforeAll(async () => {
    // A short heartbeat so zombie detection happens within the test; Discord's 3 s answer window.
    fake = await startFakeDiscord({ token: TOKEN, heartbeatIntervalMs: 250, interactionDeadlineMs: 3_000 });
    t = await startBot({ fake });
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  async function expectAnswered(rec: InteractionRecord) {
    expect(textOf(answerOf(rec))).toContain('Dmitry Peskov');
    expect(await interactionLog(t, rec.id)).toMatchObject({ outcome: 'answered' });
  }

  describe('the gateway', () => {
    for (const [code, what] of [
      [1006, 'drops without a close frame (1006)'],
      [4000, 'closes with 4000 (unknown error)'],
      [4009, 'closes with 4009 (session timed out)'],
    ] as const) {
      it(`${what}: the bot reconnects and answers the next interaction`, async () => {
        const connections = fake.gatewayConnections.length;
        await fake.closeGateway(code);
        await fake.waitForGateway(
          (f) => f.connection > connections && f.dir === 'out' && (f.t === 'READY' || f.t === 'RESUMED'),
          20_000,
        );
        await expectAnswered(await fake.interact(who()));
      });
    }

    it('stops acknowledging heartbeats: the bot treats the connection as dead, resumes, and answers', async () => {
      const resumes = fake.resumeCount;
      fake.stopAcking();
      await fake
        .waitForGateway((f) => f.dir === 'in' && f.op === 6 && fake.resumeCount > resumes, 20_000)
        .catch(() => undefined);
      fake.resumeAcking();
      await fake.waitForGateway(
        (f) => f.dir === 'out' && f.t === 'RESUMED' && f.connection === fake.gatewayConnections.length,
        20_000,
      );
      expect(fake.resumeCount).toBeGreaterThan(resumes);
      await expectAnswered(await fake.interact(who()));
    });

    it('invalidates the session (not resumable): the bot identifies again and answers', async () => {
      const identifies = fake.identifyCount;
      fake.invalidateSession(false);
      // discord.js waits 1–5 s before identifying again, and its identify throttle may add ~5 s.
      await fake.waitForGateway(
        (f) => f.dir === 'out' && f.t === 'READY' && fake.identifyCount > identifies,
        20_000,
      );
      await expectAnswered(await fake.interact(who()));
    });

    it('asks for a reconnect (op 7): the bot resumes and answers', async () => {
      const resumes = fake.resumeCount;
      fake.requestReconnect();
      await fake.waitForGateway(
        (f) => f.dir === 'out' && f.t === 'RESUMED' && fake.resumeCount > resumes,
        20_000,
      );
      await expectAnswered(await fake.interact(who()));
    });

    it('an interaction dispatched while the connection is down is delivered on resume and answered', async () => {
      const resumes = fake.resumeCount;
      const closing = fake.closeGateway(4000);
      const payload = who();
      const answered = fake.interact(payload); // buffered by the fake, replayed on RESUME
      await closing;
      await expectAnswered(await answered);
      expect(fake.resumeCount).toBeGreaterThan(resumes);
    });
  });

  describe('REST', () => {
    it('429 with retry_after on the interaction callback: honoured, and the reply still arrives', async () => {
      const payload = who();
      const fault = fake.injectFault({
        method: 'POST',
        path: `/interactions/${payload.id}/${payload.token}/callback`,
        fault: { kind: 'rateLimit', retryAfter: 0.5 },
      });
      const rec = await fake.interact(payload);
      expect(fault.hits).toBe(1);
      const attempts = fake.requests.filter((r) => r.path.startsWith(`/interactions/${payload.id}/`));
      expect(attempts.map((r) => r.status)).toEqual([429, 204]);
      // The retry waited out retry_after (measured by the fake between the two requests).
      expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(450);
      await expectAnswered(rec);
    });

    it('a global 429 on the interaction callback: honoured, and the reply still arrives', async () => {
      const payload = who();
      const fault = fake.injectFault({
        method: 'POST',
        path: `/interactions/${payload.id}/${payload.token}/callback`,
        fault: { kind: 'rateLimit', retryAfter: 0.3, global: true },
      });
      await expectAnswered(await fake.interact(payload));
      expect(fault.hits).toBe(1);
    });

    it('429 on a DM reply: honoured, and the reply still arrives', async () => {
      const m = dmMessage({ content: 'who is Peskov?', author: freshUser() });
      const fault = fake.injectFault({
        method: 'POST',
        path: `/channels/${m.channel_id}/messages`,
        fault: { kind: 'rateLimit', retryAfter: 0.4 },
      });
      const since = fake.sentMessages.length;
      fake.dispatch('MESSAGE_CREATE', m);
      const sent = await fake.waitForMessage(m.channel_id, { since });
      expect(fault.hits).toBe(1);
      expect(unescaped(textOf(sent.request?.body as never))).toContain('Dmitry Peskov');
    });

    it('500 on the callback: logged at error level with the interaction id; the next one is answered', async () => {
      const payload = who();
      const fault = fake.injectFault({
        method: 'POST',
        path: `/interactions/${payload.id}/${payload.token}/callback`,
        fault: { kind: 'status', status: 500 },
        times: Infinity,
      });
      fake.dispatch('INTERACTION_CREATE', payload);
      const line = await interactionLog(t, payload.id);
      fault.remove();
      expect(line).toMatchObject({ outcome: 'error', errorId: expect.stringMatching(/^[0-9a-f]{8}$/) });
      const failure = t.logs.find((l) => l.msg === 'interaction failed' && l.errorId === line.errorId);
      expect(failure).toMatchObject({ level: 50, interaction: payload.id, command: 'who' });
      await expectAnswered(await fake.interact(who()));
    });

    it('a callback that never answers (timeout): logged with the interaction id, and others are answered meanwhile', async () => {
      const stuck = who();
      const hang = fake.injectFault({
        method: 'POST',
        path: `/interactions/${stuck.id}/${stuck.token}/callback`,
        fault: { kind: 'hang' },
      });
      fake.dispatch('INTERACTION_CREATE', stuck);
      await fake.waitForInteraction(stuck.id, () => hang.hits === 1);
      // While that request hangs, other interactions are answered as usual.
      for (let i = 0; i < 3; i++) await expectAnswered(await fake.interact(who()));
      // discord.js gives up after its 15 s REST timeout and retries; by then Discord's 3 s window has
      // passed (404 Unknown interaction), so the failure is logged with the interaction's id.
      const line = await t.waitForLog((l) => l.msg === 'interaction' && l.interaction === stuck.id, 40_000);
      expect(line.outcome).toBe('error');
      const failure = t.logs.find((l) => l.msg === 'interaction failed' && l.interaction === stuck.id);
      expect(failure?.level).toBe(50);
      expect(JSON.stringify(failure)).toMatch(/Unknown interaction|aborted|timeout/i);
      await expectAnswered(await fake.interact(who()));
    }, 60_000);
  });

  describe('admin work colliding', () => {
    beforeAll(async () => {
      await addFillerArticles(t.corpusDir, 60);
      const rec = await adminReply(fake, reindex());
      expect(textOf(answerOf(rec))).toMatch(/Reindexed/);
    });

    it('two /admin reindex at once: one runs, the other is told it is under way; one build, one swap', async () => {
      const builds = t.logs.filter((l) => l.msg === 'reindexed').length;
      const version = t.engine.store.current().version;
      await writeFile(
        path.join(t.corpusDir, 'collide.md'),
        '---\ntitle: Collide\npublished: 2022-02-01\n---\nThe Harlow collision paragraph.\n',
      );
      const [a, b] = await Promise.all([adminReply(fake, reindex()), adminReply(fake, reindex())]);
      const texts = [a!, b!].map((r) => unescaped(textOf(answerOf(r))));
      expect(texts.filter((s) => /Reindexed/.test(s))).toHaveLength(1);
      expect(
        texts.filter((s) => /A reindex is already under way\. Try again in a moment\./.test(s)),
      ).toHaveLength(1);
      for (const r of [a!, b!]) expect(isEphemeral(r)).toBe(true);
      expect(t.logs.filter((l) => l.msg === 'reindexed').length).toBe(builds + 1);
      expect(t.engine.store.current().version).not.toBe(version);
      expect(t.engine.store.current().articles.some((x) => x.file === 'collide.md')).toBe(true);
    });

    it('an /admin add-article during a reindex is told a reindex is under way, and writes nothing', async () => {
      const before = await snapshot(t.corpusDir);
      const file = fake.addAttachment(
        'during-reindex.md',
        '---\ntitle: During\npublished: 2022-02-01\n---\nThe Harlow during paragraph.\n',
      );
      const [re, add] = await Promise.all([
        adminReply(fake, reindex()),
        (async () => {
          // Dispatched once the reindex has deferred, i.e. is running.
          await new Promise((r) => setTimeout(r, 30));
          return adminReply(
            fake,
            chatInput({
              name: 'admin',
              subcommand: 'add-article',
              permissions: ADMIN_PERMISSIONS,
              attachments: { file },
            }),
          );
        })(),
      ]);
      expect(textOf(answerOf(re!))).toMatch(/Reindexed/);
      const addText = unescaped(textOf(answerOf(add!)));
      if (/under way/.test(addText)) {
        expect(await snapshot(t.corpusDir)).toEqual(before);
      } else {
        // The reindex finished before the upload started: then the upload went through whole.
        expect(addText).toMatch(/Added during-reindex\.md/);
      }
    });

    it('questions during a reindex are all answered from a whole index', async () => {
      const re = adminReply(fake, reindex());
      const questions = await Promise.all(Array.from({ length: 12 }, () => fake.interact(who())));
      for (const q of questions) await expectAnswered(q);
      expect(textOf(answerOf(await re))).toMatch(/Reindexed/);
    });
  });

  describe('the corpus folder', () => {
    /** Makes `dir` unwritable even for root (a read-only bind mount) — or says why it can't. */
    async function makeReadOnly(
      dir: string,
    ): Promise<{ how: string; undo: () => Promise<void> } | { skip: string }> {
      const probe = async () => {
        const f = path.join(dir, `.probe-${randomBytes(4).toString('hex')}`);
        try {
          await writeFile(f, '', { flag: 'wx' });
          await rm(f, { force: true });
          return true;
        } catch {
          return false;
        }
      };
      await chmod(dir, 0o555);
      if (!(await probe())) return { how: 'chmod 555', undo: () => chmod(dir, 0o755) };
      await chmod(dir, 0o755);
      let mounted = false;
      try {
        await run('mount', ['--bind', dir, dir]);
        mounted = true;
        await run('mount', ['-o', 'remount,ro,bind', dir]);
        if (!(await probe()))
          return { how: 'a read-only bind mount', undo: () => run('umount', [dir]).then(() => undefined) };
        return { skip: 'a read-only bind mount still let root write' };
      } catch (err) {
        if (mounted) await run('umount', [dir]).catch(() => undefined);
        return {
          skip: `running as root, chmod does not stop writes, and a read-only bind mount failed: ${String(err).split('\n')[0]}`,
        };
      }
    }

    it('unwritable: /admin add-article says so clearly and nothing is lost or changed; reindex still works', async (ctx) => {
      const ro = await makeReadOnly(t.corpusDir);
      if ('skip' in ro) {
        console.log(`skipped the unwritable-corpus row: ${ro.skip}`);
        ctx.skip();
        return;
      }
      try {
        const before = await snapshot(t.corpusDir);
        const version = t.engine.store.current().version;
        const articles = t.engine.store.current().articles.length;
        const file = fake.addAttachment(
          'readonly-upload.md',
          '---\ntitle: Read-only\npublished: 2022-02-01\n---\nThe Harlow read-only paragraph.\n',
        );
        const rec = await adminReply(
          fake,
          chatInput({
            name: 'admin',
            subcommand: 'add-article',
            permissions: ADMIN_PERMISSIONS,
            attachments: { file },
          }),
        );
        const text = unescaped(textOf(answerOf(rec)));
        expect(isEphemeral(rec)).toBe(true);
        expect(text).toMatch(
          /The corpus folder is not writable \((EROFS|EACCES|EPERM)\); nothing was added\./,
        );
        expect(await interactionLog(t, rec.id)).toMatchObject({ outcome: 'user-error' });
        expect(await snapshot(t.corpusDir)).toEqual(before);
        expect(t.engine.store.current().version).toBe(version);
        const re = await adminReply(fake, reindex());
        expect(textOf(answerOf(re))).toMatch(/Reindexed/);
        expect(t.engine.store.current().articles.length).toBe(articles);
        await expectAnswered(await fake.interact(who()));
      } finally {
        await ro.undo();
      }
    });

    it('gone (moved away): /admin reindex says it cannot be read and every article keeps being served', async () => {
      const articles = t.engine.store.current().articles.length;
      const version = t.engine.store.current().version;
      await rename(t.corpusDir, `${t.corpusDir}-moved`);
      try {
        const re = await adminReply(fake, reindex());
        const text = unescaped(textOf(answerOf(re)));
        expect(isEphemeral(re)).toBe(true);
        expect(text).toMatch(
          /The corpus folder cannot be read \(corpus folder not found\); the index was not changed\./,
        );
        expect(t.engine.store.current().articles.length).toBe(articles);
        expect(t.engine.store.current().version).toBe(version);
        await expectAnswered(await fake.interact(who()));
      } finally {
        await rename(`${t.corpusDir}-moved`, t.corpusDir);
      }
    });
  });

  it('the token never appears in logs, errors, replies, REST bodies or gateway frames', () => {
    expect(t.rawLogs.length).toBeGreaterThan(20);
    expect(t.logs.some((l) => l.msg === 'interaction failed')).toBe(true); // errors were logged, and scrubbed
    for (const line of t.rawLogs) expect(line).not.toContain(TOKEN);
    for (const r of fake.requests) {
      const { authorization, ...headers } = r.headers;
      expect(authorization === undefined || authorization === `Bot ${TOKEN}`).toBe(true);
      expect(
        JSON.stringify({ url: r.url, headers, body: r.rawBody, response: r.responseBody }),
        `${r.method} ${r.path}`,
      ).not.toContain(TOKEN);
    }
    for (const s of fake.sentMessages) expect(JSON.stringify(s.message)).not.toContain(TOKEN);
    // IDENTIFY (op 2) and RESUME (op 6) must carry the token; nothing else may.
    const frames = fake.gatewayFrames.filter((f) => !(f.dir === 'in' && (f.op === 2 || f.op === 6)));
    expect(JSON.stringify(frames)).not.toContain(TOKEN);
    expect(fake.gatewayFrames.some((f) => f.dir === 'in' && f.op === 2)).toBe(true);
  });

  it('sent nothing Discord refuses apart from the injected faults and the expired interaction', () => {
    expectCleanRun(t, { allowStatuses: [404] });
  });
});
