import { ApplicationCommandOptionType, PermissionFlagsBits } from './discord-enums.js';
import { UserError } from '../src/errors.js';
import { EVERYWHERE } from './shared.js';
import type { Command, CommandContext, FileInput } from './types.js';

/** Who may administer this bot, as told to anyone else who tries. */
const ADMIN_RULE =
  'Only this bot’s administrators can do that: the users named in ADMIN_USER_IDS, and members with Manage Server in its home servers (ADMIN_GUILD_IDS).';

function adminOps(ctx: CommandContext) {
  if (!ctx.user.isAdmin || !ctx.admin) {
    throw new UserError(ADMIN_RULE);
  }
  return ctx.admin;
}

const SUBCOMMANDS = 'reindex, status, add-article, add-url, remove-article, follow, feeds, unfollow';

export default {
  data: {
    name: 'admin',
    description: 'Manage the article collection (bot administrators only)',
    ...EVERYWHERE,
    // Registered only in the home servers (ADMIN_GUILD_IDS), shown there only to members with Manage
    // Server; run() checks the whole rule again (src/bot/admin-rule.ts).
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'reindex',
        description: 'Re-read the corpus folder and rebuild the index',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'status',
        description: 'Articles, index age, memory and uptime',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add-article',
        description: 'Add an article (.md, .txt or .html) to the corpus and reindex',
        options: [
          {
            type: ApplicationCommandOptionType.Attachment,
            name: 'file',
            description: 'The article file (.md, .txt or .html, UTF-8)',
            required: true,
          },
          {
            type: ApplicationCommandOptionType.Boolean,
            name: 'replace',
            description: 'Replace the article of the same file name (default: refuse a name in use)',
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add-url',
        description: 'Fetch a web page by its link, add it to the corpus and reindex',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'url',
            description: 'The page’s address (http or https)',
            required: true,
            max_length: 2000,
          },
          {
            type: ApplicationCommandOptionType.Boolean,
            name: 'replace',
            description: 'Fetch again and replace the page already added from this address',
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove-article',
        description: 'Remove an article (moved to the corpus’s .removed folder) and reindex',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'article',
            description: 'Its title or file name',
            required: true,
            autocomplete: true,
            max_length: 200,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'follow',
        description: 'Follow an RSS or Atom feed: its newest articles now, new ones as they appear',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'url',
            description: 'The feed’s address (http or https)',
            required: true,
            max_length: 2000,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'feeds',
        description: 'The followed feeds: last poll, articles added, last error',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'unfollow',
        description: 'Stop following a feed (the articles it added stay)',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'feed',
            description: 'Its title or address',
            required: true,
            autocomplete: true,
            max_length: 2000,
          },
        ],
      },
    ],
  },
  slow: true,
  async run(options, ctx) {
    const ops = adminOps(ctx);
    switch (options.subcommand) {
      case 'reindex':
        return { type: 'notice', notice: await ops.reindex() };
      case 'status':
        return { type: 'notice', notice: ops.status() };
      case 'add-article': {
        const file = options.file;
        if (!file || typeof file !== 'object')
          throw new UserError('Attach the article file to /admin add-article.');
        return {
          type: 'notice',
          notice: await ops.addArticle(file as FileInput, { replace: options.replace === true }),
        };
      }
      case 'add-url':
        return {
          type: 'notice',
          notice: await ops.addUrl(String(options.url ?? ''), { replace: options.replace === true }),
        };
      case 'follow':
        return { type: 'notice', notice: await ops.follow(String(options.url ?? '')) };
      case 'feeds':
        return { type: 'notice', notice: await ops.feeds() };
      case 'unfollow':
        return { type: 'notice', notice: await ops.unfollow(String(options.feed ?? '')) };
      case 'remove-article':
        return { type: 'notice', notice: await ops.removeArticle(String(options.article ?? '')) };
      default:
        throw new UserError(`Use /admin with one of: ${SUBCOMMANDS}.`);
    }
  },
  autocomplete(focused, ctx) {
    // Only an admin's context has the operations; anyone else sees no article names.
    if (!ctx.user.isAdmin || !ctx.admin) return [];
    if (focused.name === 'article') return ctx.admin.articleChoices(focused.value);
    if (focused.name === 'feed') return ctx.admin.feedChoices(focused.value);
    return [];
  },
} satisfies Command;
