/**
 * The bot's own token never leaves in a reply (#17, defect 14): logs always scrubbed it, but an
 * article that holds it was quoted as is in public answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput, dmMessage } from '../harness/index.js';
import {
  TOKEN,
  answerOf,
  expectCleanRun,
  startBot,
  textOf,
  type MessageBody,
  type TestBot,
} from './helpers.js';

describe('the token in an article is blanked in replies', () => {
  let t: TestBot;
  const token = TOKEN;

  beforeAll(async () => {
    // The bot's own token, written into an article of the corpus.
    t = await startBot({
      files: {
        'leaked-credentials.md': `---\ntitle: Gravelmoor config leak\npublished: 2022-02-18\n---\nA Gravelmoor intern pasted the bot token ${token} into a public forum, the council said.\n`,
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('/search quoting the paragraph shows [REDACTED], not the token', async () => {
    expect(t.config.token).toBe(token);
    const rec = await t.fake.interact(chatInput({ name: 'search', options: { terms: 'Gravelmoor intern' } }));
    const text = textOf(answerOf(rec));
    expect(text).toMatch(/Gravelmoor/);
    expect(text).toContain('REDACTED');
    // Not even as the renderer escapes it for Markdown.
    expect(text.replace(/\\/g, '')).not.toContain(token);
    expect(JSON.stringify(rec)).not.toContain(token);
  });

  it('a DM question quoting it does not send the token either', async () => {
    const since = t.fake.sentMessages.length;
    const dm = dmMessage({ content: '/search Gravelmoor intern' });
    t.fake.dispatch('MESSAGE_CREATE', dm);
    const sent = await t.fake.waitForMessage(dm.channel_id, {
      since,
      predicate: (m) => m.message_reference?.message_id === dm.id,
    });
    const text = textOf(sent.request?.body as MessageBody);
    expect(text).toContain('REDACTED');
    expect(text.replace(/\\/g, '')).not.toContain(token);
    expect(JSON.stringify(sent.request?.body)).not.toContain(token);
  });

  it('made no request Discord would refuse and logged no error', () => {
    expectCleanRun(t);
  });
});
