/**
 * The playground's view of the conversation: it listens to what the local Discord records — the
 * user's messages and interactions going to the bot, the bot's interaction callbacks, follow-ups,
 * edits, deletions and channel messages coming back — and keeps the messages as the page shows
 * them, telling subscribers about every change.
 */
import type { APIInteraction, APIMessage, APIUser } from 'discord-api-types/v10';
import type { FakeDiscord, InteractionRecord, RecordedRequest } from '../fake-discord/index.js';
import type { ChatMessage, PlaygroundEvent, PlaygroundUser, RawPayload } from './protocol.js';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

export interface FeedOptions {
  /** How the page shows a user (name and avatar), by Discord user. */
  person: (user: APIUser) => PlaygroundUser;
}

export class Feed {
  private readonly messages = new Map<string, ChatMessage>();
  private readonly listeners = new Set<(event: PlaygroundEvent) => void>();
  /** The @original message id of each interaction, to resolve `DELETE …/messages/@original`. */
  private readonly originals = new Map<string, string>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly fake: FakeDiscord,
    private readonly opts: FeedOptions,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.unsubscribe = [
      fake.onDispatch((event, data) => this.guard(() => this.observeDispatch(event, data))),
      fake.onRequest((req) => this.guard(() => this.observeRequest(req))),
    ];
  }

  /** Every message, oldest first. */
  all(): ChatMessage[] {
    return [...this.messages.values()];
  }

  get(id: string): ChatMessage | undefined {
    return this.messages.get(id);
  }

  subscribe(listener: (event: PlaygroundEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const off of this.unsubscribe) off();
    this.listeners.clear();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(err);
    }
  }

  private emit(event: PlaygroundEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private observeDispatch(event: string, data: unknown): void {
    if (event !== 'MESSAGE_CREATE') return;
    const m = data as APIMessage;
    this.upsert(m, null);
  }

  private observeRequest(req: RecordedRequest): void {
    if (req.status < 200 || req.status >= 300 || !req.route) return;
    const raw: RawPayload = { route: req.route, body: req.body };
    const parts = req.path.split('/');
    switch (req.route) {
      case 'POST /interactions/:interactionId/:token/callback': {
        const rec = this.fake.interaction(parts[2] ?? '');
        const type = rec?.callback?.type;
        if (!rec?.original || (type !== 4 && type !== 5 && type !== 7)) return;
        if (type !== 7) this.originals.set(rec.id, rec.original.id);
        this.upsert(rec.original, raw, type === 7 ? undefined : rec);
        return;
      }
      case 'POST /webhooks/:appId/:token': {
        const sent = this.fake.sentMessages.findLast((s) => s.request === req);
        const rec = this.byToken(parts[3] ?? '');
        if (sent) this.upsert(sent.message, raw, rec);
        return;
      }
      case 'PATCH /webhooks/:appId/:token/messages/:messageId':
      case 'POST /channels/:channelId/messages':
      case 'PATCH /channels/:channelId/messages/:messageId':
        this.upsert(req.responseBody as APIMessage, raw);
        return;
      case 'DELETE /webhooks/:appId/:token/messages/:messageId': {
        const rec = this.byToken(parts[3] ?? '');
        const id = parts[5] === '@original' && rec ? this.originals.get(rec.id) : parts[5];
        if (id) this.remove(id);
        return;
      }
      case 'DELETE /channels/:channelId/messages/:messageId':
        this.remove(parts[4] ?? '');
        return;
      default:
        return;
    }
  }

  private byToken(token: string): InteractionRecord | undefined {
    for (const rec of this.fakeInteractions()) if (rec.token === token) return rec;
    return undefined;
  }

  private fakeInteractions(): Iterable<InteractionRecord> {
    return this.fake.state.interactions.values();
  }

  private upsert(m: APIMessage, raw: RawPayload | null, rec?: InteractionRecord): void {
    const before = this.messages.get(m.id);
    const flags = Number(m.flags ?? 0);
    const loading = (flags & LOADING) !== 0;
    const message: ChatMessage = {
      id: m.id,
      channelId: m.channel_id,
      author: this.opts.person(m.author),
      content: m.content,
      embeds: m.embeds ?? [],
      components: m.components ?? [],
      attachments: m.attachments ?? [],
      flags,
      ephemeral: (flags & EPHEMERAL) !== 0,
      loading,
      // A deferral's first edit replaces "thinking…": Discord does not mark that as edited.
      edited: !!before && !before.loading && !loading,
      timestamp: m.timestamp,
      raw: raw ? [...(before?.raw ?? []), raw] : (before?.raw ?? []),
    };
    const interaction = before?.interaction ?? (rec ? this.describe(rec.payload) : undefined);
    if (interaction) message.interaction = interaction;
    const replyTo = before?.replyTo ?? this.replyTarget(m, rec);
    if (replyTo) message.replyTo = replyTo;
    this.messages.set(m.id, message);
    this.emit({ type: 'upsert', message });
  }

  private remove(id: string): void {
    if (!this.messages.delete(id)) return;
    this.emit({ type: 'delete', id });
  }

  /** "/who", "/admin status" for commands; the button's label for components. */
  private describe(i: APIInteraction): ChatMessage['interaction'] {
    const u = i.user ?? i.member?.user;
    const user = u ? this.opts.person(u).name : 'someone';
    if (i.type === 2) {
      const options = 'options' in i.data ? (i.data.options ?? []) : [];
      const sub = options.find((o) => o.type === 1 || o.type === 2);
      return { id: i.id, kind: 'command', command: `/${i.data.name}${sub ? ` ${sub.name}` : ''}`, user };
    }
    if (i.type === 3) return { id: i.id, kind: 'button', command: 'button', user };
    return undefined;
  }

  private replyTarget(m: APIMessage, rec?: InteractionRecord): ChatMessage['replyTo'] {
    // A button's reply answers the message that carried the button.
    const refId =
      m.message_reference?.message_id ??
      (rec?.payload.type === 3 && 'message' in rec.payload ? rec.payload.message.id : undefined);
    if (!refId) return undefined;
    const target = this.messages.get(refId);
    if (!target) return undefined;
    const summary = target.content || target.embeds[0]?.title || target.embeds[0]?.description || '';
    return { id: target.id, author: target.author, content: summary };
  }
}
