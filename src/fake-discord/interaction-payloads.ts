/**
 * Typed builders for the INTERACTION_CREATE payloads a test dispatches to the bot: slash commands,
 * autocomplete requests and button clicks, in a guild or in the bot's DM (see payloads.ts for why
 * the fields are complete rather than minimal).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  type APIApplicationCommandAutocompleteInteraction,
  type APIAttachment,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIUser,
  type Snowflake,
} from 'discord-api-types/v10';
import {
  botMessage,
  BOT_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_USER,
  dmChannel,
  dmChannelIdFor,
  guildMember,
  guildTextChannel,
  MEMBER_PERMISSIONS,
  snowflake,
} from './payloads.js';

/** Where and by whom an interaction happens. In a guild by default; `dm: true` for a bot DM. */
interface InteractionContextOptions {
  user?: APIUser;
  /** Guild of the interaction (ignored with `dm`). Default: DEFAULT_GUILD_ID. */
  guildId?: Snowflake;
  /** Channel of the interaction. Default: DEFAULT_CHANNEL_ID in guilds, a per-user DM channel in DMs. */
  channelId?: Snowflake;
  /** The interaction happens in the bot's DM with `user`. */
  dm?: boolean;
  /** Member permissions in guilds (a decimal bitfield string). Default: MEMBER_PERMISSIONS. */
  permissions?: string;
  roles?: Snowflake[];
  locale?: Locale;
  /** Interaction id and token; fresh ones by default. */
  id?: Snowflake;
  token?: string;
}

function interactionToken(): string {
  // Looks like a real interaction token (long, url-safe) and is unique per interaction.
  return `aW50ZXJhY3Rpb246${snowflake()}${Math.random().toString(36).slice(2)}`.padEnd(80, 'x');
}

/** The fields every interaction has, arranged for a guild or for a bot DM. */
function interactionBase(o: InteractionContextOptions) {
  const u = o.user ?? DEFAULT_USER;
  const common = {
    id: o.id ?? snowflake(),
    application_id: BOT_ID,
    token: o.token ?? interactionToken(),
    version: 1 as const,
    // What Discord reports for a bot with ordinary channel access: the member permissions.
    app_permissions: MEMBER_PERMISSIONS,
    locale: o.locale ?? Locale.EnglishUS,
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (o.dm) {
    const channelId = o.channelId ?? dmChannelIdFor(u.id);
    return {
      ...common,
      user: u,
      channel_id: channelId,
      channel: dmChannel(u, channelId),
      // A guild-installed app invoked in its own DM reports the owner "0".
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: '0' },
      context: InteractionContextType.BotDM,
    };
  }
  const guildId = o.guildId ?? DEFAULT_GUILD_ID;
  const channelId = o.channelId ?? DEFAULT_CHANNEL_ID;
  return {
    ...common,
    guild_id: guildId,
    guild: { id: guildId, locale: Locale.EnglishUS, features: [] },
    guild_locale: Locale.EnglishUS,
    member: guildMember(u, o.permissions ?? MEMBER_PERMISSIONS, o.roles ?? []),
    channel_id: channelId,
    channel: {
      ...guildTextChannel(guildId, { id: channelId, name: 'general' }),
      permissions: o.permissions ?? MEMBER_PERMISSIONS,
    },
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
    context: InteractionContextType.Guild,
  };
}

/** Option values as a test writes them; converted to typed options (string 3, integer 4, number 10, boolean 5). */
type SimpleOptions = Record<string, string | number | boolean>;

function toOptions(
  options: SimpleOptions | APIApplicationCommandInteractionDataOption[] | undefined,
  focused?: string,
): APIApplicationCommandInteractionDataOption[] {
  if (options === undefined) return [];
  if (Array.isArray(options)) return options;
  return Object.entries(options).map(([name, value]): APIApplicationCommandInteractionDataOption => {
    const isFocused = name === focused ? { focused: true } : {};
    if (typeof value === 'boolean') return { name, type: ApplicationCommandOptionType.Boolean, value };
    if (typeof value === 'number') {
      return Number.isInteger(value)
        ? { name, type: ApplicationCommandOptionType.Integer, value, ...isFocused }
        : { name, type: ApplicationCommandOptionType.Number, value, ...isFocused };
    }
    return { name, type: ApplicationCommandOptionType.String, value, ...isFocused };
  });
}

function wrapSubcommand(
  options: APIApplicationCommandInteractionDataOption[],
  subcommand?: string,
  subcommandGroup?: string,
): APIApplicationCommandInteractionDataOption[] {
  if (!subcommand) return options;
  const sub: APIApplicationCommandInteractionDataOption = {
    name: subcommand,
    type: ApplicationCommandOptionType.Subcommand,
    options: options as never,
  };
  if (!subcommandGroup) return [sub];
  return [
    { name: subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options: [sub] as never },
  ];
}

/** Stable per-name command ids, matching what `PUT /applications/:id/commands` hands out for the same name. */
export function commandIdFor(name: string): Snowflake {
  let h = 0n;
  for (const ch of name) h = (h * 131n + BigInt(ch.codePointAt(0) ?? 0)) % 1_000_000_000n;
  return (1_200_000_000_000_000_000n + h).toString();
}

export interface ChatInputOptions extends InteractionContextOptions {
  name: string;
  /** `{ query: 'Peskov', limit: 3 }` or raw API options. */
  options?: SimpleOptions | APIApplicationCommandInteractionDataOption[];
  subcommand?: string;
  subcommandGroup?: string;
  /**
   * Attachment options by name (from `fake.addAttachment`): each becomes a type-11 option whose value
   * is the attachment id, with the attachment itself in `data.resolved.attachments`, as Discord sends it.
   */
  attachments?: Record<string, APIAttachment>;
}

/** INTERACTION_CREATE data for a slash command. */
export function chatInput(o: ChatInputOptions): APIChatInputApplicationCommandInteraction {
  const base = interactionBase(o);
  const files = Object.entries(o.attachments ?? {});
  const fileOptions = files.map(([name, a]): APIApplicationCommandInteractionDataOption => ({
    name,
    type: ApplicationCommandOptionType.Attachment,
    value: a.id,
  }));
  return {
    ...base,
    type: InteractionType.ApplicationCommand,
    data: {
      id: commandIdFor(o.name),
      name: o.name,
      type: ApplicationCommandType.ChatInput,
      options: wrapSubcommand([...toOptions(o.options), ...fileOptions], o.subcommand, o.subcommandGroup),
      ...(files.length > 0
        ? { resolved: { attachments: Object.fromEntries(files.map(([, a]) => [a.id, a])) } }
        : {}),
      ...('guild_id' in base ? { guild_id: base.guild_id } : {}),
    },
  } satisfies APIChatInputApplicationCommandInteraction;
}

export interface AutocompleteOptions extends InteractionContextOptions {
  name: string;
  /** The option being typed in. */
  focused: { name: string; value: string | number };
  /** Other options already filled in. */
  options?: SimpleOptions;
  subcommand?: string;
  subcommandGroup?: string;
}

/** INTERACTION_CREATE data for an autocomplete request (type 4). */
export function autocomplete(o: AutocompleteOptions): APIApplicationCommandAutocompleteInteraction {
  const base = interactionBase(o);
  const all = { ...o.options, [o.focused.name]: o.focused.value };
  return {
    ...base,
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: commandIdFor(o.name),
      name: o.name,
      type: ApplicationCommandType.ChatInput,
      options: wrapSubcommand(toOptions(all, o.focused.name), o.subcommand, o.subcommandGroup),
      ...('guild_id' in base ? { guild_id: base.guild_id } : {}),
    },
  } satisfies APIApplicationCommandAutocompleteInteraction;
}

export interface ButtonOptions extends InteractionContextOptions {
  customId: string;
  /** The bot message carrying the button; by default a bot message with that one button. */
  message?: APIMessage;
}

/** INTERACTION_CREATE data for a button click (type 3, component_type 2). */
export function button(o: ButtonOptions): APIMessageComponentButtonInteraction {
  const base = interactionBase(o);
  const message =
    o.message ??
    botMessage({
      channelId: base.channel_id,
      content: 'Answer',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Secondary,
              custom_id: o.customId,
              label: 'More',
            },
          ],
        },
      ],
    });
  return {
    ...base,
    type: InteractionType.MessageComponent,
    message,
    data: { custom_id: o.customId, component_type: ComponentType.Button },
  } satisfies APIMessageComponentButtonInteraction;
}
