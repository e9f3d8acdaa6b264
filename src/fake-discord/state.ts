/** What the fake Discord remembers, shared by its REST routes, its gateway and the test-facing API. */
import type {
  APIApplicationCommand,
  APIChannel,
  APIInteraction,
  APIMessage,
  APIUser,
  GatewayGuildCreateDispatchData,
  Snowflake,
} from 'discord-api-types/v10';
import type { RecordedFile } from './http.js';
import type { FieldError } from './validate.js';

export interface RecordedRequest {
  /** Order of arrival, from 0. */
  index: number;
  method: string;
  /** Path below the API version, e.g. `/channels/123/messages` (no `/api/v10`, no query). */
  path: string;
  /** The full request target as received, e.g. `/api/v10/interactions/1/tok/callback?with_response=false`. */
  url: string;
  /** API version from the path (`10`), or null when the path had none. */
  version: number | null;
  query: Record<string, string>;
  /** Lower-cased header names, as node reports them. */
  headers: Record<string, string>;
  /** JSON body, or the parsed `payload_json` of a multipart body. */
  body: unknown;
  files: RecordedFile[];
  rawBody: string;
  /** Route pattern that handled it (e.g. `POST /channels/:id/messages`), or null for an unknown route. */
  route: string | null;
  /** Status the fake answered with; 0 while pending or for a hung request. */
  status: number;
  responseBody: unknown;
  /** Limit violations that made the fake answer 400 / 50035. */
  validationErrors: FieldError[];
  /** Name of the injected fault that answered, if any. */
  fault: string | null;
  at: number;
}

interface InteractionCallbackAttempt {
  type: number;
  data: unknown;
  files: RecordedFile[];
  /** Milliseconds between the INTERACTION_CREATE dispatch and this callback. */
  ms: number;
  /** The fake's answer: 204/200 accepted, 400 already acknowledged or invalid, 404 unknown/expired. */
  status: number;
  request: RecordedRequest;
}

export interface InteractionRecord {
  id: Snowflake;
  token: string;
  applicationId: Snowflake;
  /** Interaction type (2 command, 3 component, 4 autocomplete, 5 modal). */
  type: number;
  payload: APIInteraction;
  dispatchedAt: number;
  /** The accepted callback (`type` 4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  callback: { type: number; data: unknown; files: RecordedFile[]; ms: number } | null;
  /** Every callback POST, including rejected second acknowledgements. */
  attempts: InteractionCallbackAttempt[];
  /** Bodies of the PATCHes of `@original` (editReply, or edits after deferUpdate), in order. */
  edits: unknown[];
  /** The current `@original` message (the reply, the loading message, or the component's message). */
  original: APIMessage | null;
  followUps: APIMessage[];
  /** True once `@original` was deleted. */
  deleted: boolean;
}

/** A message the bot created through REST. */
export interface SentMessage {
  channelId: Snowflake;
  message: APIMessage;
  via: 'channel' | 'interaction' | 'followup';
  request: RecordedRequest | null;
}

export type FakeChannel = APIChannel;

export interface FakeState {
  botUser: APIUser;
  applicationId: Snowflake;
  ownerId: Snowflake;
  applicationFlags: number;
  gatewayUrl: () => string;
  guilds: Map<Snowflake, GatewayGuildCreateDispatchData>;
  channels: Map<Snowflake, FakeChannel>;
  messages: Map<Snowflake, APIMessage>;
  interactions: Map<Snowflake, InteractionRecord>;
  /** Registered commands by scope: `global` or a guild id. */
  commands: Map<string, APIApplicationCommand[]>;
  sentMessages: SentMessage[];
  /** Callbacks later than this after dispatch get 404 "Unknown interaction" (Infinity: never). */
  interactionDeadlineMs: number;
  knownUsers: Map<Snowflake, APIUser>;
}
