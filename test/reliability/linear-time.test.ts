/**
 * Issue "Hardening, round 2", rows 1 and 5 through the real bot (discord.js against the fake
 * Discord): articles shaped to make text processing quadratic — a 64,000-backslash run, 200 KB of
 * "[", unclosed images and bold markers, thousands of quotes and dates in one paragraph — are in the
 * corpus from start-up. Start-up must finish, and questions that cite them must be answered before
 * Discord's 3-second interaction deadline. Before the fixes each of these took from seconds to
 * minutes (docs/reliability.md). The growth itself is checked by `npm run complexity`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput } from '../harness/index.js';
import { answerOf, expectCleanRun, startBot, textOf, unescaped, type TestBot } from '../e2e/helpers.js';

const article = (title: string, body: string) =>
  `---\ntitle: ${title}\npublished: 2024-03-04\n---\n${body}\n`;
const LEAD = 'The Marrowgate ferry summit met on Monday.';

const FILES: Record<string, string> = {
  'backslashes.md': article('Backslash ferry', `${LEAD} ${'\\'.repeat(64_000)} the ferry summit closed.`),
  'brackets.md': article('Bracket ferry', `${LEAD} ${'['.repeat(200_000)} the ferry summit closed.`),
  'images.md': article('Image ferry', `${LEAD} ${'![a'.repeat(60_000)} the ferry summit closed.`),
  'bold.md': article('Bold ferry', `${LEAD} ${'**a '.repeat(50_000)} the ferry summit closed.`),
  'quotes.md': article('Quoted ferry', `${LEAD} ${'“We will sail,” Dana Whitcombe said. '.repeat(3_000)}`),
  'dates.md': article('Dated ferry', `${LEAD} ${'the ferry summit on 12 March 2024, '.repeat(4_000)}`),
};

describe('articles shaped to be slow to process', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startBot({ files: FILES });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it.each(['ferry summit', 'Marrowgate'])('/search %s is answered in time, citing them', async (terms) => {
    const rec = await t.fake.interact(chatInput({ name: 'search', options: { terms } }));
    const text = unescaped(textOf(answerOf(rec)));
    expect(rec.callback).not.toBeNull();
    expect(text).toMatch(/ferry/i);
  });

  it('/quote, /when and /timeline on them are answered in time', async () => {
    const quote = await t.fake.interact(chatInput({ name: 'quote', options: { name: 'Dana Whitcombe' } }));
    expect(unescaped(textOf(answerOf(quote)))).toMatch(/We will sail/);
    const when = await t.fake.interact(chatInput({ name: 'when', options: { event: 'ferry summit' } }));
    expect(unescaped(textOf(answerOf(when)))).toMatch(/2024/);
    const timeline = await t.fake.interact(chatInput({ name: 'timeline', options: { topic: 'ferry' } }));
    expect(unescaped(textOf(answerOf(timeline)))).toMatch(/2024/);
  });

  it('sent nothing Discord refuses and logged nothing at error level', () => {
    expectCleanRun(t);
  });
});
