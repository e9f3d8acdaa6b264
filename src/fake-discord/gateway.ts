/**
 * The fake gateway: one WebSocket endpoint speaking Discord's v10 JSON protocol (no compression,
 * no ETF) — HELLO, IDENTIFY → READY (+ GUILD_CREATE), HEARTBEAT → ACK, RESUME → replay + RESUMED —
 * with the controls the fault tests need (close with a code, stop acking, invalidate, reconnect).
 * Sharding as Discord does it: IDENTIFY's `shard: [id, count]` is echoed in READY, and a session
 * only gets the guilds and dispatches of its shard (`shardForGuild`); DMs go to shard 0.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GatewayCloseCodes,
  GatewayIntentBits,
  GatewayOpcodes,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

export interface GatewayFrame {
  /** `in`: sent by the bot; `out`: sent by the fake. */
  dir: 'in' | 'out';
  connection: number;
  op: number;
  t?: string | null;
  s?: number | null;
  d: unknown;
  at: number;
}

export interface GatewayConnection {
  id: number;
  /** Path the bot connected to (`/gateway` first, `/gateway/resume` when it uses resume_gateway_url). */
  path: string;
  query: Record<string, string>;
  openedAt: number;
  closed: { code: number; reason: string; by: 'fake' | 'bot' | 'unknown' } | null;
  sessionId: string | null;
  /** `[shard id, shard count]` of the session on this connection (set by IDENTIFY or RESUME). */
  shard: [number, number] | null;
}

/**
 * The shard a guild's events go to, by Discord's formula `(guild_id >> 22) % shard_count`;
 * events with no guild (DMs) go to shard 0.
 */
export function shardForGuild(guildId: string | undefined, shardCount: number): number {
  if (guildId === undefined || shardCount <= 1) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

const GUILD_OBJECT_EVENTS = new Set(['GUILD_CREATE', 'GUILD_UPDATE', 'GUILD_DELETE']);

/** The guild an event belongs to (GUILD_CREATE/UPDATE/DELETE carry it as `id`), or undefined (a DM). */
function guildOf(event: string, data: unknown): string | undefined {
  const d = (data ?? {}) as { id?: unknown; guild_id?: unknown };
  const id = GUILD_OBJECT_EVENTS.has(event) ? d.id : d.guild_id;
  return typeof id === 'string' && /^\d+$/.test(id) ? id : undefined;
}

export interface DroppedDispatch {
  event: string;
  sessionId: string;
  reason: string;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  shard: [number, number];
  /** Every dispatch of the session, for replay on RESUME. */
  log: { s: number; t: string; d: unknown }[];
  ws: WebSocket | null;
  connectionId: number | null;
}

/** The session a connection has identified or resumed (null before), shared by its handlers. */
interface Link {
  session: Session | null;
}

interface GatewayDeps {
  botUser: () => APIUser;
  applicationId: string;
  applicationFlags: number;
  heartbeatIntervalMs: number;
  /** If set, IDENTIFY/RESUME with another token is closed with 4004. */
  token: string | undefined;
  guilds: () => GatewayGuildCreateDispatchData[];
  resumeUrl: () => string;
  enforceIntents: boolean;
  /** Called for every frame and state change, so waiters can re-check. */
  onChange: () => void;
  /** Called before a dispatch goes out (the fake registers interactions, channels and messages). */
  onDispatch: (event: string, data: unknown) => void;
}

const NORMAL_CLOSURES = new Set([1000, 1001]);

export class FakeGateway {
  readonly frames: GatewayFrame[] = [];
  readonly connections: GatewayConnection[] = [];
  readonly droppedDispatches: DroppedDispatch[] = [];
  identifyCount = 0;
  resumeCount = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Map<number, WebSocket>();
  private acking = true;
  private nextConnectionId = 1;

  constructor(private readonly deps: GatewayDeps) {}

  /** Hands an HTTP upgrade request to the gateway. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  // -------------------------------------------------------------------------------------------
  // Controls
  // -------------------------------------------------------------------------------------------

  /**
   * Sends a DISPATCH to every session of the event's shard (buffered for replay if a session is
   * between connections). Returns how many sessions it went to.
   */
  dispatch(event: string, data: unknown): number {
    this.deps.onDispatch(event, data);
    let count = 0;
    const guildId = guildOf(event, data);
    for (const session of this.sessions.values()) {
      if (shardForGuild(guildId, session.shard[1]) !== session.shard[0]) continue;
      const filtered = this.filterForIntents(event, data, session);
      if (filtered === null) continue;
      this.sendDispatch(session, event, filtered);
      count++;
    }
    return count;
  }

  /**
   * Closes every open gateway socket with `code` (4000 = unknown error: discord.js resumes). 1006
   * cannot be sent in a close frame: it is what the bot sees when the connection just drops, so
   * the socket is destroyed without one.
   */
  async closeGateway(code = 4000, reason = 'fake discord closed the gateway'): Promise<void> {
    const closing = [...this.sockets.entries()].map(([id, ws]) => {
      const conn = this.connections.find((c) => c.id === id);
      if (conn && !conn.closed) conn.closed = { code, reason, by: 'fake' };
      return new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        if (code === 1006) ws.terminate();
        else ws.close(code, reason);
      });
    });
    await Promise.all(closing);
  }

  /** Stops answering heartbeats: discord.js then declares the connection a zombie and resumes. */
  stopAcking(): void {
    this.acking = false;
  }

  resumeAcking(): void {
    this.acking = true;
  }

  /** Sends op 9 INVALID_SESSION; with `resumable: false` the sessions are forgotten (bot must re-identify). */
  invalidateSession(resumable = false): void {
    for (const session of this.sessions.values()) {
      if (!session.ws) continue;
      this.send(session.ws, session.connectionId ?? 0, { op: GatewayOpcodes.InvalidSession, d: resumable });
      if (!resumable) this.sessions.delete(session.id);
    }
  }

  /** Sends op 7 RECONNECT: discord.js closes and resumes on resume_gateway_url. */
  requestReconnect(): void {
    for (const session of this.sessions.values()) {
      if (session.ws)
        this.send(session.ws, session.connectionId ?? 0, { op: GatewayOpcodes.Reconnect, d: null });
    }
  }

  /** Number of sessions with a live socket. */
  get liveSessions(): number {
    return [...this.sessions.values()].filter((s) => s.ws !== null).length;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets.values()) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------
  // Protocol
  // -------------------------------------------------------------------------------------------

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    const id = this.nextConnectionId++;
    const conn: GatewayConnection = {
      id,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      openedAt: Date.now(),
      closed: null,
      sessionId: null,
      shard: null,
    };
    this.connections.push(conn);
    this.sockets.set(id, ws);
    const link: Link = { session: null };

    ws.on('close', (code, reasonBuf) => this.onClose(conn, link, code, reasonBuf.toString()));
    ws.on('error', () => {
      /* the close handler records what matters */
    });

    if (conn.query.v !== undefined && conn.query.v !== '10') {
      this.closeWith(ws, conn, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if (conn.query.encoding !== undefined && conn.query.encoding !== 'json') {
      this.closeWith(ws, conn, GatewayCloseCodes.DecodeError, 'fake discord speaks encoding=json only');
      return;
    }

    this.send(ws, id, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.deps.heartbeatIntervalMs } });

    ws.on('message', (raw, isBinary) => this.onFrame(ws, conn, link, raw, isBinary));
    this.deps.onChange();
  }

  private onClose(conn: GatewayConnection, link: Link, code: number, reason: string): void {
    const { session } = link;
    this.sockets.delete(conn.id);
    conn.closed ??= { code, reason, by: 'bot' };
    if (session && session.connectionId === conn.id) {
      session.ws = null;
      session.connectionId = null;
      // A normal closure from the bot ends the session, as on Discord.
      if (conn.closed.by === 'bot' && NORMAL_CLOSURES.has(code)) this.sessions.delete(session.id);
    }
    this.deps.onChange();
  }

  /** A frame from the bot: heartbeats, IDENTIFY and RESUME are answered; other ops need a session. */
  private onFrame(ws: WebSocket, conn: GatewayConnection, link: Link, raw: RawData, isBinary: boolean): void {
    let frame: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary frame');
      frame = JSON.parse(String(raw)) as { op?: unknown; d?: unknown };
    } catch {
      this.closeWith(ws, conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const op = typeof frame.op === 'number' ? frame.op : -1;
    this.frames.push({ dir: 'in', connection: conn.id, op, d: frame.d, at: Date.now() });

    switch (op) {
      case GatewayOpcodes.Heartbeat:
        if (this.acking) this.send(ws, conn.id, { op: GatewayOpcodes.HeartbeatAck });
        break;
      case GatewayOpcodes.Identify:
        if (link.session)
          return this.closeWith(ws, conn, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
        link.session = this.identify(ws, conn, frame.d);
        break;
      case GatewayOpcodes.Resume:
        if (link.session)
          return this.closeWith(ws, conn, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
        link.session = this.resume(ws, conn, frame.d);
        break;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!link.session) this.closeWith(ws, conn, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        break;
      default:
        this.closeWith(ws, conn, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
    this.deps.onChange();
  }

  private identify(ws: WebSocket, conn: GatewayConnection, d: unknown): Session | null {
    const data = (d ?? {}) as { token?: unknown; intents?: unknown; shard?: unknown };
    if (!this.tokenOk(data.token)) {
      this.closeWith(ws, conn, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return null;
    }
    if (typeof data.intents !== 'number') {
      this.closeWith(ws, conn, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return null;
    }
    const shard: [number, number] = Array.isArray(data.shard)
      ? [Number(data.shard[0]), Number(data.shard[1])]
      : [0, 1];
    if (!(shard[0] >= 0 && shard[0] < shard[1])) {
      this.closeWith(ws, conn, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return null;
    }
    // Sessions nobody is connected to are abandoned once the bot identifies again as the same shard
    // (or with another shard count); another shard's session between connections may still resume.
    for (const [sid, s] of this.sessions) {
      if (!s.ws && (s.shard[0] === shard[0] || s.shard[1] !== shard[1])) this.sessions.delete(sid);
    }

    this.identifyCount++;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      intents: data.intents,
      shard,
      log: [],
      ws,
      connectionId: conn.id,
    };
    this.sessions.set(session.id, session);
    conn.sessionId = session.id;
    conn.shard = shard;

    const guilds = this.deps.guilds().filter((g) => shardForGuild(g.id, shard[1]) === shard[0]);
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: this.deps.botUser(),
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.deps.resumeUrl(),
      shard,
      application: {
        id: this.deps.applicationId,
        flags: this.deps.applicationFlags,
        flags_new: String(this.deps.applicationFlags),
      },
    };
    this.sendDispatch(session, 'READY', ready);
    for (const guild of guilds) {
      const filtered = this.filterForIntents('GUILD_CREATE', guild, session);
      if (filtered !== null) this.sendDispatch(session, 'GUILD_CREATE', filtered);
    }
    return session;
  }

  private resume(ws: WebSocket, conn: GatewayConnection, d: unknown): Session | null {
    const data = (d ?? {}) as { token?: unknown; session_id?: unknown; seq?: unknown };
    if (!this.tokenOk(data.token)) {
      this.closeWith(ws, conn, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return null;
    }
    const session = typeof data.session_id === 'string' ? this.sessions.get(data.session_id) : undefined;
    if (!session) {
      // Not resumable: discord.js must identify again on a new connection.
      this.send(ws, conn.id, { op: GatewayOpcodes.InvalidSession, d: false });
      return null;
    }
    if (session.ws && session.ws !== ws) session.ws.terminate();
    this.resumeCount++;
    session.ws = ws;
    session.connectionId = conn.id;
    conn.sessionId = session.id;
    conn.shard = session.shard;
    const from = typeof data.seq === 'number' ? data.seq : 0;
    for (const entry of session.log) {
      if (entry.s > from)
        this.send(ws, conn.id, { op: GatewayOpcodes.Dispatch, t: entry.t, s: entry.s, d: entry.d });
    }
    this.sendDispatch(session, 'RESUMED', {});
    return session;
  }

  private tokenOk(token: unknown): boolean {
    if (typeof token !== 'string' || token.length === 0) return false;
    return this.deps.token === undefined || token === this.deps.token;
  }

  /**
   * What Discord would deliver given the session's intents: `null` when the event is not delivered
   * at all, or the data with message content emptied when the MessageContent intent is missing.
   */
  private filterForIntents(event: string, data: unknown, session: Session): unknown {
    if (!this.deps.enforceIntents) return data;
    const has = (bit: number) => (session.intents & bit) === bit;
    const drop = (reason: string) => {
      this.droppedDispatches.push({ event, sessionId: session.id, reason });
      return null;
    };
    if (event === 'GUILD_CREATE' || event === 'GUILD_UPDATE' || event === 'GUILD_DELETE') {
      return has(GatewayIntentBits.Guilds) ? data : drop('missing intent Guilds');
    }
    if (event === 'MESSAGE_CREATE' || event === 'MESSAGE_UPDATE' || event === 'MESSAGE_DELETE') {
      const msg = (data ?? {}) as Record<string, unknown>;
      const inGuild = typeof msg.guild_id === 'string';
      if (inGuild && !has(GatewayIntentBits.GuildMessages)) return drop('missing intent GuildMessages');
      if (!inGuild && !has(GatewayIntentBits.DirectMessages)) return drop('missing intent DirectMessages');
      if (!inGuild || has(GatewayIntentBits.MessageContent)) return data;
      const botId = this.deps.botUser().id;
      const author = msg.author as { id?: string } | undefined;
      const mentions = Array.isArray(msg.mentions) ? (msg.mentions as { id?: string }[]) : [];
      if (author?.id === botId || mentions.some((m) => m.id === botId)) return data;
      // Privileged content is blanked, not removed (as Discord does without MessageContent).
      return { ...msg, content: '', embeds: [], attachments: [], components: [], poll: undefined };
    }
    return data;
  }

  private sendDispatch(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.log.push({ s, t, d });
    if (session.ws && session.ws.readyState === WebSocket.OPEN) {
      this.send(session.ws, session.connectionId ?? 0, { op: GatewayOpcodes.Dispatch, t, s, d });
    }
  }

  private send(
    ws: WebSocket,
    connection: number,
    frame: { op: number; t?: string; s?: number; d?: unknown },
  ): void {
    const full = { op: frame.op, d: frame.d ?? null, s: frame.s ?? null, t: frame.t ?? null };
    this.frames.push({
      dir: 'out',
      connection,
      op: full.op,
      t: full.t,
      s: full.s,
      d: full.d,
      at: Date.now(),
    });
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(full));
  }

  private closeWith(ws: WebSocket, conn: GatewayConnection, code: number, reason: string): void {
    conn.closed ??= { code, reason, by: 'fake' };
    ws.close(code, reason);
  }
}
