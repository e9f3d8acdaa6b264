/**
 * What the playground server and its web page say to each other: the page's requests (run a
 * command, ask for autocomplete, send a message, click a button, upload a file) and the events the
 * server streams back (messages appearing, changing, disappearing). Types only: the page and the
 * server both import this file.
 */
import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIAttachment,
  APIEmbed,
  APIMessageTopLevelComponent,
} from 'discord-api-types/v10';

/** Where the page talks: the server's #general channel or the DM with the bot. */
export type ChannelKey = 'guild' | 'dm';

export interface PlaygroundUser {
  id: string;
  name: string;
  bot: boolean;
  /** Avatar image URL on the playground server. */
  avatar: string;
}

/** GET /api/state */
export interface PlaygroundState {
  bot: PlaygroundUser;
  user: PlaygroundUser;
  guild: { id: string; name: string; channelId: string; channelName: string };
  dmChannelId: string;
  /** The commands registered with the local Discord (what `npm run deploy` registers). */
  commands: APIApplicationCommand[];
  messages: ChatMessage[];
}

/** One payload the bot sent that made or changed a message, for the page's raw-JSON view. */
export interface RawPayload {
  /** e.g. `POST /interactions/:interactionId/:token/callback` */
  route: string;
  body: unknown;
}

/** A message as the page shows it. */
export interface ChatMessage {
  id: string;
  channelId: string;
  author: PlaygroundUser;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: APIAttachment[];
  flags: number;
  /** Only the user who triggered it can see it (flag 64). */
  ephemeral: boolean;
  /** A deferred reply still "thinking" (flag 128). */
  loading: boolean;
  /** Changed after it was first shown (not counting a deferral's first edit). */
  edited: boolean;
  timestamp: string;
  /** For interaction replies: what was used, by whom. */
  interaction?: { id: string; kind: 'command' | 'button'; command: string; user: string };
  /** For replies (to a DM, a mention or a button's message): what they answer. */
  replyTo?: { id: string; author: PlaygroundUser; content: string };
  /** Every payload the bot sent for this message, oldest first. */
  raw: RawPayload[];
}

export type PlaygroundEvent = { type: 'upsert'; message: ChatMessage } | { type: 'delete'; id: string };

/** POST /api/command */
export interface CommandRequest {
  channel: ChannelKey;
  name: string;
  subcommand?: string;
  /** The options as Discord sends them (name, type, value), without the subcommand wrapper. */
  options: APIApplicationCommandInteractionDataOption[];
  /** Attachment options: option name → the id `POST /api/upload` returned. */
  attachments?: Record<string, string>;
}

/** POST /api/autocomplete */
export interface AutocompleteRequest {
  channel: ChannelKey;
  name: string;
  subcommand?: string;
  focused: { name: string; value: string };
  /** Other options already filled in. */
  options?: Record<string, string | number | boolean>;
}

export interface AutocompleteResponse {
  choices: { name: string; value: string | number }[];
}

/** POST /api/message: a DM to the bot, or in #general a message that mentions it. */
export interface MessageRequest {
  channel: ChannelKey;
  content: string;
}

/** POST /api/button */
export interface ButtonRequest {
  messageId: string;
  customId: string;
}

/** What the command, button and message routes answer once the bot has answered. */
export interface ActionResponse {
  /** The interaction (commands, buttons) or the user's message (messages). */
  id: string;
  /** The bot's message as the page shows it (for a deferral: after its first edit). */
  reply: ChatMessage | null;
  /** The interaction callback type (4 reply, 5 deferred, 7 update…), for interactions. */
  callbackType?: number;
}

/** Any route's failure. */
export interface ErrorResponse {
  error: string;
}
