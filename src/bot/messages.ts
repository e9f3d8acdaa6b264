/**
 * Plain DMs and @mentions: the text is read like a typed line ("who is Peskov?" goes through the
 * /ask router, "/who Peskov" runs /who, "help" explains), answered as a reply that pings no one.
 */
import { randomBytes } from 'node:crypto';
import { PermissionFlagsBits, type Message, type MessageReplyOptions } from 'discord.js';
import { runLine } from '../engine.js';
import { isUserError } from '../errors.js';
import { renderNotice, type DiscordPayload } from '../render/discord.js';
import { cooldownPayload, hitsOf, payloadFor, type BotContext } from './dispatcher.js';
import { errorFields } from './logsafe.js';

/** The text addressed to the bot, or undefined when the message is not for it. */
export function addressedText(message: Message, botId: string): string | undefined {
  if (message.author.bot || message.author.id === botId) return undefined;
  if (!message.inGuild()) return message.content;
  const mention = new RegExp(`<@!?${botId}>`, 'g');
  if (!mention.test(message.content)) return undefined;
  return message.content.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

export async function handleMessage(message: Message, bot: BotContext, botId: string): Promise<void> {
  const text = addressedText(message, botId);
  if (text === undefined) return;
  const started = performance.now();
  const where = { message: message.id, user: message.author.id, guild: message.guildId ?? 'dm' };
  let outcome: Record<string, unknown> = { command: 'message', outcome: 'answered' };
  let payload: DiscordPayload;
  try {
    const wait = bot.cooldown.take(message.author.id);
    if (wait > 0) {
      payload = cooldownPayload(wait);
      outcome = { command: 'message', outcome: 'cooldown' };
    } else {
      const isAdmin = message.inGuild()
        ? !!message.member?.permissions.has(PermissionFlagsBits.ManageGuild)
        : bot.engine.config.adminUserIds.includes(message.author.id);
      const ctx = bot.engine.context({ id: message.author.id, isAdmin }, { ping: bot.ping });
      const reply = await runLine(text || 'help', ctx);
      payload = payloadFor(reply, bot);
      outcome = { command: 'message', outcome: 'answered', hits: hitsOf(reply) };
    }
  } catch (err) {
    if (isUserError(err)) {
      payload = renderNotice({ title: 'Can’t do that', lines: [err.message], level: 'error' });
      outcome = { command: 'message', outcome: 'user-error' };
    } else {
      const errorId = randomBytes(4).toString('hex');
      bot.log.error({ err: errorFields(err), errorId, ...where }, 'message failed');
      payload = renderNotice({
        title: 'Something went wrong',
        lines: [`Something went wrong (error id ${errorId}). Please try again.`],
        level: 'error',
      });
      outcome = { command: 'message', outcome: 'error', errorId };
    }
  }
  const { flags: _flags, ...body } = payload;
  try {
    await message.reply(body as MessageReplyOptions);
  } catch (err) {
    bot.log.warn({ err: errorFields(err), ...where }, 'could not send the reply');
    outcome = { ...outcome, outcome: 'error' };
  }
  bot.log.info({ ...where, ...outcome, ms: Math.round(performance.now() - started) }, 'message');
}
