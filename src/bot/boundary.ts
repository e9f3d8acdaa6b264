/**
 * What every way into the bot shares, slash commands and buttons (dispatcher.ts) as well as DMs and
 * mentions (messages.ts): who may administer, the context a command runs in, the rendered reply with
 * the token scrubbed, the reply for a failure (a UserError as written, anything else as an error
 * id), and the one structured log line per interaction or message with its latency.
 */
import { randomBytes } from 'node:crypto';
import type { PermissionsBitField } from 'discord.js';
import type { LRUCache } from 'lru-cache';
import type { CommandContext, Reply } from '../../commands/types.js';
import { isUserError } from '../errors.js';
import type { Logger } from '../log.js';
import { queryKey } from '../render/custom-id.js';
import { renderDiscord, renderNotice, type DiscordPayload } from '../render/discord/index.js';
import { escapeMarkdown } from '../render/safe.js';
import type { Engine } from '../serve/engine.js';
import { mayAdminister } from './admin-rule.js';
import type { Cooldown } from './cooldown.js';
import { errorFields, scrubSecrets } from './logsafe.js';

export interface BotContext {
  engine: Engine;
  log: Logger;
  cooldown: Cooldown;
  /** Full text of recent queries by `queryKey`, for buttons whose custom_id had to cut the query. */
  recentQueries: LRUCache<string, string>;
  ping(): number | undefined;
}

/** How one interaction or message ended, as its log line says. */
export interface Outcome {
  command: string;
  hits?: number;
  outcome: 'answered' | 'user-error' | 'error' | 'cooldown' | 'ignored';
  errorId?: string;
  /** An admin reply sent to the asker's DMs instead of the channel. */
  private?: boolean;
}

/** Who is asking, as Discord tells it: the admin rule (admin-rule.ts) decides from this. */
export interface Asker {
  userId: string;
  guildId: string | null;
  permissions: Readonly<PermissionsBitField> | null | undefined;
}

/** The context a command runs in for this asker, with admin operations only for an admin. */
export function askerContext(
  bot: BotContext,
  asker: Asker,
  extras: { progress?: (message: string) => void; more?: CommandContext['more'] } = {},
): CommandContext {
  const isAdmin = mayAdminister(bot.engine.config, asker);
  const ctx = bot.engine.context(
    { id: asker.userId, isAdmin },
    { ping: bot.ping, progress: extras.progress },
  );
  return extras.more ? { ...ctx, more: extras.more } : ctx;
}

/**
 * A payload with the bot's own token blanked wherever an article or a message put it, as written
 * or as the renderer escaped it for Markdown.
 */
export function withoutSecrets<T>(payload: T, bot: BotContext): T {
  const token = bot.engine.config.token;
  return scrubSecrets(payload, token ? [token, escapeMarkdown(token)] : []);
}

export function payloadFor(reply: Reply, bot: BotContext): DiscordPayload {
  if (reply.type === 'notice') return renderNotice(reply.notice);
  remember(bot, reply.answer.query);
  return renderDiscord(reply.answer, { corpusVersion: bot.engine.store.current().version });
}

export function hitsOf(reply: Reply): number | undefined {
  return reply.type === 'answer' ? reply.answer.citations.length : undefined;
}

/** Keeps a query's full text for the buttons of its answer (their custom_id may have cut it). */
export function remember(bot: BotContext, query: string): void {
  if (!query) return;
  const key = queryKey(query);
  bot.recentQueries.set(key, query);
}

export function cooldownPayload(waitMs: number): DiscordPayload {
  return renderNotice({
    title: 'One moment',
    lines: [`You are asking quickly. Try again in ${Math.ceil(waitMs / 1000)} s.`],
    level: 'info',
    ephemeral: true,
  });
}

/**
 * The reply to a failure and how to log it: a UserError is shown as written; anything else is
 * logged at error level with a fresh error id, and the user is given that id.
 */
export function failureReply(
  err: unknown,
  bot: BotContext,
  what: 'interaction' | 'message',
  command: string,
  where: Record<string, unknown>,
): { payload: DiscordPayload; outcome: Outcome } {
  if (isUserError(err)) {
    return {
      payload: renderNotice({ title: 'Can’t do that', lines: [err.message], level: 'error' }),
      outcome: { command, outcome: 'user-error' },
    };
  }
  const errorId = randomBytes(4).toString('hex');
  bot.log.error({ err: errorFields(err), errorId, ...where }, `${what} failed`);
  return {
    payload: renderNotice({
      title: 'Something went wrong',
      lines: [`Something went wrong (error id ${errorId}). Please try again.`],
      level: 'error',
    }),
    outcome: { command, outcome: 'error', errorId },
  };
}

/** The one log line per interaction or message, with its latency. */
export function logOutcome(
  bot: BotContext,
  what: 'interaction' | 'message',
  where: Record<string, unknown>,
  outcome: Outcome,
  started: number,
): void {
  bot.log.info({ ...where, ...outcome, ms: Math.round(performance.now() - started) }, what);
}
