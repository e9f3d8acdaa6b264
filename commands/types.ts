/** What a command is: its Discord definition plus a surface-free `run` shared by every surface. */
import type {
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Answer, Notice } from '../src/answer/types.js';
import type { Config } from '../src/config.js';
import type { DossierIndex } from '../src/index/model.js';
import type { Logger } from '../src/log.js';

/** A file a user handed over (a Discord attachment, or a path on the CLI). */
export interface FileInput {
  name: string;
  size: number;
  contentType?: string;
  read(): Promise<Uint8Array>;
}

type OptionValue = string | number | boolean | FileInput;
export type Options = Record<string, OptionValue | undefined>;

export type { Notice };

export type Reply =
  { type: 'answer'; answer: Answer } | { type: 'notice'; notice: Notice; ephemeral?: boolean };

/** Admin operations, present in the context only where the caller may use them. */
export interface AdminOps {
  reindex(onProgress?: (message: string) => void): Promise<Notice>;
  addArticle(file: FileInput): Promise<Notice>;
  status(): Notice;
}

export interface CommandContext {
  /** The index currently serving (it may be swapped between two calls). */
  index(): DossierIndex;
  config: Config;
  log: Logger;
  /** Who asks; `isAdmin` was decided by the surface (Manage Server, ADMIN_USER_IDS, or the local CLI). */
  user: { id: string; isAdmin: boolean };
  admin?: AdminOps;
  /**
   * A "More passages" click: answer from this citation offset on, topped up to `perMessage`
   * passages (what one message shows) when a page ends first.
   */
  more?: { offset: number; perMessage: number };
}

type Choice = APIApplicationCommandOptionChoice<string>;

export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  run(options: Options, ctx: CommandContext): Reply | Promise<Reply>;
  autocomplete?(focused: { name: string; value: string }, ctx: CommandContext): Choice[];
  /** Question commands are subject to the per-user cooldown; admin commands are not. */
  question?: boolean;
  /** True when `run` may take long enough that the surface should defer first. */
  slow?: boolean;
}
