/**
 * The one interaction boundary: finds the command, applies the cooldown, defers when work may be
 * slow, runs the surface-free command, renders and sends the reply, and turns every failure into a
 * message (a UserError as written, anything else as an error id) and one structured log line.
 */
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  type RepliableInteraction,
} from 'discord.js';
import { FILTER_OPTION_NAMES } from '../../commands/filters.js';
import { commandsByName } from '../../commands/index.js';
import type { CommandContext, Options, Reply } from '../../commands/types.js';
import { UserError } from '../errors.js';
import {
  decodeCustomId,
  hashKey,
  outletKey,
  sameVersion,
  type DecodedCustomId,
} from '../render/custom-id.js';
import {
  PASSAGES_PER_MESSAGE,
  renderDiscord,
  renderNotice,
  type DiscordPayload,
} from '../render/discord/index.js';
import { renderParagraph } from '../render/discord/paragraph.js';
import {
  askerContext,
  cooldownPayload,
  failureReply,
  logOutcome,
  payloadFor,
  hitsOf,
  remember,
  withoutSecrets,
  type BotContext,
  type Outcome,
} from './boundary.js';
import { optionsOf } from './options.js';
import { errorFields } from './logsafe.js';

export type { BotContext } from './boundary.js';

/** Above this many paragraphs a question may take long enough that we defer first. */
const DEFER_ABOVE_PARAGRAPHS = 20_000;

export async function handleInteraction(interaction: Interaction, bot: BotContext): Promise<void> {
  const started = performance.now();
  const where = {
    interaction: interaction.id,
    user: interaction.user.id,
    guild: interaction.guildId ?? 'dm',
  };
  let outcome: Outcome = { command: 'unknown', outcome: 'ignored' };
  try {
    if (interaction.isAutocomplete()) outcome = await autocomplete(interaction, bot);
    else if (interaction.isChatInputCommand()) outcome = await chatInput(interaction, bot);
    else if (interaction.isButton()) outcome = await button(interaction, bot);
    // Anything else Dossier never creates (a context-menu command left registered, a select menu,
    // a modal): answer it, or the user sees "This interaction failed".
    else if (interaction.isCommand())
      throw new UserError(`Unknown command /${interaction.commandName}. Type /ask instead.`);
    else if (interaction.isRepliable())
      throw new UserError('This button no longer works. Ask the question again with a slash command.');
  } catch (err) {
    outcome = await fail(
      interaction,
      err,
      bot,
      outcome.command === 'unknown' ? nameOf(interaction) : outcome.command,
    );
  }
  logOutcome(bot, 'interaction', where, outcome, started);
}

function nameOf(i: Interaction): string {
  if (i.isChatInputCommand() || i.isAutocomplete()) return i.commandName;
  if (i.isButton()) return 'button';
  return 'unknown';
}

function contextFor(
  i: Interaction,
  bot: BotContext,
  extras: Parameters<typeof askerContext>[2] = {},
): CommandContext {
  const asker = {
    userId: i.user.id,
    guildId: i.inGuild() ? i.guildId : null,
    permissions: i.inGuild() ? i.memberPermissions : null,
  };
  return askerContext(bot, asker, extras);
}

/**
 * The shortest gap between two progress edits of a deferred admin reply, and before the first: an
 * admin change that takes longer than this shows what it is doing; a quicker one only its result.
 */
const PROGRESS_EDIT_MS = 1000;
/** The title of an admin change's progress, by subcommand. */
export const PROGRESS_TITLES: Record<string, string> = {
  reindex: 'Reindexing',
  'add-article': 'Adding the article',
  'add-url': 'Adding the page',
  'remove-article': 'Removing the article',
  follow: 'Following the feed',
};

/**
 * Progress of a long admin operation, shown by editing its deferred reply: at most one edit per
 * PROGRESS_EDIT_MS, none on a quick one, and `done()` waits for the last so it never lands after
 * the final reply.
 */
function progressEdits(i: ChatInputCommandInteraction, bot: BotContext, title: string) {
  let last = performance.now();
  let chain = Promise.resolve();
  let finished = false;
  return {
    say(message: string) {
      const now = performance.now();
      if (finished || !i.deferred || now - last < PROGRESS_EDIT_MS) return;
      last = now;
      const { flags: _flags, ...body } = renderNotice({
        title,
        lines: [message],
        level: 'info',
      });
      chain = chain
        .then(() => i.editReply(withoutSecrets(body, bot) as never))
        .then(
          () => undefined,
          (err: unknown) =>
            bot.log.warn({ err: errorFields(err), interaction: i.id }, 'progress edit failed'),
        );
    },
    async done() {
      finished = true;
      await chain;
    },
  };
}

async function chatInput(i: ChatInputCommandInteraction, bot: BotContext): Promise<Outcome> {
  const command = commandsByName.get(i.commandName);
  if (!command)
    throw new UserError(`Unknown command /${i.commandName}: it may have been removed. Type /ask instead.`);
  if (command.question) {
    const wait = bot.cooldown.take(i.user.id);
    if (wait > 0) {
      await send(i, cooldownPayload(wait), true, bot);
      return { command: i.commandName, outcome: 'cooldown' };
    }
  }
  // Admin work is private and may be slow; big corpora make any question possibly slow.
  const isAdmin = command.data.name === 'admin';
  const sub = isAdmin ? i.options.getSubcommand(false) : null;
  const title = sub ? PROGRESS_TITLES[sub] : undefined;
  const edits = title ? progressEdits(i, bot, title) : undefined;
  const ctx = contextFor(i, bot, { progress: edits?.say });
  if (command.slow || ctx.index().paragraphs.length > DEFER_ABOVE_PARAGRAPHS) {
    await i.deferReply(isAdmin ? { flags: MessageFlags.Ephemeral } : {});
  }
  let reply: Reply;
  try {
    reply = await command.run(optionsOf(i, bot.engine.config), ctx);
  } finally {
    await edits?.done();
  }
  await send(i, payloadFor(reply, bot), isAdmin || (reply.type === 'notice' && !!reply.ephemeral), bot);
  return { command: i.commandName, outcome: 'answered', hits: hitsOf(reply) };
}

async function autocomplete(i: AutocompleteInteraction, bot: BotContext): Promise<Outcome> {
  const command = commandsByName.get(i.commandName);
  const focused = i.options.getFocused(true);
  let choices: { name: string; value: string }[] = [];
  if (command?.autocomplete) {
    try {
      choices = await command.autocomplete(
        { name: focused.name, value: String(focused.value ?? '') },
        contextFor(i, bot),
      );
    } catch (err) {
      bot.log.warn({ err: errorFields(err), command: i.commandName }, 'autocomplete failed');
    }
  }
  // Discord's limits: ≤ 25 choices, names and values 1–100 characters.
  const clean = choices
    .map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) }))
    .filter((c) => c.name.length > 0 && c.value.length > 0)
    .slice(0, 25);
  await i.respond(withoutSecrets(clean, bot));
  return { command: `${i.commandName}:autocomplete`, outcome: 'answered', hits: clean.length };
}

/** The filter a button carries, as the options its command reads (a hashed outlet found again). */
function filterOptionsOf(decoded: DecodedCustomId, index: { articles: { outlet?: string }[] }): Options {
  const f = decoded.filter;
  if (!f) return {};
  const options: Options = {};
  if (f.since) options.since = f.since;
  if (f.until) options.until = f.until;
  if (f.outlet) options.outlet = f.outlet;
  if (f.outletHash) {
    const article = index.articles.find((a) => a.outlet && outletKey(a.outlet) === f.outletHash);
    if (!article?.outlet)
      throw new UserError('The outlet this answer was filtered to is no longer in the articles. Ask again.');
    options.outlet = article.outlet;
  }
  return options;
}

async function button(i: ButtonInteraction, bot: BotContext): Promise<Outcome> {
  // A click runs a search like a question does, so it spends the same per-user allowance.
  const wait = bot.cooldown.take(i.user.id);
  if (wait > 0) {
    await send(i, cooldownPayload(wait), true, bot);
    return { command: 'button', outcome: 'cooldown' };
  }
  const decoded = decodeCustomId(i.customId);
  if ('error' in decoded) {
    throw new UserError('This button no longer works. Ask the question again with a slash command.');
  }
  const index = bot.engine.store.current();
  const changed = !sameVersion(decoded.version, index.version);
  const note = changed
    ? 'The articles have changed since this answer; showing what they say now.'
    : undefined;
  const query =
    decoded.queryTruncated && decoded.queryHash
      ? (bot.recentQueries.get(decoded.queryHash) ?? decoded.query)
      : decoded.query;

  // The button runs its question's command again, from where its message left off, with its filter.
  const command = commandsByName.get(decoded.kind);
  const option = command?.data.options?.find((o) => !FILTER_OPTION_NAMES.includes(o.name))?.name;
  if (!command)
    throw new UserError('This button no longer works. Ask the question again with a slash command.');
  const options: Options = { ...(option ? { [option]: query } : {}), ...filterOptionsOf(decoded, index) };
  const more = { offset: decoded.offset, perMessage: PASSAGES_PER_MESSAGE };
  const reply = await command.run(options, contextFor(i, bot, { more }));
  if (reply.type !== 'answer') {
    await send(i, payloadFor(reply, bot), true, bot);
    return { command: 'button', outcome: 'answered' };
  }
  const answer = reply.answer;

  if (decoded.action === 'full') {
    const article = decoded.articleId
      ? index.articleById.get(decoded.articleId)
      : index.articles.find((a) => hashKey(a.id) === decoded.articleIdHash);
    const paragraph = article?.paragraphs.find((p) => p.n === decoded.paragraph);
    if (!article || !paragraph) {
      throw new UserError(
        'That paragraph is no longer in the articles (the corpus has changed since). Ask again.',
      );
    }
    const citation = answer.citations.find((c) => c.articleId === article.id && c.paragraph === paragraph.n);
    const payload = renderParagraph(
      citation ?? {
        articleId: article.id,
        title: article.title,
        paragraph: paragraph.n,
        text: paragraph.text,
        highlights: [],
      },
      note,
    );
    await i.reply(withoutSecrets(payload, bot) as InteractionReplyOptions);
    return { command: 'button:full', outcome: 'answered', hits: 1 };
  }

  remember(bot, answer.query);
  const payload = renderDiscord(answer, { corpusVersion: index.version, ...(note ? { footer: note } : {}) });
  await i.reply({
    ...withoutSecrets(payload, bot),
    flags: MessageFlags.Ephemeral,
  } as InteractionReplyOptions);
  return { command: 'button:more', outcome: 'answered', hits: answer.citations.length };
}

/** Sends a reply whichever state the interaction is in; ephemeral when asked and still possible. */
async function send(
  i: RepliableInteraction,
  payload: DiscordPayload,
  ephemeral: boolean,
  bot: BotContext,
): Promise<void> {
  const { flags: _flags, ...body } = withoutSecrets(payload, bot);
  if (i.deferred || i.replied) {
    const deferredEphemeral = i.ephemeral ?? false;
    if (ephemeral && !deferredEphemeral) {
      // A public "thinking…" can't turn private: remove it and answer privately instead.
      await i.deleteReply().catch(() => undefined);
      await i.followUp({ ...body, flags: MessageFlags.Ephemeral } as InteractionReplyOptions);
    } else {
      await i.editReply(body as never);
    }
    return;
  }
  await i.reply({
    ...body,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  } as InteractionReplyOptions);
}

async function fail(i: Interaction, err: unknown, bot: BotContext, command: string): Promise<Outcome> {
  const { payload, outcome } = failureReply(err, bot, 'interaction', command, { interaction: i.id, command });
  if (i.isRepliable()) {
    await send(i, payload, true, bot).catch((sendErr: unknown) =>
      bot.log.warn(
        { err: errorFields(sendErr), interaction: i.id, errorId: outcome.errorId },
        outcome.errorId ? 'could not send the error' : 'could not send the user error',
      ),
    );
  } else if (i.isAutocomplete() && !i.responded) {
    await i.respond([]).catch(() => undefined);
  }
  return outcome;
}
