/**
 * The playground: the local Discord (src/fake-discord), the real bot logged in to it, and a web page
 * that looks and behaves like a Discord channel — all on 127.0.0.1, no Discord account needed.
 *
 * The page never talks to the bot directly. It asks this server, which does what Discord would:
 * dispatches INTERACTION_CREATE (commands, autocomplete, buttons) or MESSAGE_CREATE (DMs, mentions)
 * through the fake gateway, and streams back (server-sent events) every message the bot creates,
 * edits or deletes through the fake REST API.
 *
 *   const pg = await startPlayground({ config: loadConfig(), port: 0 });
 *   console.log(pg.url);
 *   await pg.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import {
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { build } from 'esbuild';
import { createBot, type Bot } from '../bot/bot.js';
import { deploy } from '../bot/deploy.js';
import type { Config } from '../config.js';
import { createEngine, type Engine } from '../serve/engine.js';
import { createLogger, type Logger } from '../log.js';
import {
  BOT_ID,
  BOT_USER,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  MEMBER_PERMISSIONS,
  autocomplete,
  button,
  chatInput,
  dmChannelIdFor,
  dmMessage,
  mention,
  startFakeDiscord,
  user as makeUser,
  type FakeDiscord,
  type InteractionRecord,
} from '../fake-discord/index.js';
import { Feed } from './feed.js';
import { demoSite } from './demo/site.js';
import type {
  ActionResponse,
  AutocompleteRequest,
  AutocompleteResponse,
  ButtonRequest,
  ChannelKey,
  CommandRequest,
  MessageRequest,
  PlaygroundState,
  PlaygroundUser,
} from './protocol.js';

/** Made up: the local Discord accepts only this, and it is useless anywhere else. */
export const PLAYGROUND_TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.playground.local-only-token-not-a-real-one';
/** The person using the page: a server member with Manage Server, and listed in ADMIN_USER_IDS. */
const LOCAL_USER: APIUser = makeUser({
  id: '1100000000000000200',
  username: 'you',
  global_name: 'You',
});
const GUILD_NAME = 'Playground';
const CHANNEL_NAME = 'general';
/** An ordinary member's permissions plus Manage Server, so /admin works in the server too. */
const LOCAL_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | PermissionFlagsBits.ManageGuild).toString();
/** Discord's own rule: no callback within 3 s and the interaction is gone. */
const DISCORD_DEADLINE_MS = 3_000;
/** How long a route waits for the bot's final answer (a reindex of a big corpus can take a while). */
const ANSWER_TIMEOUT_MS = 120_000;
/** Discord's upload limit for an ordinary member. */
const MAX_UPLOAD = 10 * 1024 * 1024;

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');

export interface PlaygroundOptions {
  /** Corpus folder, log level, cooldown, admins (token and API address are the playground's own). */
  config: Config;
  /** Port for the page on 127.0.0.1; default `config.playgroundPort`; 0 = any free port. */
  port?: number;
  /** Where the bot logs; default a pino logger at `config.logLevel` on stdout. */
  log?: Logger;
  /** Interaction callbacks later than this are refused, as on Discord (default 3000 ms). */
  interactionDeadlineMs?: number;
}

export interface Playground {
  /** The page: `http://127.0.0.1:PORT/`. */
  url: string;
  port: number;
  fake: FakeDiscord;
  bot: Bot;
  engine: Engine;
  /** Stops the bot, the local Discord and the web server. Idempotent. */
  close(): Promise<void>;
}

/** A start-up problem meant for the person running the playground (one line). */
export class PlaygroundError extends Error {
  override name = 'PlaygroundError';
}

export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const port = opts.port ?? opts.config.playgroundPort;
  const log = opts.log ?? createLogger({ level: opts.config.logLevel, secrets: [PLAYGROUND_TOKEN] });

  // The page's port first: a busy port should stop us before anything else starts.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain' }).end('The playground is starting…');
  };
  const server = createServer((req, res) => handler(req, res));
  await listen(server, port);
  const actualPort = (server.address() as AddressInfo).port;

  let fake: FakeDiscord | undefined;
  let bot: Bot | undefined;
  try {
    const [bundle, fakeDiscord] = await Promise.all([
      bundlePage(),
      startFakeDiscord({
        token: PLAYGROUND_TOKEN,
        interactionDeadlineMs: opts.interactionDeadlineMs ?? DISCORD_DEADLINE_MS,
        ownerId: LOCAL_USER.id,
        guilds: [
          {
            id: DEFAULT_GUILD_ID,
            name: GUILD_NAME,
            channels: [{ id: DEFAULT_CHANNEL_ID, name: CHANNEL_NAME }],
            ownerId: LOCAL_USER.id,
            members: [LOCAL_USER],
          },
        ],
      }),
    ]);
    fake = fakeDiscord;
    const config: Config = {
      ...opts.config,
      token: PLAYGROUND_TOKEN,
      applicationId: BOT_ID,
      guildId: undefined,
      apiUrl: fake.api,
      adminUserIds: [...new Set([...opts.config.adminUserIds, LOCAL_USER.id])],
      // The playground's server is the home server: /admin is registered there.
      adminGuildIds: [DEFAULT_GUILD_ID],
      // Its demo news site (src/playground/demo/) is served from 127.0.0.1, so add-url and follow
      // must reach loopback addresses here.
      allowPrivateUrls: true,
    };
    // Register the real command definitions, as `npm run deploy` would (globally: servers and DMs;
    // /admin in the home server).
    await deploy(config, () => undefined);
    const engine = await createEngine(config, log, { pollFeeds: true });
    bot = createBot(engine, log);
    const feed = new Feed(fake, { person }, (err) =>
      log.warn({ err: String(err) }, 'playground could not follow a message'),
    );
    await bot.start(PLAYGROUND_TOKEN);
    const app = new PlaygroundApp(fake, feed, bundle, log, `http://127.0.0.1:${actualPort}`);
    handler = (req, res) => {
      app.handle(req, res).catch((err: unknown) => {
        log.warn({ err: String(err), url: req.url }, 'playground request failed');
        if (!res.headersSent) sendJson(res, 500, { error: String(err) });
        else res.end();
      });
    };
    let closed = false;
    const startedFake = fake;
    const startedBot = bot;
    return {
      url: `http://127.0.0.1:${actualPort}/`,
      port: actualPort,
      fake: startedFake,
      bot: startedBot,
      engine,
      async close() {
        if (closed) return;
        closed = true;
        app.close();
        feed.close();
        await startedBot.stop({ timeoutMs: 5_000 });
        await engine.close();
        await startedFake.close();
        await closeServer(server);
      },
    };
  } catch (err) {
    await bot?.stop({ timeoutMs: 1_000 }).catch(() => undefined);
    await fake?.close().catch(() => undefined);
    await closeServer(server);
    throw err;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new PlaygroundError(
            `Port ${port} is already in use on 127.0.0.1: stop the program using it, or set PLAYGROUND_PORT to a free port (e.g. PLAYGROUND_PORT=${port === 3000 ? 3001 : 3000} npm run playground).`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(
          new PlaygroundError(
            `Port ${port} needs extra privileges on this machine: set PLAYGROUND_PORT to a port above 1023 (e.g. PLAYGROUND_PORT=3000).`,
          ),
        );
      } else {
        reject(err);
      }
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The page's script: bundled in memory from web/app.ts with esbuild (no build step to run). */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(WEB_DIR, 'app.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** How the page shows a Discord user. */
function person(u: APIUser): PlaygroundUser {
  const bot = u.bot === true;
  return {
    id: u.id,
    name: u.global_name ?? u.username,
    bot,
    avatar: bot ? '/avatar/bot.svg' : '/avatar/user.svg',
  };
}

function avatarSvg(letter: string, color: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80" viewBox="0 0 80 80"><circle cx="40" cy="40" r="40" fill="${color}"/><text x="40" y="53" font-family="sans-serif" font-size="38" font-weight="700" text-anchor="middle" fill="#fff">${letter}</text></svg>`;
}

const AVATARS: Record<string, string> = {
  '/avatar/bot.svg': avatarSvg('D', '#3b6fd8'),
  '/avatar/user.svg': avatarSvg('Y', '#3ba55c'),
};

class PlaygroundApp {
  private readonly streams = new Set<ServerResponse>();
  private readonly uploads = new Map<string, APIAttachment>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly fake: FakeDiscord,
    private readonly feed: Feed,
    private readonly bundle: string,
    private readonly log: Logger,
    /** `http://127.0.0.1:PORT`, for the demo site's links. */
    private readonly base: string,
  ) {
    this.unsubscribe = feed.subscribe((event) => {
      const frame = `data: ${JSON.stringify(event)}\n\n`;
      for (const res of this.streams) res.write(frame);
    });
  }

  close(): void {
    this.unsubscribe();
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        return sendFile(res, path.join(WEB_DIR, 'index.html'), 'text/html; charset=utf-8');
      case 'GET /app.js':
        return sendText(res, 200, this.bundle, 'text/javascript; charset=utf-8');
      case 'GET /avatar/bot.svg':
      case 'GET /avatar/user.svg':
        return sendText(res, 200, AVATARS[url.pathname]!, 'image/svg+xml');
      case 'GET /favicon.ico':
        return sendText(res, 200, AVATARS['/avatar/bot.svg']!, 'image/svg+xml');
      case 'GET /api/state':
        return sendJson(res, 200, this.state());
      case 'GET /api/events':
        return this.events(req, res);
      case 'POST /api/command':
        return this.command(res, await readJson<CommandRequest>(req));
      case 'POST /api/autocomplete':
        return this.autocomplete(res, await readJson<AutocompleteRequest>(req));
      case 'POST /api/message':
        return this.message(res, await readJson<MessageRequest>(req));
      case 'POST /api/button':
        return this.button(res, await readJson<ButtonRequest>(req));
      case 'POST /api/upload':
        return this.upload(req, res, url);
      default: {
        const demo = req.method === 'GET' ? demoSite(url.pathname, this.base) : undefined;
        if (demo) return sendText(res, 200, demo.body, demo.type);
        return sendJson(res, 404, { error: `No such page: ${route}` });
      }
    }
  }

  private state(): PlaygroundState {
    return {
      bot: person(BOT_USER),
      user: person(LOCAL_USER),
      guild: {
        id: DEFAULT_GUILD_ID,
        name: GUILD_NAME,
        channelId: DEFAULT_CHANNEL_ID,
        channelName: CHANNEL_NAME,
      },
      dmChannelId: dmChannelIdFor(LOCAL_USER.id),
      commands: [...this.fake.commands('global'), ...this.fake.commands(DEFAULT_GUILD_ID)],
      messages: this.feed.all(),
    };
  }

  private events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    // The page fetches /api/state first; events from here on keep it current.
    res.write(': connected\n\n');
    this.streams.add(res);
    req.on('close', () => this.streams.delete(res));
  }

  /** Where an interaction happens: #general as a member with Manage Server, or the DM. */
  private where(channel: ChannelKey) {
    return channel === 'dm'
      ? { user: LOCAL_USER, dm: true }
      : { user: LOCAL_USER, permissions: LOCAL_PERMISSIONS, channelId: DEFAULT_CHANNEL_ID };
  }

  private async command(res: ServerResponse, body: CommandRequest): Promise<void> {
    if (typeof body.name !== 'string' || !Array.isArray(body.options)) {
      return sendJson(res, 400, { error: 'A command needs a name and options.' });
    }
    const attachments: Record<string, APIAttachment> = {};
    for (const [option, id] of Object.entries(body.attachments ?? {})) {
      const a = this.uploads.get(id);
      if (!a) return sendJson(res, 400, { error: `Upload ${id} is unknown: pick the file again.` });
      attachments[option] = a;
    }
    const payload = chatInput({
      ...this.where(body.channel),
      name: body.name,
      options: body.options.filter(
        (o) => o.type !== ApplicationCommandOptionType.Attachment,
      ) as APIApplicationCommandInteractionDataOption[],
      ...(body.subcommand ? { subcommand: body.subcommand } : {}),
      attachments,
    });
    return this.runInteraction(res, payload);
  }

  private async button(res: ServerResponse, body: ButtonRequest): Promise<void> {
    const message = this.fake.state.messages.get(String(body.messageId));
    if (!message) return sendJson(res, 404, { error: 'That message is gone.' });
    const channel: ChannelKey = message.channel_id === DEFAULT_CHANNEL_ID ? 'guild' : 'dm';
    const payload = button({ ...this.where(channel), customId: String(body.customId), message });
    return this.runInteraction(res, payload);
  }

  /** Dispatches an interaction and answers with the bot's reply; 504 when it does not acknowledge in time. */
  private async runInteraction(res: ServerResponse, payload: Parameters<FakeDiscord['interact']>[0]) {
    if (this.fake.dispatch('INTERACTION_CREATE', payload) === 0) {
      return sendJson(res, 503, { error: 'The bot is not connected to the local Discord.' });
    }
    let rec: InteractionRecord;
    try {
      rec = await this.fake.waitForInteraction(
        payload.id,
        (r) => r.callback !== null,
        DISCORD_DEADLINE_MS + 500,
      );
    } catch {
      return sendJson(res, 504, { error: 'The application did not respond' });
    }
    const type = rec.callback!.type;
    if (type === 5 || type === 6) {
      // Deferred: the page shows "thinking…" already; answer once the bot has edited or followed up.
      rec = await this.fake
        .waitForInteraction(
          payload.id,
          (r) => r.edits.length > 0 || r.followUps.length > 0 || r.deleted,
          ANSWER_TIMEOUT_MS,
        )
        .catch(() => rec);
      if (rec.deleted && rec.followUps.length === 0) {
        rec = await this.fake
          .waitForInteraction(payload.id, (r) => r.followUps.length > 0, ANSWER_TIMEOUT_MS)
          .catch(() => rec);
      }
    }
    const shown = rec.followUps.at(-1) ?? rec.original;
    const reply: ActionResponse = {
      id: rec.id,
      callbackType: type,
      reply: shown ? (this.feed.get(shown.id) ?? null) : null,
    };
    return sendJson(res, 200, reply);
  }

  private async autocomplete(res: ServerResponse, body: AutocompleteRequest): Promise<void> {
    if (typeof body.name !== 'string' || typeof body.focused?.name !== 'string') {
      return sendJson(res, 400, { error: 'Autocomplete needs a command name and the focused option.' });
    }
    const payload = autocomplete({
      ...this.where(body.channel),
      name: body.name,
      focused: { name: body.focused.name, value: String(body.focused.value ?? '') },
      ...(body.options ? { options: body.options } : {}),
      ...(body.subcommand ? { subcommand: body.subcommand } : {}),
    });
    if (this.fake.dispatch('INTERACTION_CREATE', payload) === 0) {
      return sendJson(res, 503, { error: 'The bot is not connected to the local Discord.' });
    }
    try {
      const rec = await this.fake.waitForInteraction(
        payload.id,
        (r) => r.callback !== null,
        DISCORD_DEADLINE_MS + 500,
      );
      const data = rec.callback!.data as { choices?: AutocompleteResponse['choices'] } | undefined;
      return sendJson(res, 200, { choices: data?.choices ?? [] } satisfies AutocompleteResponse);
    } catch {
      return sendJson(res, 504, { error: 'The application did not respond' });
    }
  }

  private async message(res: ServerResponse, body: MessageRequest): Promise<void> {
    const content = typeof body.content === 'string' ? body.content.trim() : '';
    if (!content) return sendJson(res, 400, { error: 'An empty message is not sent.' });
    if (content.length > 2000)
      return sendJson(res, 400, { error: 'Messages are limited to 2000 characters.' });
    const data =
      body.channel === 'dm'
        ? dmMessage({ content, author: LOCAL_USER })
        : mention({ content, author: LOCAL_USER, channelId: DEFAULT_CHANNEL_ID });
    const since = this.fake.sentMessages.length;
    if (this.fake.dispatch('MESSAGE_CREATE', data) === 0) {
      return sendJson(res, 503, { error: 'The bot is not connected to the local Discord.' });
    }
    let reply: APIMessage | undefined;
    try {
      reply = (
        await this.fake.waitForMessage(data.channel_id, {
          since,
          timeoutMs: ANSWER_TIMEOUT_MS,
          predicate: (m) => m.message_reference?.message_id === data.id,
        })
      ).message;
    } catch {
      reply = undefined;
    }
    const out: ActionResponse = { id: data.id, reply: reply ? (this.feed.get(reply.id) ?? null) : null };
    return sendJson(res, 200, out);
  }

  /** Stores a picked file on the local Discord's CDN, as the Discord client uploads an attachment. */
  private async upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const filename = url.searchParams.get('filename') ?? '';
    if (!filename || filename.length > 255 || /[\\/]/.test(filename)) {
      req.resume();
      return sendJson(res, 400, { error: 'The file needs a plain name.' });
    }
    const bytes = await readBody(req, MAX_UPLOAD);
    if (bytes === null)
      return sendJson(res, 413, { error: 'Files are limited to 10 MiB here, as on Discord.' });
    const contentType = req.headers['content-type'];
    const attachment = this.fake.addAttachment(
      filename,
      bytes,
      contentType && contentType !== 'application/octet-stream' ? { contentType } : {},
    );
    this.uploads.set(attachment.id, attachment);
    this.log.debug({ file: filename, size: bytes.byteLength }, 'playground upload');
    return sendJson(res, 200, attachment);
  }
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    // Read on past the limit without keeping it, so the client still gets the answer.
    if (size <= max) chunks.push(chunk as Buffer);
  }
  return size > max ? null : Buffer.concat(chunks);
}

async function readJson<T>(req: IncomingMessage): Promise<T> {
  const bytes = await readBody(req, 1024 * 1024);
  try {
    const value = JSON.parse((bytes ?? Buffer.alloc(0)).toString('utf8')) as unknown;
    return (typeof value === 'object' && value !== null ? value : {}) as T;
  } catch {
    return {} as T;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

function sendText(res: ServerResponse, status: number, text: string, type: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

/** The page runs only its own script: text from the bot can never run as code, even if mis-rendered. */
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

async function sendFile(res: ServerResponse, file: string, type: string): Promise<void> {
  res.setHeader('content-security-policy', PAGE_POLICY);
  sendText(res, 200, await readFile(file, 'utf8'), type);
}
