/**
 * The fake Discord's fault controls and remaining surfaces, each checked against the real
 * discord.js client: mentions and intents, files and with_response, command registration,
 * zombie connections, invalidated sessions and hung requests.
 */
import { once } from 'node:events';
import {
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  Partials,
  type Message,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  chatInput,
  dmMessage,
  mention,
  startFakeDiscord,
  type FakeDiscord,
} from '../harness/index.js';

const TOKEN = 'fake-token-for-fault-tests';

describe('fake Discord fault controls with the real discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;
  const messages: Message[] = [];

  /** The message with `id` as discord.js emitted it (already or when it arrives). */
  const messageWithId = (id: string) =>
    new Promise<Message>((resolve, reject) => {
      const seen = messages.find((m) => m.id === id);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`messageCreate ${id} not emitted`)), 10_000);
      const listener = (m: Message) => {
        if (m.id !== id) return;
        clearTimeout(timer);
        client.off(Events.MessageCreate, listener);
        resolve(m);
      };
      client.on(Events.MessageCreate, listener);
    });

  beforeAll(async () => {
    // A short heartbeat so zombie detection happens within the test.
    fake = await startFakeDiscord({ token: TOKEN, heartbeatIntervalMs: 250 });
    client = new Client({
      // GuildMessages without MessageContent: content is only visible for mentions of the bot.
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      partials: [Partials.Channel],
      rest: { api: fake.api, timeout: 3_000, retries: 2 },
    });
    client.on(Events.MessageCreate, (m) => messages.push(m));
    const ready = once(client, Events.ClientReady);
    await client.login(TOKEN);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('delivers a mention with its content and lets the bot reply in the guild channel', async () => {
    const m = mention({ content: 'who is Peskov?' });
    expect(fake.dispatch('MESSAGE_CREATE', m)).toBe(1);
    const received = await messageWithId(m.id);
    expect(received.content).toBe(`<@${client.user?.id}> who is Peskov?`);
    expect(received.mentions.users.has(client.user?.id ?? '')).toBe(true);
    expect(received.channel.type).toBe(ChannelType.GuildText);
    await received.reply({ content: 'Kremlin spokesman', allowedMentions: { parse: [] } });
    const sent = await fake.waitForMessage(DEFAULT_CHANNEL_ID);
    expect(sent.message.message_reference?.message_id).toBe(m.id);
  });

  it('blanks other guild messages without MessageContent and drops DMs without DirectMessages', async () => {
    const plain = { ...mention({ content: 'x' }), content: 'just chatting', mentions: [] };
    fake.dispatch('MESSAGE_CREATE', plain);
    const received = await messageWithId(plain.id);
    expect(received.content).toBe('');
    expect(fake.dispatch('MESSAGE_CREATE', dmMessage({ content: 'hi' }))).toBe(0);
    expect(fake.droppedDispatches.at(-1)).toMatchObject({
      event: 'MESSAGE_CREATE',
      reason: 'missing intent DirectMessages',
    });
  });

  it('records files from a multipart reply and answers with_response=true', async () => {
    const handled = new Promise<void>((resolve, reject) => {
      client.once(Events.InteractionCreate, (i) => {
        if (!i.isChatInputCommand()) return;
        i.reply({
          content: 'sources attached',
          files: [{ attachment: Buffer.from('1. Reuters, 2024-03-03'), name: 'sources.txt' }],
          allowedMentions: { parse: [] },
          withResponse: true,
        })
          .then((response) => {
            expect(response.resource?.message?.attachments.first()?.name).toBe('sources.txt');
            resolve();
          })
          .catch(reject);
      });
    });
    const rec = await fake.interact(chatInput({ name: 'sources' }));
    await handled;
    expect(rec.callback?.data).toMatchObject({
      content: 'sources attached',
      attachments: [{ id: '0' }],
    });
    expect(rec.callback?.files).toMatchObject([
      { field: 'files[0]', filename: 'sources.txt', text: '1. Reuters, 2024-03-03' },
    ]);
    expect(rec.attempts[0]?.request.query.with_response).toBe('true');
  });

  it('registers commands globally and per guild, and rejects invalid names with 50035', async () => {
    const defs = [
      {
        name: 'who',
        description: 'Who is someone?',
        options: [{ type: 3, name: 'query', description: 'Name', required: true }],
      },
    ];
    const global = await client.application!.commands.set(defs);
    expect([...global.values()].map((c) => c.name)).toEqual(['who']);
    await client.application!.commands.set(defs, DEFAULT_GUILD_ID);
    expect(fake.commands('global')[0]?.name).toBe('who');
    expect(fake.commands(DEFAULT_GUILD_ID)[0]).toMatchObject({ name: 'who', guild_id: DEFAULT_GUILD_ID });
    const error = await client
      .application!.commands.set([{ name: 'Who Is', description: 'bad' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
  });

  it('retries a hung request after the REST timeout', async () => {
    const hang = fake.injectFault({
      method: 'POST',
      path: '/channels/:id/messages',
      fault: { kind: 'hang' },
    });
    const channel = client.channels.cache.get(DEFAULT_CHANNEL_ID);
    if (!channel?.isSendable()) throw new Error('channel not cached');
    const sent = await channel.send({ content: 'after a timeout', allowedMentions: { parse: [] } });
    expect(hang.hits).toBe(1);
    expect(sent.content).toBe('after a timeout');
    expect(
      fake.requests.filter(
        (r) => r.path === `/channels/${DEFAULT_CHANNEL_ID}/messages` && r.fault === 'hang',
      ),
    ).toHaveLength(1);
  });

  it('makes discord.js resume when heartbeats are not acknowledged', async () => {
    const resumesBefore = fake.resumeCount;
    const resumed = once(client, Events.ShardResume);
    fake.stopAcking();
    await fake.waitForGateway((f) => f.dir === 'in' && f.op === 6);
    fake.resumeAcking();
    await resumed;
    expect(fake.resumeCount).toBe(resumesBefore + 1);
    expect(fake.gatewayConnections.at(-2)?.closed).toMatchObject({ by: 'bot', code: 4200 });
  });

  it('makes discord.js identify again after a non-resumable INVALID_SESSION', async () => {
    const identifiesBefore = fake.identifyCount;
    fake.invalidateSession(false);
    // The identify throttle may hold the new IDENTIFY up to ~6.5 s after the previous one.
    await fake.waitForGateway((f) => f.dir === 'out' && f.t === 'READY' && f.connection > 1, 20_000);
    expect(fake.identifyCount).toBe(identifiesBefore + 1);
    client.once(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) void i.reply({ content: 'pong', allowedMentions: { parse: [] } });
    });
    const rec = await fake.interact(chatInput({ name: 'ping' }));
    expect(rec.callback).toMatchObject({ type: 4, data: { content: 'pong' } });
    expect(fake.unknownRoutes).toEqual([]);
  });
});
