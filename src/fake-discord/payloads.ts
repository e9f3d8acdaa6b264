/**
 * Typed builders for the gateway payloads a test dispatches to the bot through the fake Discord.
 *
 * Every builder returns a payload that the real Discord could send: discord.js silently drops or
 * crashes on events that miss fields it reads unconditionally (e.g. `entitlements.reduce`,
 * `data.member.user` when `user` is absent, `channel_type` for partial DM channels), so the fields
 * here are complete rather than minimal. Interactions are built in interaction-payloads.ts.
 */
import {
  ChannelType,
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
  Locale,
  MessageType,
  type APIGuildTextChannel,
  type APIInteractionGuildMember,
  type APIMessage,
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
// DM channels
// ---------------------------------------------------------------------------------------------

/** A stable DM channel id per user, so every DM builder and the REST fake agree on it. */
export function dmChannelIdFor(userId: Snowflake): Snowflake {
  return (BigInt(userId) + 7_000_000n).toString();
}

/** The bot's DM channel with `recipient`. */
export function dmChannel(recipient: APIUser, id: Snowflake = dmChannelIdFor(recipient.id)): APIDMChannel {
  return { id, type: ChannelType.DM, name: null, recipients: [recipient], last_message_id: null };
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
function message(o: MessageOptions): APIMessage {
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
