/**
 * The bot as a process: the cooldown, structured logs without secrets, the error boundary under
 * REST failures, command registration (`npm run deploy`) and `npm start` without a token.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { deploy } from '../../src/bot/deploy.js';
import { loadConfig } from '../../src/config.js';
import {
  BOT_ID,
  DEFAULT_GUILD_ID,
  button,
  chatInput,
  dmMessage,
  startFakeDiscord,
  user,
  type FakeDiscord,
} from '../harness/index.js';
import {
  ROOT,
  TOKEN,
  answerOf,
  expectCleanRun,
  interactionLog,
  isEphemeral,
  startBot,
  textOf,
  type TestBot,
} from './helpers.js';

/** A fresh user per test, so the cooldown of one test never touches another. */
let nextUser = 1100000000000000700n;
const freshUser = () => user({ id: String(nextUser++) });

describe('the bot process', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startBot({ env: { COOLDOWN_SECONDS: '60', COOLDOWN_BURST: '2' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('the cooldown: the 3rd question within the window gets a private wait message', async () => {
    const asker = freshUser();
    const who = () => t.fake.interact(chatInput({ name: 'who', options: { name: 'Peskov' }, user: asker }));
    const first = await who();
    const second = await who();
    for (const rec of [first, second]) expect(textOf(answerOf(rec))).toContain('Dmitry Peskov');
    const third = await who();
    expect(isEphemeral(third)).toBe(true);
    expect(textOf(answerOf(third))).toMatch(/Try again in (59|60) s/);
    expect(await interactionLog(t, third.id)).toMatchObject({ command: 'who', outcome: 'cooldown' });

    // Someone else may still ask; a DM from the limited user is limited too; admin commands are not.
    const other = await t.fake.interact(
      chatInput({ name: 'who', options: { name: 'Peskov' }, user: freshUser() }),
    );
    expect(textOf(answerOf(other))).toContain('Dmitry Peskov');
    const since = t.fake.sentMessages.length;
    const dm = dmMessage({ content: 'who is Peskov?', author: asker });
    t.fake.dispatch('MESSAGE_CREATE', dm);
    const limited = await t.fake.waitForMessage(dm.channel_id, { since });
    expect(textOf(limited.request?.body as never)).toMatch(/Try again in/);
  });

  it('the cooldown covers buttons: the 3rd "More passages" click in the window gets the wait message', async () => {
    const asked = await t.fake.interact(
      chatInput({ name: 'search', options: { terms: 'summit' }, user: freshUser() }),
    );
    const rows = (answerOf(asked).components ?? []) as {
      components: { custom_id?: string; label?: string }[];
    }[];
    const more = rows.flatMap((r) => r.components).find((c) => c.label === 'More passages');
    expect(more?.custom_id).toBeDefined();
    const clicker = freshUser();
    const click = () => t.fake.interact(button({ customId: more!.custom_id!, user: clicker }));
    for (const rec of [await click(), await click()])
      expect(textOf(answerOf(rec))).not.toMatch(/Try again in/);
    const third = await click();
    expect(isEphemeral(third)).toBe(true);
    expect(textOf(answerOf(third))).toMatch(/Try again in (59|60) s/);
    expect(await interactionLog(t, third.id)).toMatchObject({ outcome: 'cooldown' });
  });

  it('logs one interaction line per interaction with command, user, guild or dm, hits and ms', async () => {
    const asker = freshUser();
    const inGuild = await t.fake.interact(
      chatInput({ name: 'who', options: { name: 'Peskov' }, user: asker }),
    );
    const inDm = await t.fake.interact(chatInput({ name: 'sources', user: asker, dm: true }));
    const guildLine = await interactionLog(t, inGuild.id);
    const dmLine = await interactionLog(t, inDm.id);
    expect(guildLine).toMatchObject({
      command: 'who',
      user: asker.id,
      guild: DEFAULT_GUILD_ID,
      outcome: 'answered',
    });
    expect(guildLine.hits).toBeGreaterThanOrEqual(1);
    expect(typeof guildLine.ms).toBe('number');
    expect(dmLine).toMatchObject({ command: 'sources', user: asker.id, guild: 'dm' });
    expect(typeof dmLine.ms).toBe('number');
    for (const id of [inGuild.id, inDm.id]) {
      expect(t.logs.filter((l) => l.msg === 'interaction' && l.interaction === id)).toHaveLength(1);
    }
  });

  it('a failing REST callback (500) is logged with an error id and the next interaction is answered', async () => {
    const asker = freshUser();
    const doomed = chatInput({ name: 'who', options: { name: 'Peskov' }, user: asker });
    const fault = t.fake.injectFault({
      method: 'POST',
      path: `/interactions/${doomed.id}/${doomed.token}/callback`,
      fault: { kind: 'status', status: 500 },
      times: Infinity,
    });
    expect(t.fake.dispatch('INTERACTION_CREATE', doomed)).toBe(1);
    const line = await interactionLog(t, doomed.id);
    fault.remove();
    expect(line).toMatchObject({ command: 'who', outcome: 'error' });
    expect(line.errorId).toMatch(/^[0-9a-f]{8}$/);
    const failure = t.logs.find((l) => l.msg === 'interaction failed' && l.errorId === line.errorId);
    expect(failure?.level).toBe(50);
    expect(fault.hits).toBeGreaterThanOrEqual(2); // the answer, then the error message, both refused
    // The details are logged (type, message, status, stack); the route's interaction token (a
    // credential) is blanked and the request body left out.
    expect(failure?.err).toMatchObject({
      status: 500,
      method: 'POST',
      message: expect.any(String),
      stack: expect.any(String),
    });
    expect(JSON.stringify(failure)).toContain(`/interactions/${doomed.id}/[REDACTED]/callback`);
    expect(JSON.stringify(failure)).not.toContain('requestBody');
    for (const l of t.rawLogs) expect(l).not.toContain(doomed.token);

    const next = await t.fake.interact(
      chatInput({ name: 'who', options: { name: 'Peskov' }, user: freshUser() }),
    );
    expect(textOf(answerOf(next))).toContain('Dmitry Peskov');
  });

  it('a failing DM reply (500) is logged and the next DM is answered', async () => {
    const asker = freshUser();
    const first = dmMessage({ content: 'help', author: asker });
    const fault = t.fake.injectFault({
      method: 'POST',
      path: `/channels/${first.channel_id}/messages`,
      fault: { kind: 'status', status: 500 },
      times: Infinity,
    });
    t.fake.dispatch('MESSAGE_CREATE', first);
    const line = await t.waitForLog((l) => l.msg === 'message' && l.message === first.id);
    fault.remove();
    expect(line.outcome).toBe('error');
    const since = t.fake.sentMessages.length;
    const second = dmMessage({ content: 'help', author: asker });
    t.fake.dispatch('MESSAGE_CREATE', second);
    const sent = await t.fake.waitForMessage(second.channel_id, { since });
    expect(sent.message.message_reference?.message_id).toBe(second.id);
  });

  it('the token never appears in a log line or in any request except its Authorization header', () => {
    expect(t.rawLogs.length).toBeGreaterThan(5);
    for (const line of t.rawLogs) expect(line).not.toContain(TOKEN);
    for (const r of t.fake.requests) {
      const { authorization: _a, ...headers } = r.headers;
      expect(JSON.stringify({ url: r.url, headers, body: r.rawBody }), `${r.method} ${r.path}`).not.toContain(
        TOKEN,
      );
    }
    const frames = t.fake.gatewayFrames.filter((f) => f.dir === 'in' && f.op !== 2 && f.op !== 6);
    expect(JSON.stringify(frames)).not.toContain(TOKEN);
  });

  it('made no request Discord would refuse apart from the injected faults', () => {
    expectCleanRun(t);
  });
});

// ---------------------------------------------------------------------------------------------
// npm run deploy
// ---------------------------------------------------------------------------------------------

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

interface OptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: unknown[];
  max_length?: number;
  options?: OptionJson[];
}

/** Discord's documented rules for a list of options (recursively for subcommands). */
function checkOptions(where: string, options: OptionJson[] | undefined): void {
  if (!options) return;
  expect(options.length, `${where}: options`).toBeLessThanOrEqual(25);
  let sawOptional = false;
  for (const o of options) {
    const at = `${where}.${o.name}`;
    expect(o.name, at).toMatch(NAME);
    expect(o.name, at).toBe(o.name.toLowerCase());
    expect(o.description.length, `${at}: description`).toBeGreaterThanOrEqual(1);
    expect(o.description.length, `${at}: description`).toBeLessThanOrEqual(100);
    expect((o.choices ?? []).length, `${at}: choices`).toBeLessThanOrEqual(25);
    if (o.max_length !== undefined) expect(o.max_length, `${at}: max_length`).toBeLessThanOrEqual(6000);
    if (o.type === 1 || o.type === 2) {
      checkOptions(at, o.options);
      continue;
    }
    if (o.required) expect(sawOptional, `${at}: required after optional`).toBe(false);
    else sawOptional = true;
  }
}

describe('npm run deploy against the fake Discord', () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TOKEN });
  });
  afterAll(async () => {
    await fake?.close();
  });

  const everyday = commands.filter((c) => c.data.name !== 'admin').map((c) => c.data.name);

  for (const scope of ['guild', 'global'] as const) {
    it(`registers every command but /admin ${scope === 'guild' ? 'in the server' : 'globally'}, each valid by Discord's rules`, async () => {
      const config = loadConfig({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: BOT_ID,
        DISCORD_API_URL: fake.api,
        ...(scope === 'guild' ? { DISCORD_GUILD_ID: DEFAULT_GUILD_ID } : {}),
      });
      const out: string[] = [];
      const registered = await deploy(config, (l) => out.push(l));
      const route =
        scope === 'guild'
          ? `/applications/${BOT_ID}/guilds/${DEFAULT_GUILD_ID}/commands`
          : `/applications/${BOT_ID}/commands`;
      const put = fake.requests.filter((r) => r.method === 'PUT' && r.path === route);
      expect(put).toHaveLength(1);
      expect(put[0]!.status).toBe(200);
      const body = put[0]!.body as (OptionJson & { contexts?: number[] })[];
      expect(body.map((c) => c.name)).toEqual(everyday);
      expect(registered).toHaveLength(everyday.length);
      for (const c of body) {
        expect(c.name).toMatch(NAME);
        expect(c.name).toBe(c.name.toLowerCase());
        expect(c.description.length).toBeGreaterThanOrEqual(1);
        expect(c.description.length).toBeLessThanOrEqual(100);
        // Usable in servers (0) and in the bot's DMs (1).
        expect(c.contexts).toEqual(expect.arrayContaining([0, 1]));
        checkOptions(`/${c.name}`, c.options);
      }
      expect(fake.commands(scope === 'guild' ? DEFAULT_GUILD_ID : 'global').map((c) => c.name)).toEqual(
        everyday,
      );
      expect(out[0]).toMatch(scope === 'guild' ? /in server/ : /globally/);
      expect(out.join('\n')).toContain('/who');
      expect(out.join('\n')).toMatch(/\/admin is not registered: set ADMIN_GUILD_IDS/);
      expect(fake.unknownRoutes).toEqual([]);
    });
  }

  it('registers /admin only in the home servers of ADMIN_GUILD_IDS (#17, defect 2)', async () => {
    const HOME = DEFAULT_GUILD_ID;
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: BOT_ID,
      DISCORD_API_URL: fake.api,
      ADMIN_GUILD_IDS: HOME,
    });
    const out: string[] = [];
    await deploy(config, (l) => out.push(l));
    expect(fake.commands('global').map((c) => c.name)).toEqual(everyday);
    const home = fake.commands(HOME);
    expect(home.map((c) => c.name)).toEqual(['admin']);
    checkOptions('/admin', (home[0] as OptionJson).options);
    expect(out.join('\n')).toContain(`Registered /admin in home server ${HOME}.`);
    expect(fake.unknownRoutes).toEqual([]);
    // A home server the bot is not in is named, after everything else is registered.
    const stranger = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: BOT_ID,
      DISCORD_API_URL: fake.api,
      ADMIN_GUILD_IDS: '1100000000000000901',
    });
    await expect(deploy(stranger, () => {})).rejects.toThrow(
      /could not register \/admin in home server 1100000000000000901 .*is the bot in that server/,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// npm start without a token
// ---------------------------------------------------------------------------------------------

describe('npm start', () => {
  it('without DISCORD_TOKEN exits 1 naming DISCORD_TOKEN and pointing to the playground and npm run ask', async () => {
    // A temp working directory: no .env there for dotenv to read a real token from.
    const cwd = await mkdtemp(path.join(tmpdir(), 'dossier-start-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !k.startsWith('DISCORD_')) env[k] = v;
    }
    env.CORPUS_DIR = path.join(ROOT, 'test/fixtures/seed-corpus');
    try {
      const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'src/bot/main.ts')], {
        cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain('DISCORD_TOKEN');
      expect(stderr).toContain('npm run playground');
      expect(stderr).toContain('npm run ask');
      expect(stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
