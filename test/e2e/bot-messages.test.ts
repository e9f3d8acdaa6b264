/**
 * Plain DMs, @mentions in channels and slash commands in DMs: the real bot reads them from the
 * gateway and answers with REST requests that reply to the user's message and ping nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOT_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_USER_ID,
  chatInput,
  dmChannelIdFor,
  dmMessage,
  mention,
  user,
} from '../harness/index.js';
import {
  answerOf,
  expectCleanRun,
  expectWithinLimits,
  interactionLog,
  startBot,
  textOf,
  unescaped,
  type MessageBody,
  type TestBot,
} from './helpers.js';

describe('the bot answers DMs and mentions', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startBot();
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Dispatches MESSAGE_CREATE and waits for the bot's reply to it in the same channel. */
  async function replyTo(payload: { id: string; channel_id: string }) {
    const since = t.fake.sentMessages.length;
    expect(t.fake.dispatch('MESSAGE_CREATE', payload)).toBe(1);
    const sent = await t.fake.waitForMessage(payload.channel_id, {
      since,
      predicate: (m) => m.message_reference?.message_id === payload.id,
    });
    const body = sent.request?.body as MessageBody;
    expect(sent.request?.method).toBe('POST');
    expect(sent.request?.path).toBe(`/channels/${payload.channel_id}/messages`);
    expect(body.message_reference?.message_id).toBe(payload.id);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expectWithinLimits(body, 'reply');
    return { sent, body, text: textOf(body) };
  }

  it('a DM "who is Peskov?" is answered in the DM channel with the /who answer', async () => {
    const dm = dmMessage({ content: 'who is Peskov?' });
    const { sent, text } = await replyTo(dm);
    expect(sent.channelId).toBe(dmChannelIdFor(DEFAULT_USER_ID));
    expect(text).toContain('Dmitry Peskov');
    expect(text).toMatch(/Kremlin/);
    expect(text).toMatch(/¶\d+/);
    const line = await t.waitForLog((l) => l.msg === 'message' && l.message === dm.id);
    expect(line).toMatchObject({
      command: 'message',
      outcome: 'answered',
      guild: 'dm',
      user: DEFAULT_USER_ID,
    });
  });

  it('a DM "help" is answered with the usage', async () => {
    const { text } = await replyTo(dmMessage({ content: 'help' }));
    expect(text).toMatch(/\/who/);
    expect(text).toMatch(/\/ask/);
    expect(text).not.toMatch(/\/admin/);
  });

  it.each(['hi', 'Hello there!', 'thanks'])(
    'a DM greeting, "%s", is answered with the usage, not a search',
    async (content) => {
      const { text } = await replyTo(dmMessage({ content }));
      expect(text).toMatch(/\/who/);
      expect(text).not.toMatch(/Nothing about/);
    },
  );

  it('a DM typed like a slash command ("/who Peskov") runs that command', async () => {
    const { body } = await replyTo(dmMessage({ content: '/who Peskov' }));
    expect(body.embeds?.[0]?.title).toMatch(/^Who is Peskov\?/);
    expect(textOf(body)).toContain('Dmitry Peskov');
  });

  it('a DM "/admin status" from a user not in ADMIN_USER_IDS is refused in the reply', async () => {
    const { text } = await replyTo(dmMessage({ content: '/admin status' }));
    expect(unescaped(text)).toMatch(/ADMIN_USER_IDS/);
    expect(text).not.toMatch(/Articles:/);
  });

  it('a bare mention "<@bot>" is answered with the usage', async () => {
    const { text } = await replyTo(mention({ content: '' }));
    expect(text).toMatch(/\/who/);
  });

  it('a slash command in a DM (user, no member, no guild) is answered', async () => {
    const payload = chatInput({ name: 'who', options: { name: 'Peskov' }, dm: true });
    expect(payload).not.toHaveProperty('member');
    expect(payload).not.toHaveProperty('guild_id');
    const rec = await t.fake.interact(payload);
    const body = answerOf(rec);
    expect(textOf(body)).toContain('Dmitry Peskov');
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(await interactionLog(t, rec.id)).toMatchObject({
      command: 'who',
      guild: 'dm',
      outcome: 'answered',
    });
  });

  it('a mention in a guild channel "<@bot> when is the summit?" is answered as a reply there', async () => {
    const m = mention({ content: 'when is the summit?' });
    expect(m.content).toBe(`<@${BOT_ID}> when is the summit?`);
    const { sent, body } = await replyTo(m);
    expect(sent.channelId).toBe(DEFAULT_CHANNEL_ID);
    expect(body.embeds?.[0]?.title).toMatch(/summit/i);
    expect(body.embeds?.[0]?.title).not.toContain(BOT_ID);
  });

  it('a nickname mention "<@!bot>" is answered too', async () => {
    const { text } = await replyTo(mention({ content: 'who is Peskov?', nickMention: true }));
    expect(text).toContain('Dmitry Peskov');
  });

  it('a guild message without a mention gets no reply', async () => {
    const author = user({ id: '1100000000000000333' });
    const plain = { ...mention({ content: 'x', author }), content: 'who is Peskov?', mentions: [] };
    const otherUser = {
      ...mention({ content: 'x', author }),
      content: '<@1100000000000000999> who is Peskov?',
      mentions: [],
    };
    t.fake.dispatch('MESSAGE_CREATE', plain);
    t.fake.dispatch('MESSAGE_CREATE', otherUser);
    // Gateway events are handled in order: once the next mention is answered, the others were seen.
    await replyTo(mention({ content: 'who is Peskov?', author }));
    const refs = t.fake.sentMessages.map((s) => s.message.message_reference?.message_id);
    expect(refs).not.toContain(plain.id);
    expect(refs).not.toContain(otherUser.id);
  });

  it('a message from another bot, even mentioning Dossier, gets no reply', async () => {
    const fromBot = mention({
      content: 'who is Peskov?',
      author: user({ id: '1100000000000000444', bot: true }),
    });
    t.fake.dispatch('MESSAGE_CREATE', fromBot);
    await replyTo(dmMessage({ content: 'help' }));
    expect(t.fake.sentMessages.map((s) => s.message.message_reference?.message_id)).not.toContain(fromBot.id);
  });

  it('a DM with mentions in it replies without pinging and without live mentions', async () => {
    const { body, text } = await replyTo(dmMessage({ content: 'summit @everyone @here <@&123> <@456>' }));
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<@&?\d+>/);
  });

  it('made no request Discord would refuse', () => {
    expectCleanRun(t);
  });
});
