/**
 * Memory does not grow with the number of users (#17, defect 7): discord.js kept a User, a member
 * and a DM channel for every person who ever wrote (about 6 KB each). After more distinct users than
 * the limits, the caches hold at most the limits, and no DM channel is left behind.
 */
import { ChannelType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHED_MEMBERS, CACHED_USERS } from '../../src/bot/bot.js';
import { DEFAULT_GUILD_ID, chatInput, dmMessage, mention, user } from '../harness/index.js';
import { expectCleanRun, startBot, type TestBot } from './helpers.js';

describe('the client caches stay bounded as users come and go', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startBot();
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Sends the messages and waits until each is answered. */
  async function answerAll(messages: { id: string; channel_id: string }[]) {
    const since = t.fake.sentMessages.length;
    for (const m of messages) expect(t.fake.dispatch('MESSAGE_CREATE', m)).toBe(1);
    const ids = new Set(messages.map((m) => m.id));
    await expect
      .poll(
        () =>
          t.fake.sentMessages
            .slice(since)
            .filter((s) => ids.has(s.message.message_reference?.message_id ?? '')).length,
        { timeout: 60_000, interval: 100 },
      )
      .toBe(messages.length);
  }

  it(`${CACHED_USERS + 100} users writing a DM leave at most ${CACHED_USERS} users and no DM channel cached`, async () => {
    const users = Array.from({ length: CACHED_USERS + 100 }, (_, i) =>
      user({ id: String(1_300_000_000_000_000_000n + BigInt(i)) }),
    );
    for (let i = 0; i < users.length; i += 50)
      await answerAll(users.slice(i, i + 50).map((author) => dmMessage({ content: 'help', author })));
    const client = t.bot.client;
    expect(client.users.cache.size).toBeLessThanOrEqual(CACHED_USERS + 1);
    expect(client.users.cache.has(client.user!.id)).toBe(true);
    await expect.poll(() => client.channels.cache.filter((c) => c.type === ChannelType.DM).size).toBe(0);
  }, 120_000);

  it(`${CACHED_MEMBERS + 50} members mentioning the bot leave at most ${CACHED_MEMBERS} members cached`, async () => {
    const members = Array.from({ length: CACHED_MEMBERS + 50 }, (_, i) =>
      user({ id: String(1_310_000_000_000_000_000n + BigInt(i)) }),
    );
    for (let i = 0; i < members.length; i += 50)
      await answerAll(members.slice(i, i + 50).map((author) => mention({ content: 'help', author })));
    const guild = t.bot.client.guilds.cache.get(DEFAULT_GUILD_ID)!;
    expect(guild.members.cache.size).toBeLessThanOrEqual(CACHED_MEMBERS + 1);
    expect(guild.members.cache.has(t.bot.client.user!.id)).toBe(true);
  }, 120_000);

  it('slash commands in DMs from many users leave no DM channel cached either', async () => {
    const askers = Array.from({ length: 60 }, (_, i) =>
      user({ id: String(1_320_000_000_000_000_000n + BigInt(i)) }),
    );
    await Promise.all(
      askers.map((asker) =>
        t.fake.interact(chatInput({ name: 'who', options: { name: 'Peskov' }, dm: true, user: asker })),
      ),
    );
    const client = t.bot.client;
    await expect.poll(() => client.channels.cache.filter((c) => c.type === ChannelType.DM).size).toBe(0);
  }, 60_000);

  it('made no request Discord would refuse and logged no error', () => {
    expectCleanRun(t);
  });
});
