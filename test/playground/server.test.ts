/**
 * The playground server without a browser: its page and script, the state the page starts from,
 * and every action the page takes — command, autocomplete, button, DM, mention, upload — going
 * through the local Discord to the real bot and back as server-sent events.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { DEFAULT_GUILD_ID } from '../../src/fake-discord/index.js';
import { answerWho } from '../../src/answer/index.js';
import { loadConfig } from '../../src/config.js';
import type {
  ActionResponse,
  AutocompleteResponse,
  ChatMessage,
  ErrorResponse,
  PlaygroundState,
} from '../../src/playground/protocol.js';
import { PlaygroundError, startPlayground } from '../../src/playground/server.js';
import { parseMarkdown, plainText } from '../../src/playground/web/markdown.js';
import { openEvents, postJson, ROOT, startTestPlayground, type TestPlayground } from './helpers.js';

/** What a reader sees of a Markdown string (escapes and emphasis gone), spaces collapsed. */
const seen = (md: string | undefined) =>
  plainText(parseMarkdown(md ?? ''))
    .replace(/\s+/g, ' ')
    .trim();

const NEW_ARTICLE = `---
title: Harbour authority names a new lighthouse inspector
outlet: Playground Test Gazette
published: 2022-02-20
---
Wilhelmina Quastorp, the harbour authority's chief lighthouse inspector, inspected the northern lamps on Friday.

Quastorp said the lamps would be replaced before the winter storms.
`;

describe('the playground server', () => {
  let pg: TestPlayground;
  let events: Awaited<ReturnType<typeof openEvents>>;
  let state: PlaygroundState;

  beforeAll(async () => {
    pg = await startTestPlayground();
    events = await openEvents(pg.url);
    state = (await (await fetch(new URL('api/state', pg.url))).json()) as PlaygroundState;
  });
  afterAll(async () => {
    events?.close();
    await pg?.stop();
  });

  it('listens on 127.0.0.1 and serves the page, its bundled script and its avatars', async () => {
    expect(pg.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(pg.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    // The page may run its own script only: text from the bot can never run as code.
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js">');
    const script = await fetch(new URL('app.js', pg.url));
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const js = await script.text();
    // The Discord components are bundled in (no network, no build step).
    expect(js).toContain('discord-message');
    expect(js).toContain('discord-embed');
    expect((await fetch(new URL('avatar/bot.svg', pg.url))).headers.get('content-type')).toBe(
      'image/svg+xml',
    );
    expect((await fetch(new URL('no-such-page', pg.url))).status).toBe(404);
  });

  it('lists the real command definitions, registered with the local Discord as npm run deploy does', () => {
    expect(state.commands.map((c) => c.name).sort()).toEqual(commands.map((c) => c.data.name).sort());
    const who = state.commands.find((c) => c.name === 'who');
    expect(who?.options?.[0]).toMatchObject({ name: 'name', autocomplete: true });
    expect(state.bot.bot).toBe(true);
    expect(state.user.bot).toBe(false);
    // /admin is registered in the playground's server, its home server, and nowhere else.
    expect(pg.fake.commands('global').map((c) => c.name)).not.toContain('admin');
    expect(pg.fake.commands('global').length).toBe(commands.length - 1);
    expect(pg.fake.commands(DEFAULT_GUILD_ID).map((c) => c.name)).toEqual(['admin']);
  });

  it('autocomplete comes from the bot: an APPLICATION_COMMAND_AUTOCOMPLETE interaction through the local Discord', async () => {
    const before = pg.fake.state.interactions.size;
    const { status, body } = await postJson<AutocompleteResponse>(pg.url, 'api/autocomplete', {
      channel: 'guild',
      name: 'who',
      focused: { name: 'name', value: 'Pesk' },
    });
    expect(status).toBe(200);
    expect(body.choices.length).toBeGreaterThan(0);
    expect(body.choices[0]!.name).toMatch(/Peskov/);
    const recs = [...pg.fake.state.interactions.values()].slice(before);
    expect(recs).toHaveLength(1);
    expect(recs[0]!.type).toBe(4);
    expect(recs[0]!.callback?.type).toBe(8);
    expect(recs[0]!.callback?.data).toEqual({ choices: body.choices });
  });

  it('runs a slash command and streams the reply: the role the engine finds, with cited passages', async () => {
    const name = 'Peskov';
    const expected = answerWho(pg.engine.store.current(), name);
    expect(expected.citations.length, 'the corpus cites this person').toBeGreaterThan(0);
    const { status, body } = await postJson<ActionResponse>(pg.url, 'api/command', {
      channel: 'guild',
      name: 'who',
      options: [{ name: 'name', type: 3, value: name }],
    });
    expect(status).toBe(200);
    expect(body.callbackType).toBe(4);
    const reply = body.reply!;
    expect(reply.author).toMatchObject({ id: state.bot.id, bot: true });
    expect(reply.channelId).toBe(state.guild.channelId);
    expect(reply.ephemeral).toBe(false);
    expect(reply.interaction).toMatchObject({ kind: 'command', command: '/who', user: state.user.name });
    expect(seen(reply.embeds[0]?.description)).toContain(expected.text!.replace(/\s+/g, ' '));
    const first = expected.citations[0]!;
    const field = reply.embeds[0]?.fields?.[0];
    expect(seen(field?.name)).toContain(first.title);
    expect(seen(field?.name)).toContain(`¶${first.paragraph}`);
    // The raw JSON the page can show is what the bot sent.
    expect(reply.raw[0]?.route).toBe('POST /interactions/:interactionId/:token/callback');
    expect((reply.raw[0]?.body as { type: number }).type).toBe(4);
    const streamed = await events.waitForMessage((m) => m.id === reply.id);
    expect(streamed.embeds).toEqual(reply.embeds);
  });

  it('"More passages" sends a real MESSAGE_COMPONENT interaction and the next passages come back privately', async () => {
    const { body } = await postJson<ActionResponse>(pg.url, 'api/command', {
      channel: 'guild',
      name: 'search',
      options: [{ name: 'terms', type: 3, value: 'summit' }],
    });
    const answer = body.reply!;
    type Button = { type: number; label?: string; custom_id?: string; disabled?: boolean };
    const buttons = (answer.components as unknown as { components: Button[] }[]).flatMap((r) => r.components);
    const more = buttons.find((b) => b.label === 'More passages');
    expect(more, 'a More passages button').toBeDefined();
    expect(more!.disabled).not.toBe(true);
    const click = await postJson<ActionResponse>(pg.url, 'api/button', {
      messageId: answer.id,
      customId: more!.custom_id,
    });
    expect(click.status).toBe(200);
    const next = click.body.reply!;
    expect(pg.fake.interaction(click.body.id)?.type).toBe(3);
    expect(next.ephemeral).toBe(true);
    expect(next.replyTo?.id).toBe(answer.id);
    const firstPage = new Set(answer.embeds[0]?.fields?.map((f) => f.name.replace(/^\[\d+\] /, '')));
    for (const f of next.embeds[0]?.fields ?? [])
      expect(firstPage.has(f.name.replace(/^\[\d+\] /, ''))).toBe(false);
  });

  it('a plain DM is a MESSAGE_CREATE in the DM channel, answered as a reply to it', async () => {
    const question = 'who is Peskov?';
    const { status, body } = await postJson<ActionResponse>(pg.url, 'api/message', {
      channel: 'dm',
      content: question,
    });
    expect(status).toBe(200);
    const mine = await events.waitForMessage((m) => m.id === body.id);
    expect(mine).toMatchObject({
      channelId: state.dmChannelId,
      content: question,
      author: { id: state.user.id },
    });
    const reply = body.reply!;
    expect(reply.channelId).toBe(state.dmChannelId);
    expect(reply.replyTo).toMatchObject({ id: body.id, content: question });
    const expected = answerWho(pg.engine.store.current(), 'Peskov');
    expect(seen(reply.embeds[0]?.description)).toContain(expected.text!.replace(/\s+/g, ' '));
  });

  it('plain text in #general mentions the bot, which answers there', async () => {
    const { body } = await postJson<ActionResponse>(pg.url, 'api/message', {
      channel: 'guild',
      content: 'help',
    });
    const mine = await events.waitForMessage((m) => m.id === body.id);
    expect(mine.content).toBe(`<@${state.bot.id}> help`);
    expect(body.reply?.channelId).toBe(state.guild.channelId);
    expect(body.reply?.replyTo?.id).toBe(body.id);
    expect(body.reply?.embeds[0]?.description).toContain('/who');
  });

  it('the local user is an admin: /admin status is deferred privately, then edited in place', async () => {
    const { body } = await postJson<ActionResponse>(pg.url, 'api/command', {
      channel: 'guild',
      name: 'admin',
      subcommand: 'status',
      options: [],
    });
    expect(body.callbackType).toBe(5);
    const reply = body.reply!;
    expect(reply.ephemeral).toBe(true);
    expect(reply.loading).toBe(false);
    expect(reply.interaction?.command).toBe('/admin status');
    expect(reply.embeds[0]?.description).toMatch(/Articles: \d+/);
    // First the "thinking…" message, then the same message edited.
    const thinking = await events.waitForMessage((m) => m.id === reply.id && m.loading);
    expect(thinking.ephemeral).toBe(true);
    expect(reply.raw.map((r) => r.route)).toEqual([
      'POST /interactions/:interactionId/:token/callback',
      'PATCH /webhooks/:appId/:token/messages/:messageId',
    ]);
  });

  it('/admin add-article takes a file uploaded to the local CDN, as Discord sends an attachment option', async () => {
    const upload = await fetch(new URL('api/upload?filename=harbour-inspector.md', pg.url), {
      method: 'POST',
      headers: { 'content-type': 'text/markdown' },
      body: NEW_ARTICLE,
    });
    expect(upload.status).toBe(200);
    const attachment = (await upload.json()) as { id: string; url: string; filename: string };
    expect(attachment.filename).toBe('harbour-inspector.md');
    expect(new URL(attachment.url).hostname).toBe('127.0.0.1');
    const { body } = await postJson<ActionResponse>(pg.url, 'api/command', {
      channel: 'dm',
      name: 'admin',
      subcommand: 'add-article',
      options: [],
      attachments: { file: attachment.id },
    });
    expect(body.reply?.ephemeral).toBe(true);
    await idle(pg);
    expect(pg.fake.cdn.downloads.map((d) => d.filename)).toContain('harbour-inspector.md');
    expect(existsSync(path.join(pg.corpusDir, 'harbour-inspector.md'))).toBe(true);
    // The new article answers at once.
    const who = await postJson<ActionResponse>(pg.url, 'api/command', {
      channel: 'dm',
      name: 'who',
      options: [{ name: 'name', type: 3, value: 'Quastorp' }],
    });
    const expected = answerWho(pg.engine.store.current(), 'Quastorp');
    expect(expected.citations.length).toBeGreaterThan(0);
    expect(seen(who.body.reply?.embeds[0]?.description)).toContain(expected.text!.replace(/\s+/g, ' '));
  });

  it('serves its made-up news site, and /admin add-url adds a page from it (ALLOW_PRIVATE_URLS is on here)', async () => {
    const feed = await fetch(new URL('demo/feed.xml', pg.url));
    expect(feed.headers.get('content-type')).toMatch(/rss\+xml/);
    const links = [...(await feed.text()).matchAll(/<link>([^<]+\/demo\/news\/[^<]+)<\/link>/g)].map(
      (m) => m[1]!,
    );
    expect(links.length).toBe(3);
    const { body } = await postJson<ActionResponse>(pg.url, 'api/command', {
      channel: 'guild',
      name: 'admin',
      subcommand: 'add-url',
      options: [{ name: 'url', type: 3, value: links.at(-1)! }],
    });
    expect(body.reply?.ephemeral).toBe(true);
    await idle(pg);
    const added = pg.engine.store.current().articles.find((a) => a.url === links.at(-1));
    expect(added?.title).toMatch(/^Quillfeather harbour pilots vote to strike/);
    expect(added?.file).toBe('harbour-pilots-vote-to-strike.html');
    expect(added?.published).toBe('2026-11-30');
  });

  it('refuses what Discord would not send, and the local Discord saw only routes it knows', async () => {
    const unknownUpload = await postJson<ErrorResponse>(pg.url, 'api/command', {
      channel: 'dm',
      name: 'admin',
      subcommand: 'add-article',
      options: [],
      attachments: { file: '123' },
    });
    expect(unknownUpload.status).toBe(400);
    const empty = await postJson<ErrorResponse>(pg.url, 'api/message', { channel: 'dm', content: '  ' });
    expect(empty.status).toBe(400);
    const gone = await postJson<ErrorResponse>(pg.url, 'api/button', { messageId: '1', customId: 'x' });
    expect(gone.status).toBe(404);
    expect(pg.fake.unknownRoutes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const refused = pg.fake.requests.filter((r) => r.status >= 400);
    expect(refused.map((r) => `${r.method} ${r.path} → ${r.status}`)).toEqual([]);
    expect(pg.logs.join('\n')).not.toContain('handler failed outside the boundary');
  });
});

/** Waits until the playground's store has finished the change under way (a deferred admin reply may show progress first). */
async function idle(pg: { engine: { store: { busy(): boolean } } }): Promise<void> {
  for (let i = 0; i < 600 && pg.engine.store.busy(); i++) await new Promise((r) => setTimeout(r, 100));
}

describe('a busy port', () => {
  let blocker: Server;
  let port: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });

  it('startPlayground fails with one line naming the port and PLAYGROUND_PORT', async () => {
    const config = loadConfig({
      CORPUS_DIR: path.join(ROOT, 'test/fixtures/seed-corpus'),
      LOG_LEVEL: 'silent',
    });
    const error = await startPlayground({ config, port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaygroundError);
    const message = (error as Error).message;
    expect(message).toContain(`Port ${port}`);
    expect(message).toContain('PLAYGROUND_PORT');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('npm run playground exits 1 with that line', async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !k.startsWith('DISCORD_')) env[k] = v;
    env.PLAYGROUND_PORT = String(port);
    env.CORPUS_DIR = path.join(ROOT, 'test/fixtures/seed-corpus');
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      [path.join(ROOT, 'src/playground/main.ts')],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Port ${port}`);
    expect(lines[0]).toContain('PLAYGROUND_PORT');
  });
});

export type { ChatMessage };
