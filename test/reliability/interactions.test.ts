/**
 * Interactions Discord's own client would never send, or that arrive at the wrong moment, through
 * the real bot: unknown commands, options of the wrong type or missing, autocomplete focused on the
 * wrong thing, buttons whose custom_id was forged, cut, stretched or minted for an older corpus,
 * and interactions from a guild the bot has never seen. Each gets an answer (a private one saying
 * what to do, when it is an error), within Discord's limits, and nothing is logged at error level.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  type APIInteraction,
} from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCustomId } from '../../src/render/custom-id.js';
import {
  DEFAULT_GUILD_ID,
  ADMIN_PERMISSIONS,
  autocomplete,
  button,
  chatInput,
  type InteractionRecord,
} from '../harness/index.js';
import {
  answerOf,
  customIds,
  expectCleanRun,
  expectWithinLimits,
  interactionLog,
  isEphemeral,
  startBot,
  textOf,
  unescaped,
  type LogLine,
  type TestBot,
} from '../e2e/helpers.js';
import { messageProblems } from './safety.js';

const UNCACHED_GUILD = '1199999999999999999';
const UNCACHED_CHANNEL = '1199999999999999998';

describe('odd and forged interactions through the bot', () => {
  let t: TestBot;

  beforeAll(async () => {
    // The default and the uncached guild are home servers: their managers may administer the bot.
    t = await startBot({ env: { ADMIN_GUILD_IDS: `${DEFAULT_GUILD_ID},${UNCACHED_GUILD}` } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Dispatches, waits for the answer, checks what every answer must be, returns what the user sees. */
  async function send(payload: APIInteraction) {
    const rec = await t.fake.interact(payload);
    const body = answerOf(rec);
    expectWithinLimits(body, payload.id);
    expect(messageProblems(body)).toEqual([]);
    return { rec, body, text: unescaped(textOf(body)), log: await interactionLog(t, rec.id) };
  }

  function expectRefused(r: { rec: InteractionRecord; text: string; log: LogLine }, says: RegExp) {
    expect(isEphemeral(r.rec)).toBe(true);
    expect(r.text).toMatch(says);
    expect(r.text).not.toMatch(/error id/);
    expect(r.log.outcome).toBe('user-error');
  }

  describe('commands and options', () => {
    it('an unknown command with options is refused privately, pointing to /ask', async () => {
      expectRefused(
        await send(chatInput({ name: 'summarise', options: { text: 'everything', length: 3 } })),
        /Unknown command \/summarise: it may have been removed\. Type \/ask instead\./,
      );
    });

    it('a required text option sent as a number is refused with what to type', async () => {
      expectRefused(
        await send(chatInput({ name: 'who', options: { name: 42 } })),
        /Please give a name, for example: \/who/,
      );
    });

    it('a required text option sent as a boolean is refused with what to type', async () => {
      expectRefused(
        await send(chatInput({ name: 'search', options: { terms: true } })),
        /Please give some terms, for example: \/search/,
      );
    });

    it('a missing required option is refused with what to type', async () => {
      expectRefused(await send(chatInput({ name: 'ask' })), /Please give a question, for example: \/ask/);
    });

    it('an optional text option of the wrong type (/timeline topic: 7) is refused', async () => {
      expectRefused(
        await send(chatInput({ name: 'timeline', options: { topic: 7 } })),
        /The topic must be text\./,
      );
    });

    for (const page of [0, -3, 101, 1e9, 2.5, 'two']) {
      it(`a page of ${JSON.stringify(page)} is refused: a whole number from 1 to 100`, async () => {
        expectRefused(
          await send(chatInput({ name: 'search', options: { terms: 'summit', page } })),
          /The page must be a whole number from 1 to 100\./,
        );
      });
    }

    it('a page past the last one shows the last page rather than an error', async () => {
      const r = await send(chatInput({ name: 'search', options: { terms: 'summit', page: 100 } }));
      expect(isEphemeral(r.rec)).toBe(false);
      const [, last, total] =
        /passages \d+–(\d+) of (\d+)/.exec(r.body.embeds?.[0]?.footer?.text ?? '') ?? [];
      expect(last).toBeDefined();
      expect(last).toBe(total);
      expect(r.log.outcome).toBe('answered');
    });

    it('an option the command does not have is ignored and the question answered', async () => {
      const r = await send(chatInput({ name: 'who', options: { name: 'Peskov', verbose: true, limit: 99 } }));
      expect(r.text).toContain('Dmitry Peskov');
      expect(r.log.outcome).toBe('answered');
    });

    it('/admin without a subcommand (as a manager) is told the subcommands', async () => {
      expectRefused(
        await send(chatInput({ name: 'admin', permissions: ADMIN_PERMISSIONS })),
        /Use \/admin with one of: reindex, status, add-article, add-url, remove-article, follow, feeds, unfollow\./,
      );
    });

    it('/admin with an unknown subcommand is told the subcommands', async () => {
      expectRefused(
        await send(chatInput({ name: 'admin', subcommand: 'explode', permissions: ADMIN_PERMISSIONS })),
        /Use \/admin with one of: reindex, status, add-article, add-url, remove-article, follow, feeds, unfollow\./,
      );
    });

    it('/admin add-article without its attachment is told to attach the file', async () => {
      expectRefused(
        await send(chatInput({ name: 'admin', subcommand: 'add-article', permissions: ADMIN_PERMISSIONS })),
        /Attach the article file to \/admin add-article\./,
      );
    });

    it('/admin add-article whose attachment id is missing from resolved is told to attach the file', async () => {
      const payload = chatInput({ name: 'admin', subcommand: 'add-article', permissions: ADMIN_PERMISSIONS });
      const sub = payload.data.options?.[0] as { options?: unknown[] };
      sub.options = [
        { name: 'file', type: ApplicationCommandOptionType.Attachment, value: '1199999999999999990' },
      ];
      expectRefused(await send(payload), /Attach the article file/);
    });

    it('a context-menu command (a user command left registered) is refused privately, not left unanswered', async () => {
      const base = chatInput({ name: 'Look up' });
      const target = '1100000000000000200';
      const payload = {
        ...base,
        data: {
          id: base.data.id,
          name: 'Look up',
          type: ApplicationCommandType.User,
          target_id: target,
          resolved: {
            users: {
              [target]: {
                id: target,
                username: 'someone',
                discriminator: '0',
                global_name: null,
                avatar: null,
              },
            },
          },
        },
      } as unknown as APIInteraction;
      expectRefused(await send(payload), /Unknown command/);
    });
  });

  describe('autocomplete', () => {
    async function complete(payload: APIInteraction) {
      const rec = await t.fake.interact(payload);
      expect(rec.callback?.type).toBe(8);
      const choices = (rec.callback?.data as { choices: { name: string; value: string }[] }).choices;
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(String(c.value).length).toBeLessThanOrEqual(100);
      }
      const log = await interactionLog(t, rec.id);
      return { choices, log };
    }

    it('on an unknown command it answers an empty list', async () => {
      const { choices } = await complete(
        autocomplete({ name: 'summarise', focused: { name: 'text', value: 'Pes' } }),
      );
      expect(choices).toEqual([]);
    });

    it('on a command without autocomplete (/search terms) it answers an empty list', async () => {
      const { choices } = await complete(
        autocomplete({ name: 'search', focused: { name: 'terms', value: 'Pes' } }),
      );
      expect(choices).toEqual([]);
    });

    it('focused on an option the command does not have, it answers a valid list', async () => {
      await complete(autocomplete({ name: 'who', focused: { name: 'nonsense', value: 'Pes' } }));
    });

    it('with a number as the focused value, it answers a valid list', async () => {
      await complete(autocomplete({ name: 'who', focused: { name: 'name', value: 12345 } }));
    });

    it('with a 6,000-character focused value full of mentions and controls, it answers a valid list', async () => {
      const value = ('@everyone <@&1> \u0000\u202E' + 'Peskov '.repeat(10)).repeat(60).slice(0, 6000);
      const { log } = await complete(autocomplete({ name: 'who', focused: { name: 'name', value } }));
      expect(log.outcome).toBe('answered');
    });

    it('a partial name with a typo ("Peskw") still suggests within the limits', async () => {
      const { choices } = await complete(
        autocomplete({ name: 'quote', focused: { name: 'name', value: 'Peskw' } }),
      );
      expect(choices.map((c) => c.name)).toContain('Dmitry Peskov');
    });
  });

  describe('buttons', () => {
    /** A real "More passages" id from an answer (a search with more than one message of passages). */
    async function moreId(): Promise<string> {
      const r = await send(chatInput({ name: 'search', options: { terms: 'summit' } }));
      const more = customIds(r.body).find((b) => b.label === 'More passages');
      expect(more).toBeDefined();
      return more!.id;
    }

    it('a custom_id cut short anywhere in its fields gets a private "no longer works"', async () => {
      const id = await moreId();
      const lastColon = id.lastIndexOf(':');
      for (const cut of [1, 4, 9, Math.floor(lastColon / 2), lastColon]) {
        expectRefused(await send(button({ customId: id.slice(0, cut) })), /This button no longer works/);
      }
    });

    it('a custom_id cut inside its query still answers privately, for the shorter query', async () => {
      const id = encodeCustomId({
        action: 'more',
        kind: 'search',
        query: 'summit talks',
        offset: 3,
        version: t.engine.store.current().version,
      });
      const r = await send(button({ customId: id.slice(0, -6) }));
      expect(isEphemeral(r.rec)).toBe(true);
      expect(r.body.embeds?.[0]?.title).toMatch(/Search: summit$/);
      expect(r.log.outcome).toBe('answered');
    });

    it('an over-long custom_id (101 and 4,000 characters) gets a private "no longer works"', async () => {
      const id = await moreId();
      for (const long of [id.padEnd(101, 'x'), `${id}:${'z'.repeat(4_000)}`]) {
        expectRefused(await send(button({ customId: long })), /This button no longer works/);
      }
    });

    it('a forged custom_id with an unknown kind, action or prefix, or a bad escape, gets "no longer works"', async () => {
      for (const forged of [
        'dz1:m:nuke:abc:0::::summit',
        'dz1:z:search:abc:0::::summit',
        'dz0:m:search:abc:0::::summit',
        'dz1:m:search:abc:0::::summit%ZZ',
        'dz1:f:who:abc:0::::Peskov',
        '',
        ':::::::::',
      ]) {
        expectRefused(await send(button({ customId: forged })), /This button no longer works/);
      }
    });

    it('a "More passages" from an older corpus version answers with a note that the articles changed', async () => {
      const id = encodeCustomId({
        action: 'more',
        kind: 'search',
        query: 'summit',
        offset: 3,
        version: 'old-version',
      });
      const r = await send(button({ customId: id }));
      expect(isEphemeral(r.rec)).toBe(true);
      expect(r.text).toMatch(/The articles have changed since this answer; showing what they say now\./);
      expect(r.body.embeds?.[0]?.footer?.text).toMatch(/passages 4–/);
    });

    it('a "Full paragraph" for a paragraph that does not exist says the corpus changed', async () => {
      const id = encodeCustomId({
        action: 'full',
        kind: 'search',
        query: 'summit',
        offset: 0,
        version: 'old-version',
        articleId: 'kremlin-undermines-confidence-in-putin-biden-summit',
        paragraph: 999,
      });
      expectRefused(await send(button({ customId: id })), /That paragraph is no longer in the articles/);
    });

    it('a "More passages" with an offset past every passage answers privately with the last one', async () => {
      const id = encodeCustomId({
        action: 'more',
        kind: 'who',
        query: 'Peskov',
        offset: 9_999_999,
        version: t.engine.store.current().version,
      });
      const r = await send(button({ customId: id }));
      expect(isEphemeral(r.rec)).toBe(true);
      const [, last, total] =
        /passages \d+–(\d+) of (\d+)/.exec(r.body.embeds?.[0]?.footer?.text ?? '') ?? [];
      expect(last).toBeDefined();
      expect(last).toBe(total);
    });

    it('a select menu the bot never sent is refused privately, not left unanswered', async () => {
      const base = button({ customId: 'dz1:m:search:abc:0::::summit' });
      const payload = {
        ...base,
        data: {
          custom_id: 'dz1:m:search:abc:0::::summit',
          component_type: ComponentType.StringSelect,
          values: ['a'],
        },
      } as unknown as APIInteraction;
      expectRefused(await send(payload), /no longer works/);
    });

    it('a modal submit the bot never opened is refused privately, not left unanswered', async () => {
      const base = button({ customId: 'modal' });
      const payload = {
        ...base,
        type: InteractionType.ModalSubmit,
        data: { custom_id: 'dossier-modal', components: [] },
      } as unknown as APIInteraction;
      expectRefused(await send(payload), /no longer works/);
    });
  });

  describe('from places the bot has not cached', () => {
    it('a slash command from a guild the bot has never received is answered', async () => {
      const r = await send(
        chatInput({
          name: 'who',
          options: { name: 'Peskov' },
          guildId: UNCACHED_GUILD,
          channelId: UNCACHED_CHANNEL,
        }),
      );
      expect(r.text).toContain('Dmitry Peskov');
      expect(r.log).toMatchObject({ outcome: 'answered', guild: UNCACHED_GUILD });
    });

    it('/admin status from an uncached guild: allowed with Manage Server, refused without', async () => {
      const allowed = await send(
        chatInput({
          name: 'admin',
          subcommand: 'status',
          guildId: UNCACHED_GUILD,
          permissions: ADMIN_PERMISSIONS,
        }),
      );
      expect(allowed.text).toMatch(/Dossier status/);
      expectRefused(
        await send(chatInput({ name: 'admin', subcommand: 'status', guildId: UNCACHED_GUILD })),
        /Only this bot’s administrators/,
      );
    });

    it('a button and an autocomplete from an uncached guild are answered', async () => {
      const id = encodeCustomId({
        action: 'more',
        kind: 'search',
        query: 'summit',
        offset: 3,
        version: t.engine.store.current().version,
      });
      const r = await send(button({ customId: id, guildId: UNCACHED_GUILD, channelId: UNCACHED_CHANNEL }));
      expect(r.body.embeds?.[0]?.footer?.text).toMatch(/passages 4–/);
      const ac = await t.fake.interact(
        autocomplete({ name: 'who', focused: { name: 'name', value: 'Pesk' }, guildId: UNCACHED_GUILD }),
      );
      expect((ac.callback?.data as { choices: { name: string }[] }).choices.map((c) => c.name)).toContain(
        'Dmitry Peskov',
      );
    });
  });

  it('logged nothing at error level and sent nothing Discord refuses', () => {
    expect(t.logs.filter((l) => l.level >= 50)).toEqual([]);
    expectCleanRun(t);
  });
});
