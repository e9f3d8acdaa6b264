/**
 * The few discord-api-types enum values the command definitions use, as constants of those enum
 * types. Importing `discord-api-types/v10` for them loads about forty modules (0.2–0.4 s on a small
 * machine) before every CLI answer; these are Discord's documented numbers for API v10, and
 * test/cli/imports.test.ts checks them against the package.
 */
import type {
  ApplicationCommandOptionType as OptionType,
  ApplicationIntegrationType as IntegrationType,
  InteractionContextType as ContextType,
} from 'discord-api-types/v10';

export const ApplicationCommandOptionType = {
  Subcommand: 1 as OptionType.Subcommand,
  String: 3 as OptionType.String,
  Integer: 4 as OptionType.Integer,
  Boolean: 5 as OptionType.Boolean,
  Attachment: 11 as OptionType.Attachment,
} as const;

export const ApplicationIntegrationType = { GuildInstall: 0 as IntegrationType.GuildInstall } as const;
export type ApplicationIntegrationType = IntegrationType;

export const InteractionContextType = {
  Guild: 0 as ContextType.Guild,
  BotDM: 1 as ContextType.BotDM,
} as const;
export type InteractionContextType = ContextType;

export const PermissionFlagsBits = { ManageGuild: 1n << 5n } as const;
