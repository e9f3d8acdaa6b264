/**
 * Smoke test of the fake Discord: the real discord.js client logs in through `rest.api`, finds the
 * gateway through `GET /gateway/bot`, and every surface Dossier uses round-trips through it.
 */
import { once } from 'node:events';
import {
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  Partials,
  type Interaction,
  type Message,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOT_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_USER_ID,
  autocomplete,
  button,
  chatInput,
  dmChannelIdFor,
  dmMessage,
  startFakeDiscord,
  type FakeDiscord,
} from '../harness/index.js';

// Shaped like a real token so a leak would be recognisable; it is not one.
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEt.fake-discord-token-for-tests-only_0123456789';

type Handler = (interaction: Interaction) => Promise<void>;

describe('fake Discord with the real discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;
  /** Per-test interaction handlers, keyed by command name or custom id. */
  const handlers = new Map<string, Handler>();
  const handlerErrors: unknown[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TOKEN });
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      rest: { api: fake.api },
    });
    client.on(Events.InteractionCreate, (interaction) => {
      const key =
        interaction.isChatInputCommand() || interaction.isAutocomplete()
          ? interaction.commandName
          : interaction.isButton()
            ? interaction.customId
            : '';
      handlers
        .get(key)?.(interaction)
        .catch((error: unknown) => handlerErrors.push(error));
    });
    client.on(Events.MessageCreate, (message: Message) => {
      if (message.author.bot || message.channel.type !== ChannelType.DM) return;
      message
        .reply({ content: `You said: ${message.content}`, allowedMentions: { parse: [] } })
        .catch((error: unknown) => handlerErrors.push(error));
    });
    const ready = once(client, Events.ClientReady);
    await client.login(TOKEN);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('logs in through rest.api, /api/v10/gateway/bot and the gateway URL it returns', () => {
    const gatewayBot = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gatewayBot).toMatchObject({ method: 'GET', version: 10, status: 200 });
    expect(fake.gatewayConnections[0]).toMatchObject({
      path: '/gateway',
      query: { v: '10', encoding: 'json' },
    });
    expect(client.user?.id).toBe(BOT_ID);
    expect(client.application?.id).toBe(BOT_ID);
    // GUILD_CREATE after READY made the guild and its channel available.
    expect(client.guilds.cache.get(DEFAULT_GUILD_ID)?.channels.cache.has(DEFAULT_CHANNEL_ID)).toBe(true);
  });

  it('delivers a slash command and records a type-4 reply with its embed and allowed_mentions', async () => {
    let seenQuery: string | null = null;
    handlers.set('who', async (i) => {
      if (!i.isChatInputCommand()) return;
      seenQuery = i.options.getString('query');
      await i.reply({
        embeds: [new EmbedBuilder().setTitle('Dmitry Peskov').setDescription('Kremlin spokesman')],
        allowedMentions: { parse: [] },
      });
    });
    const rec = await fake.interact(chatInput({ name: 'who', options: { query: 'Peskov' } }));
    expect(seenQuery).toBe('Peskov');
    expect(rec.callback?.type).toBe(4);
    expect(rec.callback?.data).toMatchObject({
      embeds: [{ title: 'Dmitry Peskov', description: 'Kremlin spokesman' }],
      allowed_mentions: { parse: [] },
    });
    expect(rec.original?.embeds[0]?.title).toBe('Dmitry Peskov');
  });

  it('round-trips a deferred reply and its editReply', async () => {
    handlers.set('when', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'On 3 March 2024.', allowedMentions: { parse: [] } });
    });
    const rec = await fake.interact(chatInput({ name: 'when', options: { query: 'summit' }, dm: true }));
    expect(rec.callback?.type).toBe(5);
    expect(rec.edits).toHaveLength(1);
    expect(rec.edits[0]).toMatchObject({ content: 'On 3 March 2024.', allowed_mentions: { parse: [] } });
    expect(rec.original?.content).toBe('On 3 March 2024.');
    expect((rec.original?.flags ?? 0) & (1 << 7)).toBe(0); // no longer "thinking…"
    expect(fake.requests.some((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'))).toBe(
      true,
    );
  });

  it('answers autocomplete with a type-8 callback of choices', async () => {
    handlers.set('who', async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond([{ name: `Peskov (${typed})`, value: 'peskov' }]);
    });
    const rec = await fake.interact(autocomplete({ name: 'who', focused: { name: 'query', value: 'Pes' } }));
    expect(rec.callback).toMatchObject({
      type: 8,
      data: { choices: [{ name: 'Peskov (Pes)', value: 'peskov' }] },
    });
  });

  it('delivers a DM to messageCreate and records message.reply() on the DM channel', async () => {
    const since = fake.sentMessages.length;
    const dm = dmMessage({ content: 'who is Peskov?' });
    expect(fake.dispatch('MESSAGE_CREATE', dm)).toBe(1);
    const sent = await fake.waitForMessage(dmChannelIdFor(DEFAULT_USER_ID), { since });
    expect(sent.message.content).toBe('You said: who is Peskov?');
    expect(sent.request?.body).toMatchObject({
      message_reference: { message_id: dm.id },
      allowed_mentions: { parse: [] },
    });
    expect(sent.request?.headers.authorization).toBe(`Bot ${TOKEN}`);
  });

  it('delivers a button click and records the type-7 update of its message', async () => {
    handlers.set('page:2', async (i) => {
      if (!i.isButton()) return;
      await i.update({ content: 'Page 2 of 2', components: [], allowedMentions: { parse: [] } });
    });
    const rec = await fake.interact(button({ customId: 'page:2' }));
    expect(rec.callback).toMatchObject({ type: 7, data: { content: 'Page 2 of 2', components: [] } });
    expect(rec.original?.content).toBe('Page 2 of 2');
  });

  it('serves followUp, fetchReply, deleteReply, createDM and sendTyping', async () => {
    let fetchedContent: string | undefined;
    handlers.set('more', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'first', allowedMentions: { parse: [] } });
      fetchedContent = (await i.fetchReply()).content;
      await i.followUp({ content: 'second', ephemeral: false, allowedMentions: { parse: [] } });
      await i.deleteReply();
      const dm = await i.user.createDM();
      await dm.sendTyping();
      await dm.send({ content: 'in your DMs', allowedMentions: { parse: [] } });
    });
    const rec = await fake.interact(chatInput({ name: 'more' }));
    const sent = await fake.waitForMessage(dmChannelIdFor(DEFAULT_USER_ID), {
      predicate: (m) => m.content === 'in your DMs',
    });
    expect(sent.via).toBe('channel');
    expect(fetchedContent).toBe('first');
    expect(rec.followUps.map((m) => m.content)).toEqual(['second']);
    expect(rec.deleted).toBe(true);
    expect(fake.requests.some((r) => r.route === 'POST /channels/:channelId/typing')).toBe(true);
  });

  it('rejects a second acknowledgement with 40060, as Discord does', async () => {
    handlers.set('twice', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'one', allowedMentions: { parse: [] } });
      // discord.js refuses locally (InteractionAlreadyReplied), so go to REST directly.
      await client.rest
        .post(`/interactions/${i.id}/${i.token}/callback`, {
          body: { type: 4, data: { content: 'two' } },
          auth: false,
        })
        .catch((error: unknown) => {
          if (!(error instanceof DiscordAPIError) || error.code !== 40060) throw error;
        });
    });
    const rec = await fake.interact(chatInput({ name: 'twice' }));
    const done = await fake.waitForInteraction(rec.id, (r) => r.attempts.length === 2);
    expect(done.attempts.map((a) => a.status)).toEqual([204, 400]);
  });

  it('answers over-limit content with 400 / 50035 Invalid Form Body', async () => {
    let error: unknown;
    handlers.set('long', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'x'.repeat(2001), allowedMentions: { parse: [] } }).catch((e: unknown) => {
        error = e;
      });
      await i.reply({ content: 'shortened', allowedMentions: { parse: [] } });
    });
    const rec = await fake.interact(chatInput({ name: 'long' }));
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
    expect(rec.attempts[0]?.request.validationErrors[0]?.path).toBe('data.content');
    expect(rec.callback?.data).toMatchObject({ content: 'shortened' });
  });

  it('lets discord.js retry through an injected 429 and a 500', async () => {
    const limited = fake.injectFault({
      method: 'POST',
      path: '/interactions/:id/:token/callback',
      fault: { kind: 'rateLimit', retryAfter: 0.2 },
    });
    const broken = fake.injectFault({
      method: 'PATCH',
      path: /\/messages\/@original$/,
      fault: { kind: 'status', status: 500 },
    });
    handlers.set('flaky', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'made it', allowedMentions: { parse: [] } });
    });
    const rec = await fake.interact(chatInput({ name: 'flaky' }));
    expect(limited.hits).toBe(1);
    expect(broken.hits).toBe(1);
    expect(rec.original?.content).toBe('made it');
  });

  it('resumes after the gateway closes with 4000 and keeps receiving interactions', async () => {
    handlers.set('ping', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'pong', allowedMentions: { parse: [] } });
    });
    const resumed = once(client, Events.ShardResume);
    await fake.closeGateway(4000);
    // Dispatched while the bot is away: replayed on RESUME.
    const during = fake.interact(chatInput({ name: 'ping' }));
    await resumed;
    expect((await during).callback?.type).toBe(4);
    const resumeConnection = fake.gatewayConnections.at(-1);
    expect(resumeConnection?.path).toBe('/gateway/resume'); // used resume_gateway_url
    expect(fake.resumeCount).toBe(1);
    expect(fake.identifyCount).toBe(1);

    const after = await fake.interact(chatInput({ name: 'ping' }));
    expect(after.callback).toMatchObject({ type: 4, data: { content: 'pong' } });
  });

  it('hit no unknown route, and the token appears only in Authorization headers', () => {
    expect(handlerErrors).toEqual([]);
    expect(fake.unknownRoutes).toEqual([]);
    expect(fake.requests.length).toBeGreaterThan(5);
    for (const r of fake.requests) {
      const { authorization, ...headers } = r.headers;
      const elsewhere = JSON.stringify({ url: r.url, headers, body: r.rawBody });
      expect(elsewhere, `${r.method} ${r.path}`).not.toContain(TOKEN);
      // Interaction and webhook routes authenticate by their own token, never the bot's.
      if (r.path.startsWith('/interactions/') || r.path.startsWith('/webhooks/'))
        expect(authorization).toBeUndefined();
      else expect(authorization).toBe(`Bot ${TOKEN}`);
    }
    const sentFrames = fake.gatewayFrames.filter((f) => f.dir === 'in' && f.op !== 2 && f.op !== 6);
    expect(JSON.stringify(sentFrames)).not.toContain(TOKEN);
  });
});
