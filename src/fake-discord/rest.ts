/**
 * The REST routes of the fake Discord that a bot like Dossier uses. Each route answers as Discord
 * does, including its errors (unknown interaction, already acknowledged, invalid form body), so the
 * bot's error paths can be tested too.
 */
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIApplicationCommand,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type Snowflake,
} from 'discord-api-types/v10';
import { compilePattern, type RecordedFile } from './http.js';
import { commandIdFor, dmChannel, snowflake, user as makeUser } from './payloads.js';
import type { FakeState, InteractionRecord, RecordedRequest } from './state.js';
import {
  formBodyError,
  isEmptyMessage,
  validateChoices,
  validateCommand,
  validateCommands,
  validateMessage,
  type FieldError,
} from './validate.js';

export interface RouteContext {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
  request: RecordedRequest;
}

export interface RouteReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  validationErrors?: FieldError[];
}

export interface Route {
  method: string;
  /** e.g. `/channels/:id/messages` */
  pattern: string;
  regex: RegExp;
  /** Whether the route needs `Authorization: Bot <token>` (interaction and webhook routes do not). */
  auth: boolean;
  handle: (ctx: RouteContext) => RouteReply;
}

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};

export const discordError = (status: number, code: number, message: string): RouteReply => ({
  status,
  body: { message, code },
});
const UNKNOWN_INTERACTION = () => discordError(404, 10062, 'Unknown interaction');
const UNKNOWN_WEBHOOK = () => discordError(404, 10015, 'Unknown Webhook');
const UNKNOWN_MESSAGE = () => discordError(404, 10008, 'Unknown Message');
const UNKNOWN_CHANNEL = () => discordError(404, 10003, 'Unknown Channel');
const MISSING_ACCESS = () => discordError(403, 50001, 'Missing Access');

function invalid(errors: FieldError[]): RouteReply {
  return { status: 400, body: formBodyError(errors), validationErrors: errors };
}

function emptyMessage(): RouteReply {
  return discordError(400, 50006, 'Cannot send an empty message');
}

const ok = (body: unknown): RouteReply => ({ status: 200, body });
const noContent = (): RouteReply => ({ status: 204 });

function attachmentsFrom(files: RecordedFile[], channelId: Snowflake): APIAttachment[] {
  return files.map((f) => {
    const id = snowflake();
    const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(f.filename)}`;
    return {
      id,
      filename: f.filename,
      size: f.size,
      url,
      proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
      ...(f.contentType ? { content_type: f.contentType } : {}),
    };
  });
}

/** Flags a sender may set on a message; the rest are Discord's to set. */
const SETTABLE_FLAGS =
  MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications;

/** What `GET /gateway/bot` recommends: the shard count and the identify concurrency. */
export interface GatewayBotInfo {
  shards: number;
  maxConcurrency: number;
}

export function createRoutes(
  state: FakeState,
  gatewayBotInfo: () => GatewayBotInfo = () => ({ shards: 1, maxConcurrency: 1 }),
): Route[] {
  const routes: Route[] = [];
  const add = (method: string, pattern: string, auth: boolean, handle: Route['handle']) =>
    routes.push({ method, pattern, regex: compilePattern(pattern), auth, handle });

  const newMessage = (
    channelId: Snowflake,
    body: unknown,
    files: RecordedFile[],
    extra: Partial<APIMessage> = {},
  ): APIMessage => {
    const b = asObject(body);
    const msg: APIMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: state.botUser,
      content: typeof b.content === 'string' ? b.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: b.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: attachmentsFrom(files, channelId),
      embeds: Array.isArray(b.embeds)
        ? (b.embeds as APIEmbed[]).map((e) => ({ type: 'rich' as never, ...e }))
        : [],
      pinned: false,
      type: MessageType.Default,
      flags: (Number(b.flags ?? 0) & SETTABLE_FLAGS) as MessageFlags,
      components: Array.isArray(b.components) ? (b.components as APIMessageTopLevelComponent[]) : [],
      ...extra,
    };
    state.messages.set(msg.id, msg);
    return msg;
  };

  const editMessage = (existing: APIMessage, body: unknown, files: RecordedFile[]): APIMessage => {
    const b = asObject(body);
    const next: APIMessage = { ...existing, edited_timestamp: new Date().toISOString() };
    if ('content' in b) next.content = typeof b.content === 'string' ? b.content : '';
    if ('embeds' in b) next.embeds = Array.isArray(b.embeds) ? (b.embeds as APIEmbed[]) : [];
    if ('components' in b) {
      next.components = Array.isArray(b.components) ? (b.components as APIMessageTopLevelComponent[]) : [];
    }
    if ('attachments' in b || files.length > 0) {
      const kept = Array.isArray(b.attachments)
        ? existing.attachments.filter((a) =>
            (b.attachments as { id?: unknown }[]).some((k) => String(k.id) === a.id),
          )
        : existing.attachments;
      next.attachments = [...kept, ...attachmentsFrom(files, existing.channel_id)];
    }
    if ('flags' in b) {
      next.flags = (((existing.flags ?? 0) & ~SETTABLE_FLAGS) |
        (Number(b.flags ?? 0) & SETTABLE_FLAGS)) as MessageFlags;
    }
    // An edit of a deferred reply ends its "thinking…" state.
    next.flags = ((next.flags ?? 0) & ~MessageFlags.Loading) as MessageFlags;
    state.messages.set(next.id, next);
    return next;
  };

  const interactionChannelId = (rec: InteractionRecord): Snowflake =>
    rec.payload.channel?.id ?? rec.payload.channel_id ?? '0';

  const byToken = (appId: string, token: string): InteractionRecord | undefined => {
    if (appId !== state.applicationId) return undefined;
    for (const rec of state.interactions.values()) if (rec.token === token) return rec;
    return undefined;
  };

  const messageChecks = (body: unknown, files: RecordedFile[], prefix = '', requireContent = true) => {
    const errors = validateMessage(body, prefix);
    if (errors.length > 0) return invalid(errors);
    if (requireContent && isEmptyMessage(body, files.length)) return emptyMessage();
    return null;
  };

  // ------------------------------------------------------------------ gateway
  const gatewayBot = () => {
    const info = gatewayBotInfo();
    return ok({
      url: state.gatewayUrl(),
      shards: info.shards,
      session_start_limit: {
        total: 1000,
        remaining: 999,
        reset_after: 14_400_000,
        max_concurrency: info.maxConcurrency,
      },
    });
  };
  add('GET', '/gateway/bot', true, gatewayBot);
  add('GET', '/gateway', false, () => ok({ url: state.gatewayUrl() }));

  // ------------------------------------------------------------------ users
  add('GET', '/users/@me', true, () => ok(state.botUser));
  add('GET', '/users/:userId', true, ({ params }) => {
    const u = state.knownUsers.get(params.userId ?? '');
    return u ? ok(u) : discordError(404, 10013, 'Unknown User');
  });
  add('POST', '/users/@me/channels', true, ({ body }) => {
    const recipientId = String(asObject(body).recipient_id ?? '');
    if (!/^\d{17,20}$/.test(recipientId)) {
      return invalid([
        { path: 'recipient_id', code: 'NUMBER_TYPE_COERCE', message: 'Value is not snowflake.' },
      ]);
    }
    const recipient = state.knownUsers.get(recipientId) ?? makeUser({ id: recipientId });
    const channel = dmChannel(recipient);
    state.channels.set(channel.id, channel);
    return ok(channel);
  });

  // ------------------------------------------------------------------ application
  add('GET', '/applications/@me', true, () =>
    ok({
      id: state.applicationId,
      name: state.botUser.username,
      icon: null,
      description: '',
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: state.applicationFlags,
      owner: state.knownUsers.get(state.ownerId) ?? makeUser({ id: state.ownerId }),
      team: null,
      bot: state.botUser,
    }),
  );

  const commandScope = (params: Record<string, string>): string | RouteReply => {
    if (params.appId !== state.applicationId) return MISSING_ACCESS();
    if (params.guildId === undefined) return 'global';
    return state.guilds.has(params.guildId) ? params.guildId : MISSING_ACCESS();
  };
  const toCommand = (raw: unknown, scope: string): APIApplicationCommand => {
    const b = asObject(raw);
    const name = String(b.name ?? '');
    return {
      ...(b as object),
      id: commandIdFor(name),
      application_id: state.applicationId,
      version: snowflake(),
      type: (b.type as APIApplicationCommand['type']) ?? 1,
      name,
      description: String(b.description ?? ''),
      default_member_permissions: (b.default_member_permissions as string | null | undefined) ?? null,
      nsfw: b.nsfw === true,
      ...(scope === 'global' ? {} : { guild_id: scope }),
    } as APIApplicationCommand;
  };
  for (const base of ['/applications/:appId/commands', '/applications/:appId/guilds/:guildId/commands']) {
    add('GET', base, true, ({ params }) => {
      const scope = commandScope(params);
      return typeof scope === 'string' ? ok(state.commands.get(scope) ?? []) : scope;
    });
    add('PUT', base, true, ({ params, body }) => {
      const scope = commandScope(params);
      if (typeof scope !== 'string') return scope;
      const errors = validateCommands(body);
      if (errors.length > 0) return invalid(errors);
      const commands = (body as unknown[]).map((c) => toCommand(c, scope));
      state.commands.set(scope, commands);
      return ok(commands);
    });
    add('POST', base, true, ({ params, body }) => {
      const scope = commandScope(params);
      if (typeof scope !== 'string') return scope;
      const errors = validateCommand(body, '');
      if (errors.length > 0) return invalid(errors);
      const cmd = toCommand(body, scope);
      const others = (state.commands.get(scope) ?? []).filter((c) => c.name !== cmd.name);
      state.commands.set(scope, [...others, cmd]);
      return { status: 201, body: cmd };
    });
    add('GET', `${base}/:commandId`, true, ({ params }) => {
      const scope = commandScope(params);
      if (typeof scope !== 'string') return scope;
      const cmd = state.commands.get(scope)?.find((c) => c.id === params.commandId);
      return cmd ? ok(cmd) : discordError(404, 10063, 'Unknown application command');
    });
    add('DELETE', `${base}/:commandId`, true, ({ params }) => {
      const scope = commandScope(params);
      if (typeof scope !== 'string') return scope;
      const list = state.commands.get(scope) ?? [];
      if (!list.some((c) => c.id === params.commandId))
        return discordError(404, 10063, 'Unknown application command');
      state.commands.set(
        scope,
        list.filter((c) => c.id !== params.commandId),
      );
      return noContent();
    });
  }

  // ------------------------------------------------------------------ interactions
  add(
    'POST',
    '/interactions/:interactionId/:token/callback',
    false,
    ({ params, body, files, query, request }) => {
      const rec = state.interactions.get(params.interactionId ?? '');
      if (!rec || rec.token !== params.token) return UNKNOWN_INTERACTION();
      const b = asObject(body);
      const type = Number(b.type);
      const data = b.data;
      const ms = Date.now() - rec.dispatchedAt;
      const attempt = { type, data, files, ms, status: 0, request };
      rec.attempts.push(attempt);
      const reply = ((): RouteReply => {
        if (ms > state.interactionDeadlineMs) return UNKNOWN_INTERACTION();
        if (rec.callback) return discordError(400, 40060, 'Interaction has already been acknowledged.');
        const allowed: Record<number, number[]> = {
          [InteractionType.ApplicationCommand]: [4, 5, 9, 10, 12],
          [InteractionType.MessageComponent]: [4, 5, 6, 7, 9, 10],
          [InteractionType.ApplicationCommandAutocomplete]: [8],
          [InteractionType.ModalSubmit]: [4, 5, 6, 7, 10],
        };
        if (!(allowed[rec.type] ?? []).includes(type)) {
          return invalid([
            {
              path: 'type',
              code: 'INTERACTION_RESPONSE_TYPE_INVALID',
              message: `Type ${type} is not valid here.`,
            },
          ]);
        }
        if (type === InteractionResponseType.ChannelMessageWithSource) {
          const bad = messageChecks(data, files, 'data');
          if (bad) return bad;
        }
        if (type === InteractionResponseType.UpdateMessage) {
          const bad = messageChecks(data, files, 'data', false);
          if (bad) return bad;
        }
        if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
          const errors = validateChoices(data);
          if (errors.length > 0) return invalid(errors);
        }
        rec.callback = { type, data, files, ms };
        const channelId = interactionChannelId(rec);
        const interactionMetadata = {
          webhook_id: state.applicationId,
          application_id: state.applicationId,
        } as Partial<APIMessage>;
        switch (type) {
          case InteractionResponseType.ChannelMessageWithSource: {
            rec.original = newMessage(channelId, data, files, interactionMetadata);
            state.sentMessages.push({ channelId, message: rec.original, via: 'interaction', request });
            break;
          }
          case InteractionResponseType.DeferredChannelMessageWithSource: {
            const ephemeral = Number(asObject(data).flags ?? 0) & MessageFlags.Ephemeral;
            rec.original = newMessage(channelId, { content: '' }, [], {
              ...interactionMetadata,
              flags: (MessageFlags.Loading | ephemeral) as MessageFlags,
            });
            break;
          }
          case InteractionResponseType.UpdateMessage:
            if (rec.original) rec.original = editMessage(rec.original, data, files);
            break;
          default:
            break;
        }
        if (query.with_response !== 'true') return noContent();
        const response: Json = {
          interaction: {
            id: rec.id,
            type: rec.type,
            response_message_id: rec.original?.id,
            response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
            response_message_ephemeral: ((rec.original?.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
          },
        };
        if (rec.original && [4, 5, 7].includes(type)) response.resource = { type, message: rec.original };
        else if (type !== 6) response.resource = { type };
        return ok(response);
      })();
      attempt.status = reply.status;
      return reply;
    },
  );

  // ------------------------------------------------------------------ interaction webhooks
  const webhookMessage = (rec: InteractionRecord, messageId: string): APIMessage | undefined => {
    if (messageId === '@original') {
      return rec.callback && rec.callback.type !== 8 && rec.callback.type !== 9
        ? (rec.original ?? undefined)
        : undefined;
    }
    return (
      rec.followUps.find((m) => m.id === messageId) ??
      (rec.original?.id === messageId ? rec.original : undefined)
    );
  };
  const setWebhookMessage = (rec: InteractionRecord, msg: APIMessage) => {
    if (rec.original?.id === msg.id) rec.original = msg;
    const i = rec.followUps.findIndex((m) => m.id === msg.id);
    if (i !== -1) rec.followUps[i] = msg;
  };

  add('POST', '/webhooks/:appId/:token', false, ({ params, body, files, query, request }) => {
    const rec = byToken(params.appId ?? '', params.token ?? '');
    if (!rec || !rec.callback) return UNKNOWN_WEBHOOK();
    const bad = messageChecks(body, files);
    if (bad) return bad;
    const channelId = interactionChannelId(rec);
    const msg = newMessage(channelId, body, files, {
      webhook_id: state.applicationId,
      application_id: state.applicationId,
    });
    rec.followUps.push(msg);
    state.sentMessages.push({ channelId, message: msg, via: 'followup', request });
    return query.wait === 'true' ? ok(msg) : noContent();
  });
  add('GET', '/webhooks/:appId/:token/messages/:messageId', false, ({ params }) => {
    const rec = byToken(params.appId ?? '', params.token ?? '');
    if (!rec) return UNKNOWN_WEBHOOK();
    const msg = webhookMessage(rec, params.messageId ?? '');
    return msg ? ok(msg) : UNKNOWN_MESSAGE();
  });
  add('PATCH', '/webhooks/:appId/:token/messages/:messageId', false, ({ params, body, files }) => {
    const rec = byToken(params.appId ?? '', params.token ?? '');
    if (!rec) return UNKNOWN_WEBHOOK();
    const msg = webhookMessage(rec, params.messageId ?? '');
    if (!msg) return UNKNOWN_MESSAGE();
    const bad = messageChecks(body, files, '', false);
    if (bad) return bad;
    const edited = editMessage(msg, body, files);
    if (params.messageId === '@original' || msg.id === rec.original?.id) rec.edits.push(body);
    setWebhookMessage(rec, edited);
    return ok(edited);
  });
  add('DELETE', '/webhooks/:appId/:token/messages/:messageId', false, ({ params }) => {
    const rec = byToken(params.appId ?? '', params.token ?? '');
    if (!rec) return UNKNOWN_WEBHOOK();
    const msg = webhookMessage(rec, params.messageId ?? '');
    if (!msg) return UNKNOWN_MESSAGE();
    state.messages.delete(msg.id);
    if (msg.id === rec.original?.id) {
      rec.original = null;
      rec.deleted = true;
    } else {
      rec.followUps = rec.followUps.filter((m) => m.id !== msg.id);
    }
    return noContent();
  });

  // ------------------------------------------------------------------ channels
  add('GET', '/channels/:channelId', true, ({ params }) => {
    const channel = state.channels.get(params.channelId ?? '');
    return channel ? ok(channel) : UNKNOWN_CHANNEL();
  });
  add('POST', '/channels/:channelId/messages', true, ({ params, body, files, request }) => {
    const channelId = params.channelId ?? '';
    if (!state.channels.has(channelId)) return UNKNOWN_CHANNEL();
    const bad = messageChecks(body, files);
    if (bad) return bad;
    const ref = asObject(asObject(body).message_reference);
    const extra: Partial<APIMessage> = {};
    if (typeof ref.message_id === 'string') {
      const referenced = state.messages.get(ref.message_id);
      if (!referenced && ref.fail_if_not_exists !== false) {
        return invalid([
          {
            path: 'message_reference',
            code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE',
            message: 'Unknown message',
          },
        ]);
      }
      extra.type = MessageType.Reply;
      extra.message_reference = { message_id: ref.message_id, channel_id: channelId };
      extra.referenced_message = referenced ?? null;
    }
    const msg = newMessage(channelId, body, files, extra);
    state.sentMessages.push({ channelId, message: msg, via: 'channel', request });
    return ok(msg);
  });
  add('GET', '/channels/:channelId/messages', true, ({ params, query }) => {
    if (!state.channels.has(params.channelId ?? '')) return UNKNOWN_CHANNEL();
    const limit = Math.min(Number(query.limit ?? 50), 100);
    const list = [...state.messages.values()]
      .filter((m) => m.channel_id === params.channelId)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, limit);
    return ok(list);
  });
  add('GET', '/channels/:channelId/messages/:messageId', true, ({ params }) => {
    const msg = state.messages.get(params.messageId ?? '');
    return msg && msg.channel_id === params.channelId ? ok(msg) : UNKNOWN_MESSAGE();
  });
  add('PATCH', '/channels/:channelId/messages/:messageId', true, ({ params, body, files }) => {
    const msg = state.messages.get(params.messageId ?? '');
    if (!msg || msg.channel_id !== params.channelId) return UNKNOWN_MESSAGE();
    if (msg.author.id !== state.botUser.id) {
      return discordError(403, 50005, 'Cannot edit a message authored by another user');
    }
    const bad = messageChecks(body, files, '', false);
    if (bad) return bad;
    return ok(editMessage(msg, body, files));
  });
  add('DELETE', '/channels/:channelId/messages/:messageId', true, ({ params }) => {
    const msg = state.messages.get(params.messageId ?? '');
    if (!msg || msg.channel_id !== params.channelId) return UNKNOWN_MESSAGE();
    state.messages.delete(msg.id);
    return noContent();
  });
  add('POST', '/channels/:channelId/typing', true, ({ params }) =>
    state.channels.has(params.channelId ?? '') ? noContent() : UNKNOWN_CHANNEL(),
  );
  for (const method of ['PUT', 'DELETE']) {
    add(method, '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', true, ({ params }) =>
      state.messages.has(params.messageId ?? '') ? noContent() : UNKNOWN_MESSAGE(),
    );
  }

  return routes;
}
