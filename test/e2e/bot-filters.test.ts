/**
 * The article filter end to end through the real bot and the fake Discord: a slash command with
 * `outlet:` and `since:`, the filter line in the answer, "More passages" keeping the filter, the
 * outlet autocomplete, and a bad date refused privately.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocomplete, button, chatInput, type InteractionRecord } from '../harness/index.js';
import {
  answerOf,
  customIds,
  expectWithinLimits,
  isEphemeral,
  startBot,
  textOf,
  type TestBot,
} from './helpers.js';

/** An article of `n` paragraphs about glaciers, each a distinct passage. */
function glacierArticle(outlet: string, published: string, n: number, topic: string): string {
  const paragraphs = Array.from(
    { length: n },
    (_, i) =>
      `The glacier survey team ${topic} measured site ${i + 1} of the ${outlet} study, number ${i + 1}.`,
  );
  return `---\ntitle: Glacier survey by ${outlet}\noutlet: ${outlet}\npublished: ${published}\n---\n${paragraphs.join('\n\n')}\n`;
}

describe('filters through the bot', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startBot({
      files: {
        'glacier-gazette.md': glacierArticle('Fixture Gazette', '2022-03-01', 5, 'from the north'),
        'glacier-post.md': glacierArticle('Other Post', '2022-03-02', 5, 'from the south'),
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function ask(name: string, options: Record<string, string>) {
    const rec = await t.fake.interact(chatInput({ name, options }));
    const body = answerOf(rec);
    expectWithinLimits(body, `/${name}`);
    return { rec, body, text: textOf(body) };
  }
  const fieldNames = (body: ReturnType<typeof answerOf>) =>
    (body.embeds?.[0]?.fields ?? []).map((f) => f.name);
  const click = (from: InteractionRecord, customId: string) =>
    t.fake.interact(button({ customId, ...(from.original ? { message: from.original } : {}) }));

  it('/search with outlet: and since: cites that outlet only, says so, and "More passages" keeps it', async () => {
    const { rec, body } = await ask('search', {
      terms: 'glacier survey',
      outlet: 'fixture gazette',
      since: '2022-03',
    });
    expect(body.embeds?.[0]?.description).toContain('Only articles from Fixture Gazette since 1 Mar 2022.');
    expect(body.embeds?.[0]?.footer?.text).toMatch(/passages 1–3 of 5/);
    expect(fieldNames(body).every((n) => n.includes('Fixture Gazette'))).toBe(true);
    const more = customIds(body).find((b) => b.label === 'More passages');
    expect(more?.disabled).toBe(false);
    const next = await click(rec, more!.id);
    expect(isEphemeral(next)).toBe(true);
    const nextBody = answerOf(next);
    expect(nextBody.embeds?.[0]?.footer?.text).toMatch(/passages 4–5 of 5/);
    expect(nextBody.embeds?.[0]?.description).toContain(
      'Only articles from Fixture Gazette since 1 Mar 2022.',
    );
    expect(fieldNames(nextBody)).toHaveLength(2);
    expect(fieldNames(nextBody).every((n) => n.includes('Fixture Gazette'))).toBe(true);
  });

  it('autocomplete on outlet: suggests outlet names with their article counts', async () => {
    const rec = await t.fake.interact(
      autocomplete({ name: 'who', focused: { name: 'outlet', value: 'gaz' } }),
    );
    const choices = (rec.callback?.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices).toEqual([{ name: 'Fixture Gazette (1 article)', value: 'Fixture Gazette' }]);
  });

  it('since:banana is refused privately, naming the option', async () => {
    const rec = await t.fake.interact(
      chatInput({ name: 'who', options: { name: 'Peskov', since: 'banana' } }),
    );
    expect(isEphemeral(rec)).toBe(true);
    expect(textOf(answerOf(rec))).toMatch(/The since option “banana” is not a date/);
  });
});
