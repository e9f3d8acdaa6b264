/**
 * The fake Discord's interaction routes: the callback that acknowledges an interaction (reply, defer,
 * update, autocomplete, modal) within Discord's deadline, and the webhook behind its follow-ups and
 * edits of the original reply.
 */
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIMessage,
} from 'discord-api-types/v10';
import type { RecordedFile } from './http.js';
import {
  asObject,
  byToken,
  discordError,
  editMessage,
  interactionChannelId,
  invalid,
  messageChecks,
  newMessage,
  noContent,
  ok,
  UNKNOWN_INTERACTION,
  UNKNOWN_MESSAGE,
  UNKNOWN_WEBHOOK,
  type AddRoute,
  type Json,
  type RouteContext,
  type RouteReply,
} from './rest-common.js';
import type { FakeState, InteractionRecord, RecordedRequest } from './state.js';
import { validateChoices } from './validate.js';

type Callback = NonNullable<InteractionRecord['callback']>;

/** The response types Discord accepts for each type of interaction. */
const ALLOWED_RESPONSES: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9, 10, 12],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9, 10],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7, 10],
};

export function interactionRoutes(add: AddRoute, state: FakeState): void {
  add('POST', '/interactions/:interactionId/:token/callback', false, (ctx) =>
    interactionCallback(state, ctx),
  );
}

/** An interaction's callback: every attempt is recorded with the status it got. */
function interactionCallback(
  state: FakeState,
  { params, body, files, query, request }: RouteContext,
): RouteReply {
  const rec = state.interactions.get(params.interactionId ?? '');
  if (!rec || rec.token !== params.token) return UNKNOWN_INTERACTION();
  const b = asObject(body);
  const type = Number(b.type);
  const data = b.data;
  const ms = Date.now() - rec.dispatchedAt;
  const attempt = { type, data, files, ms, status: 0, request };
  rec.attempts.push(attempt);
  const reply = callbackReply(state, rec, { type, data, files, ms }, query, request);
  attempt.status = reply.status;
  return reply;
}

function callbackReply(
  state: FakeState,
  rec: InteractionRecord,
  callback: Callback,
  query: Record<string, string>,
  request: RecordedRequest,
): RouteReply {
  if (callback.ms > state.interactionDeadlineMs) return UNKNOWN_INTERACTION();
  if (rec.callback) return discordError(400, 40060, 'Interaction has already been acknowledged.');
  const refused = callbackRefused(rec, callback.type, callback.data, callback.files);
  if (refused) return refused;
  rec.callback = callback;
  applyCallback(state, rec, callback, request);
  if (query.with_response !== 'true') return noContent();
  return ok(callbackResponse(rec, callback.type));
}

/** The reply refusing a callback of the wrong type or with an invalid body, else null. */
function callbackRefused(
  rec: InteractionRecord,
  type: number,
  data: unknown,
  files: RecordedFile[],
): RouteReply | null {
  if (!(ALLOWED_RESPONSES[rec.type] ?? []).includes(type)) {
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
  return null;
}

/** The original reply an accepted callback makes (a message, a "thinking…" one) or updates. */
function applyCallback(
  state: FakeState,
  rec: InteractionRecord,
  { type, data, files }: Callback,
  request: RecordedRequest,
): void {
  const channelId = interactionChannelId(rec);
  const interactionMetadata = {
    webhook_id: state.applicationId,
    application_id: state.applicationId,
  } as Partial<APIMessage>;
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource: {
      rec.original = newMessage(state, channelId, data, files, interactionMetadata);
      state.sentMessages.push({ channelId, message: rec.original, via: 'interaction', request });
      break;
    }
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const ephemeral = Number(asObject(data).flags ?? 0) & MessageFlags.Ephemeral;
      rec.original = newMessage(state, channelId, { content: '' }, [], {
        ...interactionMetadata,
        flags: (MessageFlags.Loading | ephemeral) as MessageFlags,
      });
      break;
    }
    case InteractionResponseType.UpdateMessage:
      if (rec.original) rec.original = editMessage(state, rec.original, data, files);
      break;
    default:
      break;
  }
}

/** The body of `?with_response=true`: the interaction and what the callback made. */
function callbackResponse(rec: InteractionRecord, type: number): Json {
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
  return response;
}

/** The webhook an interaction's token opens: follow-up messages, and reading, editing and deleting replies. */
export function webhookRoutes(add: AddRoute, state: FakeState): void {
  add('POST', '/webhooks/:appId/:token', false, ({ params, body, files, query, request }) => {
    const rec = byToken(state, params.appId ?? '', params.token ?? '');
    if (!rec || !rec.callback) return UNKNOWN_WEBHOOK();
    const bad = messageChecks(body, files);
    if (bad) return bad;
    const channelId = interactionChannelId(rec);
    const msg = newMessage(state, channelId, body, files, {
      webhook_id: state.applicationId,
      application_id: state.applicationId,
    });
    rec.followUps.push(msg);
    state.sentMessages.push({ channelId, message: msg, via: 'followup', request });
    return query.wait === 'true' ? ok(msg) : noContent();
  });
  add('GET', '/webhooks/:appId/:token/messages/:messageId', false, ({ params }) => {
    const rec = byToken(state, params.appId ?? '', params.token ?? '');
    if (!rec) return UNKNOWN_WEBHOOK();
    const msg = webhookMessage(rec, params.messageId ?? '');
    return msg ? ok(msg) : UNKNOWN_MESSAGE();
  });
  add('PATCH', '/webhooks/:appId/:token/messages/:messageId', false, ({ params, body, files }) => {
    const rec = byToken(state, params.appId ?? '', params.token ?? '');
    if (!rec) return UNKNOWN_WEBHOOK();
    const msg = webhookMessage(rec, params.messageId ?? '');
    if (!msg) return UNKNOWN_MESSAGE();
    const bad = messageChecks(body, files, '', false);
    if (bad) return bad;
    const edited = editMessage(state, msg, body, files);
    if (params.messageId === '@original' || msg.id === rec.original?.id) rec.edits.push(body);
    setWebhookMessage(rec, edited);
    return ok(edited);
  });
  add('DELETE', '/webhooks/:appId/:token/messages/:messageId', false, ({ params }) => {
    const rec = byToken(state, params.appId ?? '', params.token ?? '');
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
}

/** An interaction's message by id (`@original` for the reply, once there is one to show). */
function webhookMessage(rec: InteractionRecord, messageId: string): APIMessage | undefined {
  if (messageId === '@original') {
    return rec.callback && rec.callback.type !== 8 && rec.callback.type !== 9
      ? (rec.original ?? undefined)
      : undefined;
  }
  return (
    rec.followUps.find((m) => m.id === messageId) ??
    (rec.original?.id === messageId ? rec.original : undefined)
  );
}

function setWebhookMessage(rec: InteractionRecord, msg: APIMessage): void {
  if (rec.original?.id === msg.id) rec.original = msg;
  const i = rec.followUps.findIndex((m) => m.id === msg.id);
  if (i !== -1) rec.followUps[i] = msg;
}
