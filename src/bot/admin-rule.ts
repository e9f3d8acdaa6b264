/**
 * Who may administer the bot. The corpus is one, shared by every server the bot is in, so its
 * administration is one too: the users in ADMIN_USER_IDS (anywhere, DMs included), and members with
 * Manage Server in the home servers listed in ADMIN_GUILD_IDS. Manage Server in any other server
 * counts for nothing: anyone can create a server and invite the bot.
 */
import { PermissionFlagsBits, type PermissionsBitField } from 'discord.js';
import type { Config } from '../config.js';

export interface Asker {
  userId: string;
  /** The server the question comes from; null in a DM. */
  guildId: string | null;
  /** The member's permissions in that server, when known. */
  permissions?: Readonly<PermissionsBitField> | null;
}

export function mayAdminister(config: Pick<Config, 'adminUserIds' | 'adminGuildIds'>, asker: Asker): boolean {
  if (config.adminUserIds.includes(asker.userId)) return true;
  if (asker.guildId === null || !config.adminGuildIds.includes(asker.guildId)) return false;
  return !!asker.permissions?.has(PermissionFlagsBits.ManageGuild);
}
