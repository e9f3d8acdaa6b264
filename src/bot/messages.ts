/**
 * Plain DMs and @mentions: the text is read like a typed line ("who is Peskov?" goes through the
 * /ask router, "/who Peskov" runs /who, "help" explains), answered as a reply that pings no one.
 */
import type { Message, MessageCreateOptions, MessageReplyOptions } from 'discord.js';
import { parseLine } from '../../commands/parse.js';
import { runLine } from '../serve/engine.js';
import { renderNotice, type DiscordPayload } from '../render/discord/index.js';
import {
  askerContext,
  cooldownPayload,
  failureReply,
  hitsOf,
  logOutcome,
  payloadFor,
  withoutSecrets,
  type BotContext,
  type Outcome,
} from './boundary.js';
import { errorFields } from './logsafe.js';

/** The text addressed to the bot, or undefined when the message is not for it. */
function addressedText(message: Message, botId: string): string | undefined {
  if (message.author.bot || message.author.id === botId) return undefined;
  if (!message.inGuild()) return message.content;
  const mention = new RegExp(`<@!?${botId}>`, 'g');
  if (!mention.test(message.content)) return undefined;
  return message.content.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

/** Whether a line addressed to the bot is an admin command ("/admin status"). */
function isAdminLine(text: string): boolean {
  try {
    return parseLine(text).command.data.name === 'admin';
  } catch {
    return false;
  }
}

export async function handleMessage(message: Message, bot: BotContext, botId: string): Promise<void> {
  const text = addressedText(message, botId);
  if (text === undefined) return;
  const started = performance.now();
  const where = { message: message.id, user: message.author.id, guild: message.guildId ?? 'dm' };
  let outcome: Outcome = { command: 'message', outcome: 'answered' };
  let payload: DiscordPayload;
  try {
    const wait = bot.cooldown.take(message.author.id);
    if (wait > 0) {
      payload = cooldownPayload(wait);
      outcome = { command: 'message', outcome: 'cooldown' };
    } else {
      const ctx = askerContext(bot, {
        userId: message.author.id,
        guildId: message.inGuild() ? message.guildId : null,
        permissions: message.inGuild() ? message.member?.permissions : null,
      });
      const reply = await runLine(text || 'help', ctx);
      payload = payloadFor(reply, bot);
      outcome = { command: 'message', outcome: 'answered', hits: hitsOf(reply) };
    }
  } catch (err) {
    ({ payload, outcome } = failureReply(err, bot, 'message', 'message', where));
  }
  const { flags: _flags, ...body } = withoutSecrets(payload, bot);
  try {
    if (message.inGuild() && isAdminLine(text)) {
      // Admin replies (and refusals) are private: in a channel they go to the asker's DMs, and the
      // channel only hears where to look.
      outcome = { ...outcome, private: true };
      const sentPrivately = await message.author
        .send(body as MessageCreateOptions)
        .then(() => true)
        .catch(() => false);
      const { flags: _f, ...pointer } = renderNotice({
        title: 'Sent privately',
        lines: [
          sentPrivately
            ? 'Admin commands answer in private: I sent the reply to your DMs.'
            : 'Admin commands answer in private, and I could not DM you: use /admin in a home server, or DM me.',
        ],
        level: 'info',
      });
      await message.reply(pointer as MessageReplyOptions);
    } else {
      await message.reply(body as MessageReplyOptions);
    }
  } catch (err) {
    bot.log.warn({ err: errorFields(err), ...where }, 'could not send the reply');
    outcome = { ...outcome, outcome: 'error' };
  }
  logOutcome(bot, 'message', where, outcome, started);
}
