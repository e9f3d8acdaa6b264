/**
 * Typed builders for the gateway payloads a test dispatches to the bot through the fake Discord.
 *
 * Every builder returns a payload that the real Discord could send: discord.js silently drops or
 * crashes on events that miss fields it reads unconditionally (e.g. `entitlements.reduce`,
 * `data.member.user` when `user` is absent, `channel_type` for partial DM channels), so the fields
 * here are complete rather than minimal.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  type GuildMemberFlags,
  type RoleFlags,
  type APIDMChannel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  type APIApplicationCommandAutocompleteInteraction,
  type APIAttachment,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIGuildTextChannel,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIMessageTopLevelComponent,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayMessageCreateDispatchData,
  type Snowflake,
} from 'discord-api-types/v10';

// ---------------------------------------------------------------------------------------------
// Snowflakes and fixed identities
// ---------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh, valid, strictly increasing snowflake (timestamp-based, so `createdAt` is sensible). */
export function snowflake(): Snowflake {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** The bot's user id; it is also the application id, as for every real bot created since 2019. */
export const BOT_ID: Snowflake = '1100000000000000001';
export const APPLICATION_ID: Snowflake = BOT_ID;
export const DEFAULT_GUILD_ID: Snowflake = '1100000000000000100';
export const DEFAULT_CHANNEL_ID: Snowflake = '1100000000000000101';
export const DEFAULT_USER_ID: Snowflake = '1100000000000000200';

/** @everyone-style permissions of an ordinary member (view, send, embed, attach, history, use commands). */
export const MEMBER_PERMISSIONS = (
  (1n << 10n) | // VIEW_CHANNEL
  (1n << 11n) | // SEND_MESSAGES
  (1n << 14n) | // EMBED_LINKS
  (1n << 15n) | // ATTACH_FILES
  (1n << 16n) | // READ_MESSAGE_HISTORY
  (1n << 31n)
) // USE_APPLICATION_COMMANDS
  .toString();
/** ADMINISTRATOR plus the member permissions. */
export const ADMIN_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | (1n << 3n)).toString();
/** What Discord reports as `app_permissions` for a bot with ordinary channel access. */
export const APP_PERMISSIONS = MEMBER_PERMISSIONS;

export function user(overrides: Partial<APIUser> = {}): APIUser {
  const id = overrides.id ?? DEFAULT_USER_ID;
  return {
    id,
    username: `user${id.slice(-4)}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
    ...overrides,
  };
}

export const BOT_USER: APIUser = {
  id: BOT_ID,
  username: 'dossier',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
};

export const DEFAULT_USER: APIUser = user();

export function guildMember(
  u: APIUser,
  permissions: string = MEMBER_PERMISSIONS,
  roles: Snowflake[] = [],
): APIInteractionGuildMember {
  return {
    user: u,
    roles,
    permissions,
    joined_at: new Date(Date.UTC(2024, 0, 1)).toISOString(),
    premium_since: null,
    nick: null,
    avatar: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Interactions
// ---------------------------------------------------------------------------------------------

/** Where and by whom an interaction happens. In a guild by default; `dm: true` for a bot DM. */
export interface InteractionContextOptions {
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

/** A stable DM channel id per user, so every DM builder and the REST fake agree on it. */
export function dmChannelIdFor(userId: Snowflake): Snowflake {
  return (BigInt(userId) + 7_000_000n).toString();
}

/** The bot's DM channel with `recipient`. */
export function dmChannel(recipient: APIUser, id: Snowflake = dmChannelIdFor(recipient.id)): APIDMChannel {
  return { id, type: ChannelType.DM, name: null, recipients: [recipient], last_message_id: null };
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
    application_id: APPLICATION_ID,
    token: o.token ?? interactionToken(),
    version: 1 as const,
    app_permissions: APP_PERMISSIONS,
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
      id: channelId,
      type: ChannelType.GuildText as const,
      guild_id: guildId,
      name: 'general',
      position: 0,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      permissions: o.permissions ?? MEMBER_PERMISSIONS,
    },
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
    context: InteractionContextType.Guild,
  };
}

/** Option values as a test writes them; converted to typed options (string 3, integer 4, number 10, boolean 5). */
export type SimpleOptions = Record<string, string | number | boolean>;

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

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export interface MessageOptions {
  id?: Snowflake;
  channelId: Snowflake;
  author?: APIUser;
  content?: string;
  components?: APIMessageTopLevelComponent[];
}

/** A complete APIMessage (what REST returns and what MESSAGE_CREATE carries). */
export function message(o: MessageOptions): APIMessage {
  return {
    id: o.id ?? snowflake(),
    channel_id: o.channelId,
    author: o.author ?? DEFAULT_USER,
    content: o.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: MessageType.Default,
    components: o.components ?? [],
  };
}

export function botMessage(o: Omit<MessageOptions, 'author'>): APIMessage {
  return message({ ...o, author: BOT_USER });
}

/** MESSAGE_CREATE payload data, with the gateway-only `channel_type` that discord.js needs for partial channels. */
export type MessageCreateData = GatewayMessageCreateDispatchData & { channel_type?: ChannelType };

export interface DmMessageOptions {
  content: string;
  author?: APIUser;
  channelId?: Snowflake;
  id?: Snowflake;
}

/**
 * A user's DM to the bot. No guild_id; `channel_type: 1` lets discord.js (with the Channel partial)
 * build the uncached DM channel instead of dropping the event.
 */
export function dmMessage(o: DmMessageOptions): MessageCreateData {
  const author = o.author ?? DEFAULT_USER;
  return {
    ...message({ id: o.id, channelId: o.channelId ?? dmChannelIdFor(author.id), author, content: o.content }),
    mentions: [],
    channel_type: ChannelType.DM,
  };
}

export interface MentionOptions {
  /** The question after the mention. */
  content: string;
  guildId?: Snowflake;
  channelId?: Snowflake;
  author?: APIUser;
  id?: Snowflake;
  /** Use the nickname mention form `<@!id>`. */
  nickMention?: boolean;
}

/** A guild message that mentions the bot: content `<@BOT_ID> question`, `mentions` holding the bot user. */
export function mention(o: MentionOptions): MessageCreateData {
  const author = o.author ?? DEFAULT_USER;
  const { user: _u, permissions: _p, ...member } = guildMember(author);
  const { user: _b, permissions: _bp, ...botMember } = guildMember(BOT_USER);
  return {
    ...message({
      id: o.id,
      channelId: o.channelId ?? DEFAULT_CHANNEL_ID,
      author,
      content: `<@${o.nickMention ? '!' : ''}${BOT_ID}> ${o.content}`,
    }),
    guild_id: o.guildId ?? DEFAULT_GUILD_ID,
    member,
    mentions: [{ ...BOT_USER, member: botMember }],
    channel_type: ChannelType.GuildText,
  };
}

// ---------------------------------------------------------------------------------------------
// Guilds
// ---------------------------------------------------------------------------------------------

export interface GuildChannelOptions {
  id: Snowflake;
  name: string;
  type?: ChannelType.GuildText | ChannelType.GuildAnnouncement;
}

export interface GuildCreateOptions {
  id?: Snowflake;
  name?: string;
  channels?: GuildChannelOptions[];
  ownerId?: Snowflake;
  /** Members besides the bot (the bot is always a member). */
  members?: APIUser[];
}

export function guildTextChannel(
  guildId: Snowflake,
  c: GuildChannelOptions,
  position = 0,
): APIGuildTextChannel<ChannelType.GuildText> {
  return {
    id: c.id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name: c.name,
    position,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

/** GUILD_CREATE data for a small available guild with text channels, the @everyone role and the bot as member. */
export function guildCreate(o: GuildCreateOptions = {}): GatewayGuildCreateDispatchData {
  const id = o.id ?? DEFAULT_GUILD_ID;
  const channels = (o.channels ?? [{ id: DEFAULT_CHANNEL_ID, name: 'general' }]).map((c, i) => {
    // GUILD_CREATE channels carry no guild_id; discord.js fills it in.
    const { guild_id: _g, ...channel } = guildTextChannel(id, c, i);
    return channel;
  });
  const members = [BOT_USER, ...(o.members ?? [])].map((u) => {
    const { permissions: _p, ...m } = guildMember(u);
    return m;
  });
  return {
    id,
    name: o.name ?? 'Newsroom',
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: o.ownerId ?? DEFAULT_USER_ID,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [
      {
        id,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: MEMBER_PERMISSIONS,
        managed: false,
        mentionable: false,
        flags: 0 as RoleFlags,
      },
    ],
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: new Date(Date.UTC(2024, 0, 1)).toISOString(),
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels: channels as GatewayGuildCreateDispatchData['channels'],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
