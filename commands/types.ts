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
  /** Adds an article file; `replace` lets it replace the article of that file name. */
  addArticle(file: FileInput, opts?: { replace?: boolean }): Promise<Notice>;
  /** Fetches a page by its link and adds it; `replace` lets it replace the page from the same address. */
  addUrl(link: string, opts?: { replace?: boolean }): Promise<Notice>;
  /** Moves an article (file name, id or title) out of the corpus into its `.removed/` folder. */
  removeArticle(which: string): Promise<Notice>;
  /** Articles whose title or file name matches what is typed (for autocomplete). */
  articleChoices(typed: string): Choice[];
  /** Follows an RSS or Atom feed: polled at once, then every FEED_POLL_MINUTES. */
  follow(link: string): Promise<Notice>;
  /** The followed feeds with their last poll, items added and last error. */
  feeds(): Promise<Notice>;
  /** Stops following a feed (its address or title). */
  unfollow(feed: string): Promise<Notice>;
  /** Followed feeds whose title or address matches what is typed (for autocomplete). */
  feedChoices(typed: string): Promise<Choice[]>;
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
  autocomplete?(focused: { name: string; value: string }, ctx: CommandContext): Choice[] | Promise<Choice[]>;
  /** Question commands are subject to the per-user cooldown; admin commands are not. */
  question?: boolean;
  /** True when `run` may take long enough that the surface should defer first. */
  slow?: boolean;
}
