/**
 * A fake Discord on 127.0.0.1 for end-to-end tests: REST (node:http) and the gateway (ws) on one
 * ephemeral port. The real discord.js client reaches it through configuration only:
 *
 *   new Client({ intents, partials, rest: { api: fake.api } })   // fake.api = http://127.0.0.1:PORT/api
 *
 * @discordjs/rest appends `/v10` to `api`; the gateway address comes from `GET /gateway/bot`, as in
 * production. Every request is recorded; unknown routes answer 404 and are listed in `unknownRoutes`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type APIInteraction,
  type APIMessage,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type Snowflake,
} from 'discord-api-types/v10';
import { FakeCdn, type AttachmentOptions } from './cdn.js';
import { FakeGateway, type DroppedDispatch, type GatewayConnection, type GatewayFrame } from './gateway.js';
import {
  faultReply,
  faultState,
  takeFault,
  type FaultHandle,
  type FaultRule,
  type FaultState,
} from './faults.js';
import { recordRequest, sendJson } from './http.js';
import { observeDispatch, registerGuild } from './observe.js';
import { BOT_ID, BOT_USER, DEFAULT_USER_ID, guildCreate, type GuildCreateOptions } from './payloads.js';
import type { Route, RouteReply } from './rest-common.js';
import { createRoutes, type GatewayBotInfo } from './rest.js';
import type { FakeState, InteractionRecord, RecordedRequest, SentMessage } from './state.js';

export interface FakeDiscordOptions {
  /** HELLO heartbeat_interval in ms. Default 41250 (Discord's); tests of zombie detection use ~200. */
  heartbeatIntervalMs?: number;
  /** If set, REST `Authorization` and gateway IDENTIFY/RESUME must carry exactly this token (else 401 / 4004). */
  token?: string;
  /** Guilds the bot is in (READY lists them unavailable, then GUILD_CREATE follows). Default: one guild. */
  guilds?: GuildCreateOptions[];
  botUser?: APIUser;
  /** Owner reported by `GET /applications/@me`. */
  ownerId?: Snowflake;
  applicationFlags?: number;
  /** Interaction callbacks later than this after the dispatch get 404 Unknown interaction. Default: no limit. */
  interactionDeadlineMs?: number;
  /** Deliver MESSAGE_CREATE / GUILD_CREATE only with the intents Discord requires. Default true. */
  enforceIntents?: boolean;
  /** Default timeout of the waiting helpers. Default 15000 ms (the machine may be slow). */
  defaultTimeoutMs?: number;
  /** Shard count `GET /gateway/bot` recommends (what `auto` sharding uses). Default 1. */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency` of `GET /gateway/bot`: shards that may identify at once. Default 1. */
  maxConcurrency?: number;
}

export interface InteractOptions {
  timeoutMs?: number;
  /** For deferred callbacks (5/6), also wait for the first edit of @original. Default true. */
  awaitEdit?: boolean;
}

interface Waiter {
  check: () => boolean;
  reject: (error: Error) => void;
}

export class FakeDiscord {
  /** REST base for discord.js's `rest.api` option: `http://127.0.0.1:PORT/api`. */
  readonly api: string;
  /** What `GET /gateway/bot` hands out. */
  readonly gatewayUrl: string;
  readonly port: number;
  readonly requests: RecordedRequest[] = [];
  readonly unknownRoutes: RecordedRequest[] = [];
  readonly state: FakeState;
  /** Attachment files served on this port (see `addAttachment`). */
  readonly cdn: FakeCdn;
  /** What `GET /gateway/bot` answers with; tests may change it while the fake runs. */
  readonly gatewayBot: GatewayBotInfo;
  private readonly gateway: FakeGateway;
  private readonly routes: Route[];
  private readonly faults: FaultState[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly requestListeners = new Set<(req: RecordedRequest) => void>();
  private readonly dispatchListeners = new Set<(event: string, data: unknown) => void>();
  private readonly hung = new Set<ServerResponse>();
  private readonly defaultTimeoutMs: number;
  private readonly expectedToken: string | undefined;
  private closed = false;

  /** @internal use startFakeDiscord() */
  constructor(
    private readonly server: Server,
    opts: FakeDiscordOptions,
  ) {
    this.port = (server.address() as AddressInfo).port;
    this.api = `http://127.0.0.1:${this.port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${this.port}/gateway`;
    this.cdn = new FakeCdn(`http://127.0.0.1:${this.port}`);
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 15_000;
    this.expectedToken = opts.token;
    const botUser = opts.botUser ?? BOT_USER;
    this.state = {
      botUser,
      applicationId: opts.botUser?.id ?? BOT_ID,
      ownerId: opts.ownerId ?? DEFAULT_USER_ID,
      applicationFlags: opts.applicationFlags ?? 0,
      gatewayUrl: () => this.gatewayUrl,
      guilds: new Map(),
      channels: new Map(),
      messages: new Map(),
      interactions: new Map(),
      commands: new Map(),
      sentMessages: [],
      interactionDeadlineMs: opts.interactionDeadlineMs ?? Number.POSITIVE_INFINITY,
      knownUsers: new Map([[botUser.id, botUser]]),
    };
    for (const g of opts.guilds ?? [{}]) registerGuild(this.state, guildCreate(g));
    this.gatewayBot = { shards: opts.recommendedShards ?? 1, maxConcurrency: opts.maxConcurrency ?? 1 };
    this.routes = createRoutes(this.state, () => this.gatewayBot);
    this.gateway = new FakeGateway({
      botUser: () => this.state.botUser,
      applicationId: this.state.applicationId,
      applicationFlags: this.state.applicationFlags,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
      token: opts.token,
      guilds: () => [...this.state.guilds.values()],
      resumeUrl: () => `${this.gatewayUrl}/resume`,
      enforceIntents: opts.enforceIntents ?? true,
      onChange: () => this.notify(),
      onDispatch: (event, data) => {
        observeDispatch(this.state, event, data);
        for (const listener of [...this.dispatchListeners]) listener(event, data);
      },
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handleRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          sendJson(res, 500, { message: `fake discord crashed: ${String(error)}`, code: 0 });
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'ws://127.0.0.1').pathname;
      if (path !== '/gateway' && path !== '/gateway/resume') {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.gateway.handleUpgrade(req, socket, head);
    });
  }

  // ===========================================================================================
  // Gateway
  // ===========================================================================================

  /** Frames in both directions (`dir: 'in'` = sent by the bot). */
  get gatewayFrames(): readonly GatewayFrame[] {
    return this.gateway.frames;
  }

  get gatewayConnections(): readonly GatewayConnection[] {
    return this.gateway.connections;
  }

  /** Dispatches the fake did not deliver because the session lacked an intent. */
  get droppedDispatches(): readonly DroppedDispatch[] {
    return this.gateway.droppedDispatches;
  }

  get identifyCount(): number {
    return this.gateway.identifyCount;
  }

  get resumeCount(): number {
    return this.gateway.resumeCount;
  }

  /**
   * Sends a DISPATCH (op 0, next sequence number) to every gateway session of the event's shard
   * (by guild, as Discord routes; DMs to shard 0); a session between connections gets it on RESUME.
   * Returns how many sessions it went to (0: nobody is logged in on that shard).
   */
  dispatch(event: string, data: unknown): number {
    return this.gateway.dispatch(event, data);
  }

  /** Closes the bot's gateway socket(s) with `code`; 4000 (unknown error) makes discord.js resume. */
  closeGateway(code = 4000, reason?: string): Promise<void> {
    return this.gateway.closeGateway(code, reason);
  }

  /** Stops answering heartbeats (discord.js then treats the connection as a zombie and resumes). */
  stopAcking(): void {
    this.gateway.stopAcking();
  }

  resumeAcking(): void {
    this.gateway.resumeAcking();
  }

  /** Sends op 9; with `resumable = false` the session is forgotten and the bot has to identify again. */
  invalidateSession(resumable = false): void {
    this.gateway.invalidateSession(resumable);
  }

  /** Sends op 7 RECONNECT. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Adds a guild while the bot runs and dispatches its GUILD_CREATE. */
  addGuild(opts: GuildCreateOptions): GatewayGuildCreateDispatchData {
    const guild = guildCreate(opts);
    this.dispatch('GUILD_CREATE', guild);
    return guild;
  }

  /** Waits until a gateway frame matches (past frames included). */
  waitForGateway(predicate: (frame: GatewayFrame) => boolean, timeoutMs?: number): Promise<GatewayFrame> {
    return this.waitUntil(
      () => this.gateway.frames.find(predicate),
      timeoutMs,
      () =>
        `gateway frame; saw ops ${this.gateway.frames.map((f) => `${f.dir}:${f.op}${f.t ? `:${f.t}` : ''}`).join(', ')}`,
    );
  }

  /** Resolves once at least one session is connected (after IDENTIFY or RESUME). */
  waitForSession(timeoutMs?: number): Promise<void> {
    return this.waitUntil(
      () => (this.gateway.liveSessions > 0 ? true : undefined),
      timeoutMs,
      () => 'a live gateway session',
    ).then(() => undefined);
  }

  // ===========================================================================================
  // Interactions and messages
  // ===========================================================================================

  /**
   * Dispatches INTERACTION_CREATE and resolves with the interaction's record once the bot has
   * answered: the callback, and for a deferral (5, 6) also the first edit of @original. Rejected
   * attempts (e.g. a second acknowledgement) are in `record.attempts`.
   */
  async interact(payload: APIInteraction, opts: InteractOptions = {}): Promise<InteractionRecord> {
    const sessions = this.dispatch('INTERACTION_CREATE', payload);
    if (sessions === 0) throw new Error('fake discord: no gateway session to dispatch the interaction to');
    const rec = this.state.interactions.get(payload.id);
    if (!rec) throw new Error('fake discord: interaction was not registered');
    const awaitEdit = opts.awaitEdit ?? true;
    return this.waitUntil(
      () => {
        if (!rec.callback) return undefined;
        if (awaitEdit && (rec.callback.type === 5 || rec.callback.type === 6) && rec.edits.length === 0)
          return undefined;
        return rec;
      },
      opts.timeoutMs,
      () =>
        `answer to interaction ${rec.id} (${interactionLabel(payload)}); callback: ${rec.callback ? rec.callback.type : 'none'}, ` +
        `edits: ${rec.edits.length}, attempts: ${JSON.stringify(rec.attempts.map((a) => ({ type: a.type, status: a.status })))}`,
    );
  }

  /** The record of a dispatched interaction. */
  interaction(id: Snowflake): InteractionRecord | undefined {
    return this.state.interactions.get(id);
  }

  /** Waits until `predicate(record)` holds for an interaction (e.g. a follow-up arrived). */
  waitForInteraction(
    id: Snowflake,
    predicate: (rec: InteractionRecord) => boolean,
    timeoutMs?: number,
  ): Promise<InteractionRecord> {
    return this.waitUntil(
      () => {
        const rec = this.state.interactions.get(id);
        return rec && predicate(rec) ? rec : undefined;
      },
      timeoutMs,
      () => `interaction ${id} to satisfy the predicate`,
    );
  }

  /** Messages the bot created (channel sends, interaction replies, follow-ups), in order. */
  get sentMessages(): readonly SentMessage[] {
    return this.state.sentMessages;
  }

  /** Waits for a message the bot creates in `channelId` (past ones included, from `since`). */
  waitForMessage(
    channelId: Snowflake,
    opts: { timeoutMs?: number; since?: number; predicate?: (m: APIMessage) => boolean } = {},
  ): Promise<SentMessage> {
    const since = opts.since ?? 0;
    return this.waitUntil(
      () =>
        this.state.sentMessages
          .slice(since)
          .find((s) => s.channelId === channelId && (opts.predicate?.(s.message) ?? true)),
      opts.timeoutMs,
      () => `a message in channel ${channelId}`,
    );
  }

  /**
   * Stores a file as an uploaded attachment, downloadable from this port; put the returned object in
   * an interaction's `data.resolved.attachments` (`chatInput({ attachments: { file } })` in interaction-payloads.ts does).
   */
  addAttachment(filename: string, content: string | Uint8Array, opts?: AttachmentOptions) {
    return this.cdn.add(filename, content, opts);
  }

  /**
   * Calls `listener` with every request once the fake has answered it (status set; the fake's state
   * already shows its effect). Returns a function that removes the listener.
   */
  onRequest(listener: (req: RecordedRequest) => void): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  /** Calls `listener` with every DISPATCH before it goes out (after the fake has registered it). */
  onDispatch(listener: (event: string, data: unknown) => void): () => void {
    this.dispatchListeners.add(listener);
    return () => this.dispatchListeners.delete(listener);
  }

  /** Slash commands registered globally (`'global'`) or in a guild. */
  commands(scope: 'global' | Snowflake = 'global') {
    return this.state.commands.get(scope) ?? [];
  }

  // ===========================================================================================
  // REST recording, waiting and faults
  // ===========================================================================================

  /** Waits until a recorded request matches (past requests included, from index `since`). */
  waitFor(
    predicate: (req: RecordedRequest) => boolean,
    timeoutMs?: number,
    since = 0,
  ): Promise<RecordedRequest> {
    return this.waitUntil(
      // Handlers answer synchronously, so a request is only seen unanswered (status 0) when a 'hang' fault holds it.
      () => this.requests.slice(since).find(predicate),
      timeoutMs,
      () =>
        `request; saw ${this.requests.map((r) => `${r.method} ${r.path} → ${r.status}`).join(', ') || 'none'}`,
    );
  }

  /** Injects a fault on matching requests. */
  injectFault(rule: FaultRule): FaultHandle {
    const f = faultState(rule);
    this.faults.push(f);
    return {
      get hits() {
        return f.hits;
      },
      remove: () => {
        const i = this.faults.indexOf(f);
        if (i !== -1) this.faults.splice(i, 1);
      },
    };
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Closes sockets, hung requests and servers; pending waits reject. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters) w.reject(new Error('fake discord closed'));
    this.waiters.clear();
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    await this.gateway.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ===========================================================================================
  // Internals
  // ===========================================================================================

  private waitUntil<T>(
    check: () => T | undefined,
    timeoutMs: number | undefined,
    describe: () => string,
  ): Promise<T> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    if (this.closed) return Promise.reject(new Error('fake discord closed'));
    const ms = timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const value = check();
          if (value === undefined) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`fake discord: timed out after ${ms} ms waiting for ${describe()}`));
      }, ms);
      this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) if (w.check()) this.waiters.delete(w);
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (this.cdn.handle(req, res, url.pathname)) return;
    const record = await recordRequest(req, url, this.requests);
    const finish = (reply: RouteReply) => {
      record.status = reply.status;
      record.responseBody = reply.body;
      record.validationErrors = reply.validationErrors ?? [];
      sendJson(res, reply.status, reply.body, reply.headers);
      this.notify();
      for (const listener of [...this.requestListeners]) listener(record);
    };

    const found = record.version === 10 ? this.findRoute(record.method, record.path) : undefined;
    if (!found) {
      this.unknownRoutes.push(record);
      finish({ status: 404, body: { message: '404: Not Found', code: 0 } });
      return;
    }
    const { route, params } = found;
    record.route = `${route.method} ${route.pattern}`;

    const fault = takeFault(this.faults, record.method, record.path);
    if (fault) {
      record.fault = fault.label;
      const reply = faultReply(fault.fault);
      if (reply === 'hang') {
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        this.notify();
        return;
      }
      finish(reply);
      return;
    }

    if (route.auth && !this.authorized(record.headers.authorization)) {
      finish({ status: 401, body: { message: '401: Unauthorized', code: 0 } });
      return;
    }
    finish(
      route.handle({ params, query: record.query, body: record.body, files: record.files, request: record }),
    );
  }

  /** The first route for a method and path under `/api/v10`, with the path's parameters. */
  private findRoute(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (m) return { route, params: { ...m.groups } };
    }
    return undefined;
  }

  /** Whether an `Authorization` header carries a bot token (the expected one, when set). */
  private authorized(auth: string | undefined): boolean {
    return (
      auth !== undefined &&
      BOT_AUTHORIZATION.test(auth) &&
      (this.expectedToken === undefined || auth === `Bot ${this.expectedToken}`)
    );
  }
}

const BOT_AUTHORIZATION = /^Bot \S+$/;

function interactionLabel(payload: APIInteraction): string {
  const data = (payload as { data?: { name?: string; custom_id?: string } }).data;
  return data?.name ?? data?.custom_id ?? `type ${payload.type}`;
}

/** Starts the fake Discord on 127.0.0.1 with an ephemeral port. */
export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const server = createServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return new FakeDiscord(server, opts);
}
