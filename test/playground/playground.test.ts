/**
 * The playground in a real browser: Debian's chromium driven by playwright-core (never a browser
 * download). It types a slash command, picks the bot's autocomplete choice, reads the embed, clicks
 * a button, sends a DM, runs admin commands with the file picker — and saves a screenshot
 * (`UPDATE_SCREENSHOTS=1` makes it the README's docs/playground.png).
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`); without it the test is skipped, loudly.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWho } from '../../src/answer/index.js';
import { ROOT, startTestPlayground, type TestPlayground } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  console.warn(
    `SKIPPED test/playground/playground.test.ts: no browser at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium) to run the real-browser playground test.`,
  );
}

/**
 * The screenshot goes to .cache (tests leave `git status` clean); `UPDATE_SCREENSHOTS=1` writes the
 * README's docs/playground.png instead.
 */
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS
  ? path.join(ROOT, 'docs', 'playground.png')
  : path.join(ROOT, '.cache', 'playground.png');
const NEW_ARTICLE = `---
title: Harbour authority names a new lighthouse inspector
outlet: Playground Test Gazette
published: 2022-02-20
---
Wilhelmina Quastorp, the harbour authority's chief lighthouse inspector, inspected the northern lamps on Friday.
`;

/** Visible text, spaces collapsed. */
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.skipIf(!HAVE_CHROMIUM)('the playground in a real browser (chromium)', () => {
  let pg: TestPlayground;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    pg = await startTestPlayground();
    // A non-persistent context: playwright gives it a fresh, temporary profile.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(pg.url);
    await page.locator('body[data-ready="true"]').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  const input = () => page.locator('#input');
  const guild = () => page.locator('#messages-guild');
  const dm = () => page.locator('#messages-dm');
  /** The bot's messages in a channel, oldest first. */
  const botMessages = (log: Locator) =>
    log.locator('discord-message[data-id]').filter({ has: page.locator('discord-embed') });

  async function typeLine(text: string) {
    await input().click();
    await input().fill('');
    await input().pressSequentially(text, { delay: 15 });
  }

  it('/who Pesk → the bot’s autocomplete choice → the embed with the role and a citation', async () => {
    await typeLine('/who Pesk');
    // The list comes from the bot's answer to an APPLICATION_COMMAND_AUTOCOMPLETE interaction.
    const choice = page.locator('#suggestions li[role="option"]', { hasText: /Peskov/ }).first();
    await choice.waitFor();
    const chosen = norm(await choice.innerText());
    const autocompletes = [...pg.fake.state.interactions.values()].filter((r) => r.type === 4);
    expect(autocompletes.length).toBeGreaterThan(0);
    const offered = autocompletes.flatMap(
      (r) =>
        (r.callback?.data as { choices?: { name: string }[] } | undefined)?.choices?.map((c) => c.name) ?? [],
    );
    expect(offered).toContain(chosen);
    await choice.click();
    await expect.poll(() => input().inputValue()).toBe(`/who ${chosen}`);
    await input().press('Enter');

    const reply = botMessages(guild()).last();
    await reply.locator('discord-embed-description').waitFor();
    await expect.poll(() => input().inputValue()).toBe('');
    // "You used /who" above the reply, as Discord shows a slash command's answer.
    expect(
      await reply.locator('discord-command').evaluate((el) => (el as unknown as { command: string }).command),
    ).toBe('/who');
    const expected = answerWho(pg.engine.store.current(), chosen);
    expect(expected.text, 'the engine knows this person').toBeTruthy();
    expect(norm(await reply.locator('discord-embed-description').innerText())).toContain(
      norm(expected.text!),
    );
    const first = expected.citations[0]!;
    const field = reply.locator('discord-embed-field').first();
    const fieldTitle = await field.evaluate((el) => (el as unknown as { fieldTitle: string }).fieldTitle);
    expect(fieldTitle).toContain(first.title);
    expect(fieldTitle).toContain(`¶${first.paragraph}`);
    await expect.poll(() => field.getByText(first.title).first().isVisible()).toBe(true);
    // Bold from the Markdown is bold on the page (discord-bold), not asterisks.
    expect(await reply.locator('discord-embed-description discord-bold').count()).toBeGreaterThan(0);
    expect(await reply.locator('discord-embed-description').innerText()).not.toContain('**');

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it('“More passages” sends a real button interaction and shows the next passages, only to you', async () => {
    await typeLine('/search summit');
    await input().press('Enter');
    const answer = botMessages(guild()).last();
    const more = answer.locator('discord-button', { hasText: 'More passages' });
    await more.waitFor();
    const firstTitles = await answer
      .locator('discord-embed-field')
      .evaluateAll((els) =>
        els.map((el) => (el as unknown as { fieldTitle: string }).fieldTitle.replace(/^\[\d+\] /, '')),
      );
    const before = [...pg.fake.state.interactions.values()].filter((r) => r.type === 3).length;
    await more.click();
    const next = guild().locator('discord-message[ephemeral]').last();
    await next.locator('discord-embed-field').first().waitFor();
    expect([...pg.fake.state.interactions.values()].filter((r) => r.type === 3).length).toBe(before + 1);
    await expect.poll(() => next.getByText('Only you can see this').isVisible()).toBe(true);
    const nextTitles = await next
      .locator('discord-embed-field')
      .evaluateAll((els) =>
        els.map((el) => (el as unknown as { fieldTitle: string }).fieldTitle.replace(/^\[\d+\] /, '')),
      );
    expect(nextTitles.length).toBeGreaterThan(0);
    for (const t of nextTitles) expect(firstTitles).not.toContain(t);
  });

  it('the JSON toggle shows the payload the bot sent for each reply', async () => {
    const raw = botMessages(guild()).last().locator('.raw-json');
    expect(await raw.isVisible()).toBe(false);
    await page.locator('#show-json').check();
    await expect.poll(() => raw.isVisible()).toBe(true);
    const text = await raw.locator('pre').innerText();
    expect(text).toContain('POST /interactions/:interactionId/:token/callback');
    expect(JSON.parse(text.slice(text.indexOf('{')))).toMatchObject({ type: 4, data: { flags: 64 } });
    await page.locator('#show-json').uncheck();
  });

  it('a DM question gets an answer in the DM channel', async () => {
    await page.locator('[data-channel="dm"]').click();
    expect(await page.locator('#log-dm').isVisible()).toBe(true);
    const name = 'Peskov';
    const question = `Who is ${name}?`;
    await typeLine(question);
    await input().press('Enter');
    const mine = dm().locator('discord-message', { hasText: question }).first();
    await mine.waitFor();
    const reply = botMessages(dm()).last();
    await reply.locator('discord-embed-description').waitFor();
    // A reply to the question, as Discord shows a reply.
    expect(norm(await reply.locator('discord-reply').innerText())).toContain(question);
    const expected = answerWho(pg.engine.store.current(), name);
    expect(norm(await reply.locator('discord-embed-description').innerText())).toContain(
      norm(expected.text!),
    );
  });

  it('text from the bot and the user is shown as text, never run as HTML', async () => {
    const hostile = `who is <img src=x onerror="document.body.dataset.pwned='1'"> [x](javascript:document.body.dataset.pwned=2)?`;
    await typeLine(hostile);
    await input().press('Enter');
    await dm().locator('discord-message', { hasText: '<img src=x' }).first().waitFor();
    const reply = botMessages(dm()).last();
    await expect.poll(() => reply.innerText()).toContain('<img src=x');
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined();
    // What the page itself put in the channel (not the components' own templates): no img, no script link.
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('#messages-dm img, #messages-dm script').length,
      js: [...document.querySelectorAll('#messages-dm [href]')].filter((a) =>
        /^javascript:/i.test(a.getAttribute('href') ?? ''),
      ).length,
    }));
    expect(injected).toEqual({ img: 0, js: 0 });
  });

  it('admin commands work: /admin status, and /admin add-article with the file picker', async () => {
    await typeLine('/admin st');
    const option = page.locator('#suggestions li[role="option"]', { hasText: '/admin status' });
    await option.waitFor();
    await input().press('Enter'); // picks the highlighted command
    await expect.poll(() => input().inputValue()).toBe('/admin status ');
    await input().press('Enter');
    const status = dm()
      .locator('discord-message[ephemeral]', { hasText: /Articles: \d+/ })
      .last();
    await status.waitFor();
    expect(
      await status
        .locator('discord-command')
        .evaluate((el) => (el as unknown as { command: string }).command),
    ).toBe('/admin status');

    await typeLine('/admin add-article');
    await page.locator('#attach').waitFor();
    await page.locator('#file').setInputFiles({
      name: 'harbour-inspector.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(NEW_ARTICLE),
    });
    await input().press('Enter');
    const added = dm()
      .locator('discord-message[ephemeral]')
      .filter({ has: page.locator('discord-command') })
      .last();
    await expect
      .poll(() =>
        added.locator('discord-command').evaluate((el) => (el as unknown as { command: string }).command),
      )
      .toBe('/admin add-article');
    await added.locator('discord-embed').waitFor();
    expect(existsSync(path.join(pg.corpusDir, 'harbour-inspector.md'))).toBe(true);
    expect(pg.fake.cdn.downloads.map((d) => d.filename)).toContain('harbour-inspector.md');
  });

  it('the page raised no errors, and the local Discord saw only routes it knows', () => {
    expect(pageErrors).toEqual([]);
    expect(pg.fake.unknownRoutes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});
