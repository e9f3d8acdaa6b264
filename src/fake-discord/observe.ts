/**
 * What the fake Discord learns from what it dispatches to the bot: guilds and their channels, users,
 * messages, and the interactions whose callbacks and webhooks the REST routes then answer.
 */
import {
  ChannelType,
  type APIInteraction,
  type APIMessage,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import { dmChannel, guildTextChannel } from './payloads.js';
import type { FakeChannel, FakeState } from './state.js';

/** Stores a guild, its channels and its members. */
export function registerGuild(state: FakeState, guild: GatewayGuildCreateDispatchData): void {
  state.guilds.set(guild.id, guild);
  guild.channels.forEach((c, i) => {
    if (c.type === ChannelType.GuildText) {
      state.channels.set(c.id, guildTextChannel(guild.id, { id: c.id, name: c.name }, i));
    } else {
      state.channels.set(c.id, { ...c, guild_id: guild.id } as FakeChannel);
    }
  });
  for (const m of guild.members) if (m.user) state.knownUsers.set(m.user.id, m.user);
}

/** Learns users, channels, messages and interactions from what is dispatched to the bot. */
export function observeDispatch(state: FakeState, event: string, data: unknown): void {
  const d = data as Record<string, unknown>;
  if (event === 'GUILD_CREATE') registerGuild(state, data as GatewayGuildCreateDispatchData);
  if (event === 'INTERACTION_CREATE') {
    const i = data as APIInteraction;
    const u = i.user ?? i.member?.user;
    if (u) state.knownUsers.set(u.id, u);
    if (i.channel && !state.channels.has(i.channel.id))
      state.channels.set(i.channel.id, i.channel as FakeChannel);
    if ('message' in i && i.message) state.messages.set(i.message.id, i.message);
    state.interactions.set(i.id, {
      id: i.id,
      token: i.token,
      applicationId: i.application_id,
      type: i.type,
      payload: i,
      dispatchedAt: Date.now(),
      callback: null,
      attempts: [],
      edits: [],
      original: 'message' in i && i.message ? i.message : null,
      followUps: [],
      deleted: false,
    });
  }
  if (event === 'MESSAGE_CREATE') {
    const m = data as APIMessage & { channel_type?: number; guild_id?: string };
    state.knownUsers.set(m.author.id, m.author);
    state.messages.set(m.id, m);
    if (!state.channels.has(m.channel_id) && m.channel_type === ChannelType.DM && d.guild_id === undefined) {
      state.channels.set(m.channel_id, dmChannel(m.author, m.channel_id));
    }
  }
}
