/**
 * /admin through the real bot: who may use it (Manage Server in servers, ADMIN_USER_IDS in DMs),
 * reindex and status reports, add-article with attachments downloaded from the fake's CDN, and
 * uploads that must be refused without writing anything into the corpus folder.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { APIAttachment } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_USER_ID,
  dmChannelIdFor,
  mention,
  MEMBER_PERMISSIONS,
  chatInput,
  user,
  type InteractionRecord,
  interactFinal,
} from '../harness/index.js';
import {
  answerOf,
  expectCleanRun,
  interactionLog,
  isEphemeral,
  startBot,
  textOf,
  unescaped,
  type MessageBody,
  type TestBot,
} from './helpers.js';

/** Manage Server (and nothing else beyond an ordinary member's permissions). */
const MANAGER_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | (1n << 5n)).toString();
const DM_ADMIN = user({ id: '1100000000000000555' });
/** A server that is not a home server (not in ADMIN_GUILD_IDS). */
const OTHER_GUILD = '1100000000000000777';
const OTHER_CHANNEL = '1100000000000000778';
const DM_STRANGER = user({ id: '1100000000000000556' });

const GOOD_ARTICLE = `---
title: Quillfeather harbour pilots vote to strike
outlet: Upload Herald
published: 2022-02-19
---
The Quillfeather harbour pilots voted on Saturday to strike for better pay, their union said.

A spokesperson for the port said talks with the Quillfeather pilots would resume next week.
`;

describe('admin commands through the real bot', () => {
  let t: TestBot;

  beforeAll(async () => {
    // The default guild is the home server (ADMIN_GUILD_IDS): its managers may administer the bot.
    t = await startBot({ env: { ADMIN_USER_IDS: DM_ADMIN.id, ADMIN_GUILD_IDS: DEFAULT_GUILD_ID } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  type Where = { permissions: string; guildId?: string } | { dm: true; user: ReturnType<typeof user> };
  const asManager: Where = { permissions: MANAGER_PERMISSIONS };
  const asAdministrator: Where = { permissions: ADMIN_PERMISSIONS };
  const asMember: Where = { permissions: MEMBER_PERMISSIONS };
  const dmAdmin: Where = { dm: true, user: DM_ADMIN };
  const dmStranger: Where = { dm: true, user: DM_STRANGER };

  async function admin(subcommand: string, where: Where, attachments?: Record<string, APIAttachment>) {
    const rec = await interactFinal(
      t.fake,
      chatInput({ name: 'admin', subcommand, ...where, ...(attachments ? { attachments } : {}) }),
    );
    return { rec, text: unescaped(textOf(answerOf(rec))) };
  }

  const corpusListing = async () => (await readdir(t.corpusDir)).sort();

  function expectPrivate(rec: InteractionRecord) {
    expect(isEphemeral(rec)).toBe(true);
    expect(answerOf(rec).allowed_mentions).toEqual({ parse: [], replied_user: false });
  }

  it('status in a server with Manage Server reports articles, paragraphs and uptime privately', async () => {
    const { rec, text } = await admin('status', asManager);
    expectPrivate(rec);
    expect(text).toMatch(/Articles: 5 · paragraphs: \d+ · entities: \d+/);
    expect(text).toMatch(/uptime/);
    expect(await interactionLog(t, rec.id)).toMatchObject({ command: 'admin', outcome: 'answered' });
  });

  it('status in a server with Administrator works too', async () => {
    const { rec, text } = await admin('status', asAdministrator);
    expectPrivate(rec);
    expect(text).toMatch(/Dossier status/);
  });

  it('status in a server without Manage Server is refused privately', async () => {
    const { rec, text } = await admin('status', asMember);
    expectPrivate(rec);
    expect(text).toMatch(/Only this bot’s administrators/);
    expect(await interactionLog(t, rec.id)).toMatchObject({ outcome: 'user-error' });
  });

  it('Manage Server in a server that is not a home server counts for nothing (#17, defect 2)', async () => {
    // Anyone can create a server, invite the bot and manage it: that must not reach the one corpus.
    const elsewhere: Where = { permissions: MANAGER_PERMISSIONS, guildId: OTHER_GUILD };
    const status = await admin('status', elsewhere);
    expectPrivate(status.rec);
    expect(status.text).toMatch(/Only this bot’s administrators/);
    expect(status.text).not.toMatch(/Dossier status/);
    const versionBefore = t.engine.store.current().version;
    const reindex = await admin('reindex', { ...elsewhere, permissions: ADMIN_PERMISSIONS });
    expectPrivate(reindex.rec);
    expect(reindex.text).toMatch(/Only this bot’s administrators/);
    expect(t.engine.store.current().version).toBe(versionBefore);
  });

  /** Sends an @mention in a guild channel; resolves with the public reply and what reached the DMs. */
  async function mentionAdmin(content: string, guildId: string, channelId: string) {
    const since = t.fake.sentMessages.length;
    const m = mention({ content, guildId, channelId });
    expect(t.fake.dispatch('MESSAGE_CREATE', m)).toBe(1);
    const pub = await t.fake.waitForMessage(channelId, {
      since,
      predicate: (x) => x.message_reference?.message_id === m.id,
    });
    const dm = t.fake.sentMessages
      .slice(since)
      .filter((x) => x.channelId === dmChannelIdFor(DEFAULT_USER_ID));
    return {
      publicText: unescaped(textOf(pub.request?.body as MessageBody)),
      dmText: dm.map((x) => unescaped(textOf(x.request?.body as MessageBody))).join('\n'),
    };
  }

  it('"@bot /admin status" answers in private: the owner of another server is refused in a DM', async () => {
    t.fake.addGuild({
      id: OTHER_GUILD,
      ownerId: DEFAULT_USER_ID,
      channels: [{ id: OTHER_CHANNEL, name: 'general' }],
    });
    await expect.poll(() => t.bot.client.guilds.cache.has(OTHER_GUILD)).toBe(true);
    const other = await mentionAdmin('/admin status', OTHER_GUILD, OTHER_CHANNEL);
    expect(other.publicText).toMatch(/Admin commands answer in private/);
    expect(other.publicText).not.toMatch(/Dossier status|Articles:/);
    expect(other.dmText).toMatch(/Only this bot’s administrators/);
    // The owner of the home server gets the status, in the DM too.
    const home = await mentionAdmin('/admin status', DEFAULT_GUILD_ID, DEFAULT_CHANNEL_ID);
    expect(home.publicText).not.toMatch(/Dossier status|Articles:/);
    expect(home.dmText).toMatch(/Dossier status/);
  });

  it('status in a DM from a user in ADMIN_USER_IDS works', async () => {
    const { rec, text } = await admin('status', dmAdmin);
    expectPrivate(rec);
    expect(text).toMatch(/Dossier status/);
  });

  it('status in a DM from a user not in ADMIN_USER_IDS is refused, even with no member permissions to check', async () => {
    const { rec, text } = await admin('status', dmStranger);
    expectPrivate(rec);
    expect(text).toMatch(/ADMIN_USER_IDS/);
  });

  it('reindex as a manager reports what changed; as a member it is refused and nothing is rebuilt', async () => {
    const versionBefore = t.engine.store.current().version;
    const refused = await admin('reindex', asMember);
    expect(refused.text).toMatch(/Only this bot’s administrators/);
    expect(t.engine.store.current().version).toBe(versionBefore);

    await writeFile(
      path.join(t.corpusDir, 'reindex-probe.md'),
      '---\ntitle: Reindex probe\npublished: 2022-02-18\n---\nA probe paragraph about Wrenfold cartographers.\n',
    );
    const { rec, text } = await admin('reindex', asManager);
    expectPrivate(rec);
    expect(text).toMatch(/Reindexed/);
    expect(text).toMatch(/1 added \(reindex-probe\.md\)/);
    expect(text).toMatch(/Paragraphs: \d+ → \d+ \(\+1\)/);
    expect(t.engine.store.current().version).not.toBe(versionBefore);
  });

  it('reindex in a DM: allowed for ADMIN_USER_IDS, refused for others', async () => {
    expect((await admin('reindex', dmAdmin)).text).toMatch(/Reindexed/);
    expect((await admin('reindex', dmStranger)).text).toMatch(/ADMIN_USER_IDS/);
  });

  it('add-article with a good .md attachment writes it into the corpus and makes it answerable', async () => {
    const file = t.fake.addAttachment('quillfeather-pilots.md', GOOD_ARTICLE, {
      contentType: 'text/markdown',
    });
    const { rec, text } = await admin('add-article', asManager, { file });
    expectPrivate(rec);
    expect(text).toMatch(/Added quillfeather-pilots\.md/);
    expect(t.fake.cdn.downloads).toContainEqual(expect.objectContaining({ id: file.id, status: 200 }));
    expect(await readFile(path.join(t.corpusDir, 'quillfeather-pilots.md'), 'utf8')).toBe(GOOD_ARTICLE);

    const answer = await t.fake.interact(
      chatInput({ name: 'search', options: { terms: 'Quillfeather pilots' } }),
    );
    expect(answer.callback?.type).toBe(4);
    expect(answerOf(answer).embeds?.[0]?.fields?.[0]?.name).toMatch(/Quillfeather harbour pilots/);
  });

  it('add-article from a DM admin works; from a member it is refused before downloading', async () => {
    const file = t.fake.addAttachment(
      'dm-upload.txt',
      'Ostrava tram drivers agreed a new contract on Monday.\n',
    );
    expect((await admin('add-article', dmAdmin, { file })).text).toMatch(/Added dm-upload\.txt/);

    const other = t.fake.addAttachment('refused-upload.txt', 'Nobody should read this upload at all.\n');
    const before = await corpusListing();
    const { text } = await admin('add-article', asMember, { file: other });
    expect(text).toMatch(/Only this bot’s administrators/);
    expect(t.fake.cdn.downloads.some((d) => d.id === other.id)).toBe(false);
    expect(await corpusListing()).toEqual(before);
  });

  const BAD_UPLOADS: {
    what: string;
    name: string;
    content: string | Uint8Array;
    size?: number;
    error: RegExp;
  }[] = [
    {
      what: 'a binary file',
      name: 'binary.md',
      content: Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 0]),
      error: /binary\.md was not added: .*(binary|UTF-8|text)/i,
    },
    {
      what: 'a non-UTF-8 file',
      name: 'latin1.txt',
      content: Uint8Array.from(
        Buffer.from('Caf\xe9 owners in Z\xfcrich protested the new tax on Monday.\n', 'latin1'),
      ),
      error: /latin1\.txt was not added: .*UTF-8/i,
    },
    { what: 'a path in the name', name: '../evil.md', content: 'Evil.\n', error: /not a plain file name/ },
    { what: 'an .exe', name: 'tool.exe', content: 'MZ not really', error: /Only \.md, \.txt and \.html/ },
    // The loader skips these: written, they would be reported "Added" and never indexed (#17, defect 12).
    { what: 'a README', name: 'README.md', content: 'Notes.\n', error: /README\.md.*would never be indexed/ },
    { what: 'a readme.txt', name: 'readme.txt', content: 'Notes.\n', error: /would never be indexed/ },
    {
      what: 'an underscore draft',
      name: '_draft.md',
      content: 'Draft.\n',
      error: /“_draft\.md” would never be indexed/,
    },
    {
      what: 'a file Discord says is over 2 MiB',
      name: 'huge.md',
      content: 'small in fact\n',
      size: 3 * 1024 * 1024,
      error: /huge\.md is too large/,
    },
    {
      what: 'a file over 2 MiB that claims to be small',
      name: 'liar.md',
      content: 'word '.repeat(450_000),
      size: 1000,
      error: /liar\.md is too large/,
    },
  ];

  for (const bad of BAD_UPLOADS) {
    it(`add-article with ${bad.what} is refused privately with a specific error and writes nothing`, async () => {
      const before = await corpusListing();
      const version = t.engine.store.current().version;
      const file = t.fake.addAttachment(
        bad.name,
        bad.content,
        bad.size === undefined ? {} : { size: bad.size },
      );
      const { rec, text } = await admin('add-article', asManager, { file });
      expectPrivate(rec);
      expect(text).toMatch(bad.error);
      expect(text).not.toMatch(/error id/);
      expect(await corpusListing()).toEqual(before);
      expect(t.engine.store.current().version).toBe(version);
      expect(await interactionLog(t, rec.id)).toMatchObject({ outcome: 'user-error' });
    });
  }

  it("an attachment URL off Discord's attachment hosts is never fetched (#17, defect 9)", async () => {
    // A forged interaction can carry any URL: here a server inside the network.
    let hits = 0;
    const inside = createServer((_req, res) => {
      hits++;
      res.end('---\ntitle: Internal secrets\n---\nThe internal admin password is hunter2.\n');
    });
    await new Promise<void>((resolve) => inside.listen(0, '127.0.0.1', resolve));
    const { port } = inside.address() as AddressInfo;
    try {
      const before = await corpusListing();
      const forged = {
        ...t.fake.addAttachment('internal.md', 'unused'),
        url: `http://127.0.0.1:${port}/secrets.md`,
        proxy_url: `http://127.0.0.1:${port}/secrets.md`,
      };
      const { rec, text } = await admin('add-article', asManager, { file: forged });
      expectPrivate(rec);
      expect(text).toMatch(/not on Discord's attachment servers/);
      expect(hits).toBe(0);
      expect(await corpusListing()).toEqual(before);
    } finally {
      await new Promise<void>((resolve) => inside.close(() => resolve()));
    }
  });

  it('a body far larger than declared, and a gzip bomb, are cut off at 2 MiB as they stream (#17, defect 8)', async () => {
    const before = await corpusListing();
    // 600 MiB sent for a declared 900 bytes.
    const liar = t.fake.addAttachment('endless.md', 'word '.repeat(209_716), { size: 900, repeat: 600 });
    const endless = await admin('add-article', asManager, { file: liar });
    expect(endless.text).toMatch(/endless\.md is too large/);
    const sent = t.fake.cdn.downloads.find((d) => d.id === liar.id)!;
    expect(sent.bytesSent).toBeLessThan(64 * 1024 * 1024);
    // 8 MiB of zeros compressed, 4,096 times over: 32 GiB once inflated, 32 MiB on the wire.
    const bomb = t.fake.addAttachment('bomb.md', new Uint8Array(8 * 1024 * 1024), {
      size: 900,
      gzip: true,
      repeat: 4096,
    });
    const exploded = await admin('add-article', asManager, { file: bomb });
    expect(exploded.text).toMatch(/bomb\.md is too large/);
    const sentBomb = t.fake.cdn.downloads.find((d) => d.id === bomb.id)!;
    expect(sentBomb.bytesSent).toBeLessThan(16 * 1024 * 1024);
    expect(await corpusListing()).toEqual(before);
  });

  it('a reindex while questions are being answered: every question and the reindex are answered', async () => {
    await writeFile(
      path.join(t.corpusDir, 'during-questions.md'),
      '---\ntitle: Added during questions\npublished: 2022-02-17\n---\nA paragraph about Peskov added during questions.\n',
    );
    const whos = Array.from({ length: 6 }, () => chatInput({ name: 'who', options: { name: 'Peskov' } }));
    const reindex = chatInput({ name: 'admin', subcommand: 'reindex', permissions: MANAGER_PERMISSIONS });
    const all = await Promise.all([
      t.fake.interact(whos[0]!),
      t.fake.interact(reindex),
      ...whos.slice(1).map((w) => t.fake.interact(w)),
    ]);
    const [first, re, ...rest] = all;
    expect(textOf(answerOf(re!))).toMatch(/Reindexed/);
    for (const rec of [first!, ...rest]) {
      expect(rec.callback?.type === 4 || rec.edits.length > 0).toBe(true);
      expect(textOf(answerOf(rec))).toContain('Dmitry Peskov');
      expect(await interactionLog(t, rec.id)).toMatchObject({ command: 'who', outcome: 'answered' });
    }
  });

  it('made no request Discord would refuse and logged no error', () => {
    expectCleanRun(t);
    expect(t.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
