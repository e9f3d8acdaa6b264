/**
 * The REST routes of the fake Discord that a bot like Dossier uses. Each route answers as Discord
 * does, including its errors (unknown interaction, already acknowledged, invalid form body), so the
 * bot's error paths can be tested too. The interaction and webhook routes are in rest-interactions.ts.
 */
import { MessageType, type APIApplicationCommand, type APIMessage } from 'discord-api-types/v10';
import { compilePattern } from './http.js';
import { commandIdFor } from './interaction-payloads.js';
import { dmChannel, snowflake, user as makeUser } from './payloads.js';
import {
  asObject,
  discordError,
  editMessage,
  invalid,
  messageChecks,
  MISSING_ACCESS,
  newMessage,
  noContent,
  ok,
  UNKNOWN_CHANNEL,
  UNKNOWN_MESSAGE,
  type AddRoute,
  type Route,
  type RouteReply,
} from './rest-common.js';
import { interactionRoutes, webhookRoutes } from './rest-interactions.js';
import type { FakeState } from './state.js';
import { validateCommand, validateCommands } from './validate.js';

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
  const add: AddRoute = (method, pattern, auth, handle) => {
    routes.push({ method, pattern, regex: compilePattern(pattern), auth, handle });
  };
  gatewayRoutes(add, state, gatewayBotInfo);
  userRoutes(add, state);
  applicationRoutes(add, state);
  commandRoutes(add, state);
  interactionRoutes(add, state);
  webhookRoutes(add, state);
  channelRoutes(add, state);
  return routes;
}

function gatewayRoutes(add: AddRoute, state: FakeState, gatewayBotInfo: () => GatewayBotInfo): void {
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
}

function userRoutes(add: AddRoute, state: FakeState): void {
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
}

function applicationRoutes(add: AddRoute, state: FakeState): void {
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
}

/** The application's global and guild commands. */
function commandRoutes(add: AddRoute, state: FakeState): void {
  for (const base of ['/applications/:appId/commands', '/applications/:appId/guilds/:guildId/commands']) {
    add('GET', base, true, ({ params }) => {
      const scope = commandScope(state, params);
      return typeof scope === 'string' ? ok(state.commands.get(scope) ?? []) : scope;
    });
    add('PUT', base, true, ({ params, body }) => {
      const scope = commandScope(state, params);
      if (typeof scope !== 'string') return scope;
      const errors = validateCommands(body);
      if (errors.length > 0) return invalid(errors);
      const commands = (body as unknown[]).map((c) => toCommand(state, c, scope));
      state.commands.set(scope, commands);
      return ok(commands);
    });
    add('POST', base, true, ({ params, body }) => {
      const scope = commandScope(state, params);
      if (typeof scope !== 'string') return scope;
      const errors = validateCommand(body, '');
      if (errors.length > 0) return invalid(errors);
      const cmd = toCommand(state, body, scope);
      const others = (state.commands.get(scope) ?? []).filter((c) => c.name !== cmd.name);
      state.commands.set(scope, [...others, cmd]);
      return { status: 201, body: cmd };
    });
    add('GET', `${base}/:commandId`, true, ({ params }) => {
      const scope = commandScope(state, params);
      if (typeof scope !== 'string') return scope;
      const cmd = state.commands.get(scope)?.find((c) => c.id === params.commandId);
      return cmd ? ok(cmd) : discordError(404, 10063, 'Unknown application command');
    });
    add('DELETE', `${base}/:commandId`, true, ({ params }) => {
      const scope = commandScope(state, params);
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
}

/** The scope of a command route: 'global', a guild's id, or the reply refusing access. */
function commandScope(state: FakeState, params: Record<string, string>): string | RouteReply {
  if (params.appId !== state.applicationId) return MISSING_ACCESS();
  if (params.guildId === undefined) return 'global';
  return state.guilds.has(params.guildId) ? params.guildId : MISSING_ACCESS();
}

/** A command as Discord stores it: with its id, version and defaults. */
function toCommand(state: FakeState, raw: unknown, scope: string): APIApplicationCommand {
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
}

function channelRoutes(add: AddRoute, state: FakeState): void {
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
    const msg = newMessage(state, channelId, body, files, extra);
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
    return ok(editMessage(state, msg, body, files));
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
}
