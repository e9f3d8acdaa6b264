/**
 * What the fake Discord's REST routes share: the route and reply shapes, Discord's error replies, and
 * how a message is made, edited and checked (for channel messages and interaction replies alike).
 */
import {
  MessageFlags,
  MessageType,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type Snowflake,
} from 'discord-api-types/v10';
import type { RecordedFile } from './http.js';
import { snowflake } from './payloads.js';
import type { FakeState, InteractionRecord, RecordedRequest } from './state.js';
import { formBodyError, isEmptyMessage, validateMessage, type FieldError } from './validate.js';

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

/** Adds a route to the table (routes are matched in the order they are added). */
export type AddRoute = (method: string, pattern: string, auth: boolean, handle: Route['handle']) => void;

export type Json = Record<string, unknown>;
export const asObject = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};

export const discordError = (status: number, code: number, message: string): RouteReply => ({
  status,
  body: { message, code },
});
export const UNKNOWN_INTERACTION = () => discordError(404, 10062, 'Unknown interaction');
export const UNKNOWN_WEBHOOK = () => discordError(404, 10015, 'Unknown Webhook');
export const UNKNOWN_MESSAGE = () => discordError(404, 10008, 'Unknown Message');
export const UNKNOWN_CHANNEL = () => discordError(404, 10003, 'Unknown Channel');
export const MISSING_ACCESS = () => discordError(403, 50001, 'Missing Access');

export function invalid(errors: FieldError[]): RouteReply {
  return { status: 400, body: formBodyError(errors), validationErrors: errors };
}

function emptyMessage(): RouteReply {
  return discordError(400, 50006, 'Cannot send an empty message');
}

export const ok = (body: unknown): RouteReply => ({ status: 200, body });
export const noContent = (): RouteReply => ({ status: 204 });

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

/** A new message from the bot in `channelId`, stored in the state. */
export function newMessage(
  state: FakeState,
  channelId: Snowflake,
  body: unknown,
  files: RecordedFile[],
  extra: Partial<APIMessage> = {},
): APIMessage {
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
}

/** `existing` with an edit's content, embeds, components, attachments and flags, stored in the state. */
export function editMessage(
  state: FakeState,
  existing: APIMessage,
  body: unknown,
  files: RecordedFile[],
): APIMessage {
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
}

export function interactionChannelId(rec: InteractionRecord): Snowflake {
  return rec.payload.channel?.id ?? rec.payload.channel_id ?? '0';
}

/** The interaction an application's webhook token belongs to. */
export function byToken(state: FakeState, appId: string, token: string): InteractionRecord | undefined {
  if (appId !== state.applicationId) return undefined;
  for (const rec of state.interactions.values()) if (rec.token === token) return rec;
  return undefined;
}

/** The reply for a message Discord would refuse (an invalid form body, or nothing to send), else null. */
export function messageChecks(
  body: unknown,
  files: RecordedFile[],
  prefix = '',
  requireContent = true,
): RouteReply | null {
  const errors = validateMessage(body, prefix);
  if (errors.length > 0) return invalid(errors);
  if (requireContent && isEmptyMessage(body, files.length)) return emptyMessage();
  return null;
}
