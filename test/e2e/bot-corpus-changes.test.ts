/**
 * Changing the corpus through /admin in the real bot: replacing an article (add-article with
 * replace:true), refusing a name in use or a text already there, and removing an article
 * (remove-article with autocomplete), which moves its file to `.removed/` and leaves old buttons
 * saying the articles have changed.
 */
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIAttachment } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  MEMBER_PERMISSIONS,
  autocomplete,
  button,
  chatInput,
  interactFinal,
} from '../harness/index.js';
import {
  answerOf,
  customIds,
  expectCleanRun,
  isEphemeral,
  startBot,
  textOf,
  unescaped,
  type TestBot,
} from './helpers.js';

const FIRST = `---
title: Varnholt ferry crews vote on a strike
outlet: Harbour Gazette
published: 2022-03-02
---
The Varnholt ferry crews will vote on a strike next week, their union said.
`;

const SECOND = `---
title: Varnholt ferry crews call off their strike
outlet: Harbour Gazette
published: 2022-03-09
---
The Varnholt ferry crews called off their strike on Tuesday after a pay offer.

The union said the offer raised wages by six percent over two years.

Ferries between Varnholt and the mainland ran to the normal timetable on Wednesday.
`;

describe('replacing and removing articles through /admin', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startBot({ files: { 'varnholt-ferry.md': FIRST } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function admin(
    subcommand: string,
    opts: { options?: Record<string, string | boolean>; attachments?: Record<string, APIAttachment> } = {},
    permissions = ADMIN_PERMISSIONS,
  ) {
    const rec = await interactFinal(t.fake, chatInput({ name: 'admin', subcommand, permissions, ...opts }));
    return { rec, text: unescaped(textOf(answerOf(rec))) };
  }

  async function search(terms: string) {
    const rec = await t.fake.interact(chatInput({ name: 'search', options: { terms } }));
    return { rec, body: answerOf(rec), text: unescaped(textOf(answerOf(rec))) };
  }

  it('an upload under a name in use is refused without replace:true, and the file is unchanged', async () => {
    const file = t.fake.addAttachment('varnholt-ferry.md', SECOND, { contentType: 'text/markdown' });
    const { rec, text } = await admin('add-article', { attachments: { file } });
    expect(isEphemeral(rec)).toBe(true);
    expect(text).toMatch(/varnholt-ferry\.md already exists in the corpus; add it with replace:true/);
    expect(await readFile(path.join(t.corpusDir, 'varnholt-ferry.md'), 'utf8')).toBe(FIRST);
  });

  it('replace:true replaces it, says paragraphs before → after, and answers from the new text', async () => {
    const file = t.fake.addAttachment('varnholt-ferry.md', SECOND, { contentType: 'text/markdown' });
    const { rec, text } = await admin('add-article', { attachments: { file }, options: { replace: true } });
    expect(isEphemeral(rec)).toBe(true);
    expect(text).toMatch(/Replaced varnholt-ferry\.md/);
    expect(text).toMatch(/varnholt-ferry\.md replaced: 1 → 3 paragraphs\./);
    expect(text).toMatch(/1 changed \(varnholt-ferry\.md\)/);
    expect(await readFile(path.join(t.corpusDir, 'varnholt-ferry.md'), 'utf8')).toBe(SECOND);
    const { text: found } = await search('Varnholt ferries timetable');
    expect(found).toMatch(/and the mainland ran to the normal/);
  });

  it('the same text under another name is refused as a duplicate, naming the file that has it', async () => {
    const file = t.fake.addAttachment('copy-of-ferry.md', SECOND, { contentType: 'text/markdown' });
    const { text } = await admin('add-article', { attachments: { file } });
    expect(text).toMatch(
      /copy-of-ferry\.md was not added: the same text is already in the corpus as varnholt-ferry\.md/,
    );
    await expect(access(path.join(t.corpusDir, 'copy-of-ferry.md'))).rejects.toThrow();
  });

  it('remove-article autocompletes titles and file names for admins, and nothing for others', async () => {
    const ask = (permissions: string) =>
      t.fake.interact(
        autocomplete({
          name: 'admin',
          subcommand: 'remove-article',
          focused: { name: 'article', value: 'varnholt' },
          permissions,
        }),
      );
    const rec = await ask(ADMIN_PERMISSIONS);
    const choices = (rec.callback?.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices).toContainEqual({
      name: 'Varnholt ferry crews call off their strike — varnholt-ferry.md',
      value: 'varnholt-ferry.md',
    });
    const member = await ask(MEMBER_PERMISSIONS);
    expect((member.callback?.data as { choices: unknown[] }).choices).toEqual([]);
  });

  it('remove-article moves the file to .removed/, drops it from answers, and old buttons say so', async () => {
    const before = await search('Varnholt ferry strike');
    // Each cited paragraph of the answer has a button that opens it in full.
    const full = customIds(before.body)[0];
    expect(full).toBeDefined();

    const { rec, text } = await admin('remove-article', { options: { article: 'varnholt-ferry.md' } });
    expect(isEphemeral(rec)).toBe(true);
    expect(text).toMatch(/Removed varnholt-ferry\.md/);
    expect(text).toMatch(/moved to \.removed\/varnholt-ferry\.md/);
    expect(text).toMatch(/1 removed \(varnholt-ferry\.md\)/);
    expect(await readdir(t.corpusDir)).not.toContain('varnholt-ferry.md');
    expect(await readFile(path.join(t.corpusDir, '.removed', 'varnholt-ferry.md'), 'utf8')).toBe(SECOND);

    const after = await search('Varnholt ferry strike');
    expect(after.text).not.toMatch(/Varnholt ferry crews/);
    const stale = await t.fake.interact(
      button({ customId: full!.id, ...(before.rec.original ? { message: before.rec.original } : {}) }),
    );
    expect(textOf(answerOf(stale))).toMatch(/articles have changed|corpus has changed/);
  });

  it('remove-article of an article that is not there is refused with the way to find names', async () => {
    const { text } = await admin('remove-article', { options: { article: 'no-such-article.md' } });
    expect(text).toMatch(/No article “no-such-article\.md” is in the corpus/);
  });

  it('a member cannot remove an article', async () => {
    const listing = await readdir(t.corpusDir);
    const { text } = await admin(
      'remove-article',
      { options: { article: listing.find((f) => f.endsWith('.md'))! } },
      MEMBER_PERMISSIONS,
    );
    expect(text).toMatch(/Only this bot’s administrators/);
    expect(await readdir(t.corpusDir)).toEqual(listing);
  });

  it('made no request Discord would refuse and logged no error', () => {
    expectCleanRun(t);
  });
});
