/**
 * Every slash command, autocomplete and button of the real bot, end to end: gateway
 * INTERACTION_CREATE in, REST callbacks out, checked against Discord's limits and the mention lock.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  interactFinal,
  autocomplete,
  button,
  chatInput,
  type InteractionRecord,
} from '../harness/index.js';
import { SEARCH_PAGE_SIZE } from '../../src/answer/index.js';
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
  type MessageBody,
  type TestBot,
} from './helpers.js';

/** One paragraph of 10,000 characters about a word nothing else in the corpus uses. */
const HUGE_PARAGRAPH = Array.from(
  { length: 80 },
  (_, i) =>
    `The Zanzibarian lighthouse keepers met for session ${i + 1} to discuss the harbour lamps and the tides.`,
)
  .join(' ')
  .slice(0, 10_000);
const HUGE_ARTICLE = `---
title: Zanzibarian lighthouse keepers hold a very long meeting
outlet: Fixture Gazette
published: 2022-02-20
---
${HUGE_PARAGRAPH}

The keepers adjourned after the Zanzibarian session and agreed to meet again in spring.
`;

describe('the bot answers every command through the real discord.js client', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startBot({ files: { 'zz-huge-paragraph.md': HUGE_ARTICLE } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Runs a slash command and returns its record and the message the user sees. */
  async function ask(name: string, options: Record<string, string | number> = {}) {
    const rec = await t.fake.interact(chatInput({ name, options }));
    const body = answerOf(rec);
    expectWithinLimits(body, `/${name}`);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    return { rec, body, text: textOf(body) };
  }

  const fieldsOf = (body: MessageBody) => body.embeds?.[0]?.fields ?? [];

  it('/who Peskov names Dmitry Peskov with his Kremlin role and cites paragraphs', async () => {
    const { rec, body, text } = await ask('who', { name: 'Peskov' });
    expect(isEphemeral(rec)).toBe(false);
    expect(text).toContain('Dmitry Peskov');
    expect(body.embeds?.[0]?.description).toMatch(/Kremlin/);
    expect(body.embeds?.[0]?.description).toMatch(/spokes(man|person)/i);
    expect(fieldsOf(body).length).toBeGreaterThanOrEqual(1);
    for (const f of fieldsOf(body)) expect(f.name).toMatch(/¶\d+/);
  });

  it('/when summit gives a date line and cites paragraphs', async () => {
    const { body } = await ask('when', { event: 'summit' });
    expect(body.embeds?.[0]?.title).toMatch(/summit/i);
    expect(fieldsOf(body).length).toBeGreaterThanOrEqual(1);
    expect(fieldsOf(body)[0]?.name).toMatch(/¶\d+/);
  });

  it('/where Biden and Putin met answers with cited passages', async () => {
    const { body } = await ask('where', { thing: 'Biden and Putin met' });
    expect(body.embeds?.[0]?.title).toMatch(/Biden and Putin met/);
    expect(fieldsOf(body).length).toBeGreaterThanOrEqual(1);
  });

  it('/what sanctions answers with a gist and cited passages', async () => {
    const { body } = await ask('what', { topic: 'sanctions' });
    expect(body.embeds?.[0]?.title).toMatch(/sanctions/);
    expect(fieldsOf(body).length).toBeGreaterThanOrEqual(1);
  });

  it('/quote Peskov quotes what Peskov said', async () => {
    const { body } = await ask('quote', { name: 'Peskov' });
    expect(fieldsOf(body).length).toBeGreaterThanOrEqual(1);
    expect(textOf(body)).toMatch(/premature|too early/i);
  });

  it('/ask "How many Russian troops are near Ukraine?" puts 150,000 in the answer line', async () => {
    const { body } = await ask('ask', { question: 'How many Russian troops are near Ukraine?' });
    const answerLine = body.embeds?.[0]?.description?.split('\n')[0] ?? '';
    expect(answerLine).toContain('150,000');
    expect(fieldsOf(body).length).toBeGreaterThanOrEqual(1);
  });

  it('/search summit page 2 shows the second page of passages', async () => {
    const first = await ask('search', { terms: 'summit' });
    const second = await ask('search', { terms: 'summit', page: 2 });
    expect(first.body.embeds?.[0]?.footer?.text).toMatch(/passages 1–/);
    // Page 2 starts right after page 1, whatever the page size.
    expect(second.body.embeds?.[0]?.footer?.text).toMatch(new RegExp(`passages ${SEARCH_PAGE_SIZE + 1}–`));
    const names = (b: MessageBody) => fieldsOf(b).map((f) => f.name);
    expect(names(second.body)).not.toEqual(names(first.body));
  });

  it('/sources lists every indexed article', async () => {
    const { body } = await ask('sources');
    const description = body.embeds?.[0]?.description ?? '';
    expect(description).toMatch(/Kremlin undermines confidence/);
    expect(description).toMatch(/Zanzibarian lighthouse/);
    expect(body.embeds?.[0]?.footer?.text).toMatch(/6 articles/);
  });

  it('/timeline lists dated events in order', async () => {
    const { body } = await ask('timeline');
    expect(body.embeds?.[0]?.description).toMatch(/\*\*\d{1,2} \w{3} \d{4}\*\*/);
  });

  it('a question the user got wrong (a 250-character name) gets a private error saying what to do', async () => {
    const rec = await t.fake.interact(chatInput({ name: 'who', options: { name: 'x'.repeat(250) } }));
    expect(isEphemeral(rec)).toBe(true);
    expect(textOf(answerOf(rec))).toMatch(/too long: keep (it|them) under 200 characters/);
    expect(textOf(answerOf(rec))).not.toMatch(/error id/);
    expect(await interactionLog(t, rec.id)).toMatchObject({ command: 'who', outcome: 'user-error' });
  });

  it('an unknown command gets a private error pointing to /ask', async () => {
    const rec = await t.fake.interact(chatInput({ name: 'removed-command' }));
    expect(isEphemeral(rec)).toBe(true);
    expect(textOf(answerOf(rec))).toMatch(/\/ask/);
  });

  it('a question that matches nothing says so, with no citations', async () => {
    const { body } = await ask('search', { terms: 'xylophonic quasar' });
    expect(body.embeds?.[0]?.fields ?? []).toEqual([]);
    expect(customIds(body)).toEqual([]);
  });

  it('autocomplete /who "Pesk" suggests Dmitry Peskov within Discord limits', async () => {
    const rec = await t.fake.interact(
      autocomplete({ name: 'who', focused: { name: 'name', value: 'Pesk' } }),
    );
    expect(rec.callback?.type).toBe(8);
    const choices = (rec.callback?.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.map((c) => c.name)).toContain('Dmitry Peskov');
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('autocomplete with an empty focus or garbage answers with a valid (possibly empty) list', async () => {
    for (const value of ['', '\u0000%%%~~~:::', 'x'.repeat(300), '<@&123> @everyone']) {
      const rec = await t.fake.interact(autocomplete({ name: 'who', focused: { name: 'name', value } }));
      expect(rec.callback?.type, JSON.stringify(value)).toBe(8);
      const choices = (rec.callback?.data as { choices: unknown[] }).choices;
      expect(choices.length).toBeLessThanOrEqual(25);
    }
  });

  /** Clicks a button on a previous answer (the message carrying it is that answer). */
  function click(from: InteractionRecord, customId: string) {
    return t.fake.interact(button({ customId, ...(from.original ? { message: from.original } : {}) }));
  }

  it('"More passages" from an answer shows the next passages privately, never repeating one', async () => {
    const { rec, body } = await ask('search', { terms: 'summit' });
    const seen = fieldsOf(body).map((f) => f.name.replace(/^\[\d+\] /, ''));
    expect(body.embeds?.[0]?.footer?.text).toMatch(/passages 1–3 of \d+/);
    let from = rec;
    let more = customIds(body).find((b) => b.label === 'More passages');
    for (const expected of [/passages 4–6 of/, /passages 7–9 of/]) {
      expect(more?.disabled).toBe(false);
      const next = await click(from, more!.id);
      expect(next.callback?.type).toBe(4);
      expect(isEphemeral(next)).toBe(true);
      const nextBody = answerOf(next);
      expectWithinLimits(nextBody, 'more');
      expect(nextBody.allowed_mentions).toEqual({ parse: [], replied_user: false });
      expect(nextBody.embeds?.[0]?.footer?.text).toMatch(expected);
      const names = fieldsOf(nextBody).map((f) => f.name.replace(/^\[\d+\] /, ''));
      for (const n of names) expect(seen).not.toContain(n);
      seen.push(...names);
      expect(await interactionLog(t, next.id)).toMatchObject({ command: 'button:more', outcome: 'answered' });
      from = next;
      more = customIds(nextBody).find((b) => b.label === 'More passages');
    }
  });

  it('"More passages" on a query too long for its custom_id still pages through the full query', async () => {
    const terms =
      'summit meeting between the presidents of the United States and Russia about Ukraine and the troops on its border';
    const { rec, body } = await ask('search', { terms });
    const more = customIds(body).find((b) => b.label === 'More passages');
    expect(more?.id.length).toBeLessThanOrEqual(100);
    expect(more?.id).not.toContain('its border'); // the query was cut to fit
    const next = await click(rec, more!.id);
    const nextBody = answerOf(next);
    expect(nextBody.embeds?.[0]?.title).toContain('the troops on its border');
    expect(nextBody.embeds?.[0]?.footer?.text).toMatch(/passages 4–/);
  });

  it('"Full paragraph" shows the whole cut paragraph privately', async () => {
    const { rec, body } = await ask('search', { terms: 'Zanzibarian lighthouse keepers' });
    const first = fieldsOf(body)[0];
    expect(first?.name).toMatch(/Zanzibarian/);
    expect(first!.value.length).toBeLessThan(HUGE_PARAGRAPH.length);
    const full = customIds(body).find((b) => b.label === 'Full paragraph');
    expect(full, 'a Full paragraph button for the cut passage').toBeDefined();
    const shown = await click(rec, full!.id);
    expect(isEphemeral(shown)).toBe(true);
    const shownBody = answerOf(shown);
    expectWithinLimits(shownBody, 'full');
    const description = shownBody.embeds?.[0]?.description ?? '';
    expect(description.length).toBeGreaterThan(first!.value.length);
    expect(description).toMatch(/session 1 to discuss/);
  });

  it('an oversized answer (a 10,000-character paragraph) stays within every limit', async () => {
    for (const [name, options] of [
      ['search', { terms: 'Zanzibarian harbour lamps tides session' }],
      ['what', { topic: 'Zanzibarian lighthouse keepers' }],
      ['ask', { question: 'What did the Zanzibarian lighthouse keepers discuss?' }],
    ] as const) {
      const { body } = await ask(name, options);
      expect(fieldsOf(body).length, name).toBeGreaterThanOrEqual(1);
    }
  });

  it('a query with @everyone, @here, <@&123> and <@456> pings nobody and echoes no live mention', async () => {
    const query = 'summit @everyone @here <@&123> <@456>';
    const { rec, body, text } = await ask('search', { terms: query });
    expect(rec.callback?.type).toBe(4);
    expect((rec.callback?.data as MessageBody).allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<@&?\d+>/);
    expect(text).toMatch(/@\u200Beveryone/);
    expect(text).toMatch(/<\u200B@/);
    // The echoed query in the title kept its words.
    expect(body.embeds?.[0]?.title).toMatch(/summit/);
  });

  it('a forged custom_id gets a private "no longer works"', async () => {
    for (const id of ['dz1:x:who:abc:0::::Peskov', 'not-ours', 'dz1:m:who:~zzzzzzz:99999999::::q']) {
      const rec = await t.fake.interact(button({ customId: id }));
      expect(isEphemeral(rec), id).toBe(true);
      expect(textOf(answerOf(rec)), id).toMatch(/no longer works/);
    }
  });

  it('buttons keep working after a restart, and say so when the corpus has changed', async () => {
    const search = await ask('search', { terms: 'summit' });
    const zanzibar = await ask('search', { terms: 'Zanzibarian lighthouse keepers' });
    const more = customIds(search.body).find((b) => b.label === 'More passages')!;
    const full = customIds(zanzibar.body).find((b) => b.label === 'Full paragraph')!;

    // Restart: a new engine and client on the same corpus folder and the same fake Discord.
    const old = t;
    t = await old.restart();
    const afterRestart = await click(search.rec, more.id);
    expect(textOf(answerOf(afterRestart))).not.toMatch(/no longer works|changed/);
    expect(answerOf(afterRestart).embeds?.[0]?.footer?.text).toMatch(/passages 4–6 of/);
    const fullAfter = await click(zanzibar.rec, full.id);
    expect(answerOf(fullAfter).embeds?.[0]?.description).toMatch(/session 1 to discuss/);

    // Change the corpus and reindex through /admin: old buttons now say the articles changed.
    await writeFile(
      path.join(t.corpusDir, 'added-later.md'),
      '---\ntitle: A later summit report\npublished: 2022-02-22\n---\nThe summit was postponed again, officials said.\n',
    );
    const reindex = await interactFinal(
      t.fake,
      chatInput({ name: 'admin', subcommand: 'reindex', permissions: ADMIN_PERMISSIONS }),
    );
    expect(unescaped(textOf(answerOf(reindex)))).toMatch(/1 added \(added-later\.md\)/);
    const stale = await click(search.rec, more.id);
    expect(isEphemeral(stale)).toBe(true);
    expect(textOf(answerOf(stale))).toMatch(/articles have changed/);
    const staleFull = await click(zanzibar.rec, full.id);
    expect(textOf(answerOf(staleFull))).toMatch(/articles have changed|corpus has changed/);

    expectCleanRun(old);
  });

  it('logs one interaction line per interaction and made no bad request', () => {
    expectCleanRun(t);
    const lines = t.logs.filter((l) => l.msg === 'interaction');
    const ids = lines.map((l) => l.interaction);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
