import { ApplicationCommandOptionType, PermissionFlagsBits } from './discord-enums.js';
import { UserError } from '../src/errors.js';
import { EVERYWHERE } from './shared.js';
import type { Command, CommandContext, FileInput } from './types.js';

function adminOps(ctx: CommandContext) {
  if (!ctx.user.isAdmin || !ctx.admin) {
    throw new UserError(
      'Only server managers (Manage Server) can use /admin here; in DMs, only the admins named in ADMIN_USER_IDS.',
    );
  }
  return ctx.admin;
}

export default {
  data: {
    name: 'admin',
    description: 'Manage the article collection (server managers only)',
    ...EVERYWHERE,
    // Manage Server; Discord hides the command from others, and run() checks again.
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
        return { type: 'notice', notice: await ops.addArticle(file as FileInput) };
      }
      default:
        throw new UserError('Use /admin reindex, /admin status or /admin add-article.');
    }
  },
} satisfies Command;
