/**
 * Hostile files through the real bot: files dropped into the corpus folder (reported by
 * `/admin reindex` and `/sources`, the rest of the corpus still served) and files uploaded with
 * `/admin add-article` (refused privately with a specific reason, and then nothing on disk has
 * changed — checked byte for byte over the whole folder, hidden files included).
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIAttachment } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PERMISSIONS, button, chatInput, type InteractionRecord } from '../harness/index.js';
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
  type TestBot,
} from '../e2e/helpers.js';
import { adminReply } from './helpers.js';
import { messageProblems } from './safety.js';

const today = new Date();
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const TOMORROW = isoDay(new Date(today.getTime() + 2 * 86_400_000));

const article = (title: string, body: string, extra = '') =>
  `---\ntitle: ${title}\npublished: 2022-02-20\n${extra}---\n${body}\n`;

/** A page whose scripts, styles and handlers carry words that must never reach the index. */
const SCRIPTED_HTML = `<!doctype html>
<html><head><title>Marrowgate ferry timetable changes</title>
<style>.zorblestyle { color: red } body::after { content: "zorblestyle" }</style>
<script>var zorbleflux = 1; document.write("zorbleflux zorbleflux");</script>
<script type="application/ld+json">{"headline": "zorbleflux ld json"}</script>
</head><body onload="zorbleflux()">
<noscript>zorblenoscript enable javascript</noscript>
<article><h1>Marrowgate ferry timetable changes</h1>
<p>The Marrowgate ferry will run every forty minutes from March, the operator said on Monday.</p>
<p>Passengers at Marrowgate pier welcomed the change <img src=x onerror="zorbleflux()"> after months of delays.</p>
<iframe srcdoc="<p>zorbleframe</p>"></iframe>
<template><p>zorbletemplate</p></template>
<p><a href="javascript:zorbleflux()">Timetable</a> details are posted at the pier.</p>
</article>
<script>zorbleflux(); /* zorbleflux */</script>
</body></html>`;

const SCRIPTED_MD = article(
  'Quillon bakery reopens',
  `<script>
window.zorblemd = "zorblemd";
</script>
<style>
.zorblemdstyle { display: none }
</style>
The Quillon bakery reopened on Saturday after a fire closed it in January, the owners said.`,
);

/** A long first paragraph, so the answer offers "Full paragraph" for it. */
const LONG_PARAGRAPH = Array.from(
  { length: 30 },
  (_, i) => `The Vexmoor archive committee met for hearing ${i + 1} about the Vexmoor flood records.`,
).join(' ');
const MENTIONS_IN_METADATA = `---
title: "@everyone <@&1100000000000000100> ||Vexmoor|| **flood** \`records\` [x](javascript:alert(1))"
outlet: "<@1100000000000000200> @here Gazette"
author: "<#1100000000000000101>"
published: 2022-02-19
url: https://example.com/vexmoor/@everyone
---
${LONG_PARAGRAPH}

The Vexmoor committee will publish the flood records @everyone can read next month.
`;

interface CorpusRow {
  what: string;
  file: string;
  content: string | Uint8Array;
  /** What `/admin reindex` and `/sources` say about the file. */
  reason: RegExp;
}

const CORPUS_ROWS: CorpusRow[] = [
  {
    what: 'a binary file',
    file: 'binary.md',
    content: Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]),
    reason: /binary file \(contains NUL bytes\), not text/,
  },
  {
    what: 'a huge file (3 MiB)',
    file: 'huge.txt',
    content: 'The Vexmoor word count. '.repeat(131_072),
    reason: /file is 3(\.0)? MiB, over the 2 MiB size limit/,
  },
  { what: 'an empty file', file: 'empty.md', content: '', reason: /empty file/ },
  {
    what: 'a whitespace-only file',
    file: 'blank.txt',
    content: ' \n\t\n  \n',
    reason: /empty file \(only whitespace\)/,
  },
  {
    what: 'a Latin-1 (not UTF-8) file',
    file: 'latin1.txt',
    content: Uint8Array.from(Buffer.from('Caf\xe9 owners in Z\xfcrich protested on Monday.\n', 'latin1')),
    reason: /not valid UTF-8 text; save it as UTF-8/,
  },
  {
    what: 'a UTF-16 file',
    file: 'utf16.txt',
    content: Uint8Array.from(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Tram drivers agreed a deal.\n', 'utf16le')]),
    ),
    reason: /file is UTF-16 text; save it as UTF-8/,
  },
  {
    what: 'an HTML page that is nothing but scripts and styles',
    file: 'only-scripts.html',
    content:
      '<html><head><script>var a = "zorbleonly";</script><style>p{}</style></head><body><script>zorbleonly()</script></body></html>',
    reason: /no article text left after removing page chrome|no article text/,
  },
  {
    what: 'front matter dated in the future (published: the day after tomorrow)',
    file: 'future.md',
    content: article('From the future', 'The Vexmoor future paragraph.', '').replace('2022-02-20', TOMORROW),
    reason: new RegExp(`front matter field "published" is in the future: ${TOMORROW}`),
  },
  {
    what: 'front matter that says "published: tomorrow"',
    file: 'tomorrow.md',
    content: '---\ntitle: Tomorrow\npublished: tomorrow\n---\nThe Vexmoor tomorrow paragraph.\n',
    reason: /front matter field "published" is not an ISO date \(YYYY-MM-DD\): "tomorrow"/,
  },
  {
    what: 'broken front matter (bad YAML)',
    file: 'broken-yaml.md',
    content: '---\ntitle: [unclosed\nauthor: : :\n---\nThe Vexmoor broken paragraph.\n',
    reason: /front matter is not valid YAML/,
  },
  {
    what: 'front matter that is never closed',
    file: 'unclosed.md',
    content: '---\ntitle: Never closed\n\nThe Vexmoor unclosed paragraph.\n',
    reason: /front matter is not closed/,
  },
  {
    what: 'a javascript: URL in the front matter',
    file: 'js-url.md',
    content: article('Script link', 'The Vexmoor link paragraph.', 'url: "javascript:alert(1)"\n'),
    reason: /front matter field "url" must be an http\(s\) URL/,
  },
  {
    what: 'a file name with no letters or digits',
    file: '---.md',
    content: article('Dashes', 'The Vexmoor dashes paragraph.'),
    reason: /the file name has no letters or digits/,
  },
  {
    what: 'an unsupported extension (.pdf)',
    file: 'report.pdf',
    content: '%PDF-1.4 not really',
    reason: /unsupported file type "\.pdf"/,
  },
];

/** Every file under `dir` (hidden ones included) with a hash of its bytes, or where a link points. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isSymbolicLink()) out[p] = 'symlink';
      else
        out[p] = createHash('sha256')
          .update(await readFile(path.join(dir, p)))
          .digest('hex');
    }
  };
  await walk('');
  return out;
}

describe('hostile files through the bot', () => {
  let t: TestBot;
  let outside: string;
  let reindexText = '';
  let sourcesText = '';

  beforeAll(async () => {
    outside = await mkdtemp(path.join(tmpdir(), 'dossier-outside-'));
    await writeFile(
      path.join(outside, 'secret.md'),
      article('Outside secret', 'The zorblesecret paragraph outside the corpus.'),
    );
    t = await startBot({ env: { COOLDOWN_SECONDS: '0' } });
    // Dropped in after start-up, as an editor would; the reindex must report every one of them.
    for (const row of CORPUS_ROWS) await writeFile(path.join(t.corpusDir, row.file), row.content);
    await writeFile(path.join(t.corpusDir, 'ferry-page.html'), SCRIPTED_HTML);
    await writeFile(path.join(t.corpusDir, 'bakery.md'), SCRIPTED_MD);
    await writeFile(path.join(t.corpusDir, 'vexmoor-metadata.md'), MENTIONS_IN_METADATA);
    await writeFile(
      path.join(t.corpusDir, 'CON.md'),
      article('Reserved name on Linux', 'The Vexmoor reserved-name paragraph.'),
    );
    await symlink(path.join(outside, 'secret.md'), path.join(t.corpusDir, 'outside-link.md'));
    await mkdir(path.join(t.corpusDir, 'nested'));
    await symlink(outside, path.join(t.corpusDir, 'nested', 'outside-folder'));
    const rec = await adminReply(
      t.fake,
      chatInput({ name: 'admin', subcommand: 'reindex', permissions: ADMIN_PERMISSIONS }),
    );
    reindexText = unescaped(textOf(answerOf(rec)));
    sourcesText = unescaped(textOf(answerOf(await t.fake.interact(chatInput({ name: 'sources' })))));
  });
  afterAll(async () => {
    await t?.stop();
    await rm(outside, { recursive: true, force: true });
  });

  const search = async (terms: string) => {
    const rec = await t.fake.interact(chatInput({ name: 'search', options: { terms } }));
    const body = answerOf(rec);
    expectWithinLimits(body, terms);
    expect(messageProblems(body), terms).toEqual([]);
    return { rec, body, text: unescaped(textOf(body)) };
  };

  describe('in the corpus folder', () => {
    for (const row of CORPUS_ROWS) {
      it(`${row.what}: /admin reindex names it with the reason, and the rest is served`, () => {
        const line = reindexText.split('\n').find((l) => l.includes(`Not indexed: ${row.file}:`));
        expect(line, reindexText).toBeDefined();
        expect(line).toMatch(row.reason);
        expect(reindexText).toMatch(/^Reindexed/);
        expect(sourcesText).toMatch(/Not indexed: /);
      });
    }

    it('a symlink to a file outside the corpus is refused and its text is never served', async () => {
      expect(reindexText).toMatch(
        /Not indexed: outside-link\.md: symlink points outside the corpus folder; copy the file in instead/,
      );
      expect(reindexText).toMatch(
        /Not indexed: nested\/outside-folder: symlink points outside the corpus folder/,
      );
      const { body } = await search('zorblesecret');
      expect(body.embeds?.[0]?.fields ?? []).toEqual([]);
    });

    it('an HTML page full of scripts, styles, handlers and frames is indexed without any of them', async () => {
      expect(sourcesText).toMatch(/Marrowgate ferry timetable changes/);
      const found = await search('Marrowgate ferry');
      expect(found.body.embeds?.[0]?.fields?.length).toBeGreaterThan(0);
      for (const word of ['zorbleflux', 'zorblestyle', 'zorblenoscript', 'zorbleframe', 'zorbletemplate']) {
        const { body } = await search(word);
        expect(body.embeds?.[0]?.fields ?? [], word).toEqual([]);
      }
      const all = t.engine.store
        .current()
        .paragraphs.map((p) => p.text)
        .join('\n');
      expect(all).not.toMatch(/zorble/);
    });

    it('a Markdown file with <script> and <style> blocks is indexed without them', async () => {
      const found = await search('Quillon bakery');
      expect(found.body.embeds?.[0]?.fields?.length).toBeGreaterThan(0);
      expect((await search('zorblemd')).body.embeds?.[0]?.fields ?? []).toEqual([]);
      expect((await search('zorblemdstyle')).body.embeds?.[0]?.fields ?? []).toEqual([]);
    });

    it('a reserved Windows name (CON.md) in the folder loads on Linux like any other article', () => {
      expect(reindexText).not.toMatch(/CON\.md:/);
      expect(sourcesText).toMatch(/Reserved name on Linux/);
    });

    it('mentions and Markdown in a title, outlet and URL show neutralised in answers, sources and "Full paragraph"', async () => {
      expect(sourcesText).toMatch(/@\u200Beveryone <\u200B@&1100000000000000100> \|\|Vexmoor\|\|/);
      const { rec, body } = await search('Vexmoor archive committee hearing');
      const full = customIds(body).find((b) => b.label === 'Full paragraph');
      expect(full, 'the long first paragraph was cut').toBeDefined();
      const shown = await t.fake.interact(
        button({ customId: full!.id, ...(rec.original ? { message: rec.original } : {}) }),
      );
      const shownBody = answerOf(shown);
      expect(isEphemeral(shown)).toBe(true);
      expectWithinLimits(shownBody, 'full paragraph');
      expect(messageProblems(shownBody)).toEqual([]);
      expect(unescaped(shownBody.embeds?.[0]?.title ?? '')).toMatch(/@\u200Beveryone/);
    });

    it('the good articles are all still answered after the reindex', async () => {
      expect(reindexText).toMatch(/Reindexed/);
      const who = await t.fake.interact(chatInput({ name: 'who', options: { name: 'Peskov' } }));
      expect(textOf(answerOf(who))).toContain('Dmitry Peskov');
    });

    it('an article that breaks on a later reindex keeps serving its last good version', async () => {
      await writeFile(path.join(t.corpusDir, 'bakery.md'), Uint8Array.from([0, 1, 2, 3, 0, 0xff]));
      const rec = await adminReply(
        t.fake,
        chatInput({ name: 'admin', subcommand: 'reindex', permissions: ADMIN_PERMISSIONS }),
      );
      const text = unescaped(textOf(answerOf(rec)));
      expect(text).toMatch(/Not indexed: bakery\.md: binary file .* its last good version keeps serving/);
      const found = await search('Quillon bakery');
      expect(found.body.embeds?.[0]?.fields?.length).toBeGreaterThan(0);
      await writeFile(path.join(t.corpusDir, 'bakery.md'), SCRIPTED_MD);
    });
  });

  describe('uploaded with /admin add-article', () => {
    async function upload(attachment: APIAttachment) {
      const rec = await adminReply(
        t.fake,
        chatInput({
          name: 'admin',
          subcommand: 'add-article',
          permissions: ADMIN_PERMISSIONS,
          attachments: { file: attachment },
        }),
      );
      const body = answerOf(rec);
      expectWithinLimits(body, attachment.filename);
      expect(messageProblems(body)).toEqual([]);
      return { rec, text: unescaped(textOf(body)) };
    }

    function expectRefusal(rec: InteractionRecord, text: string, reason: RegExp) {
      expect(isEphemeral(rec)).toBe(true);
      expect(text).toMatch(reason);
      expect(text).not.toMatch(/error id/);
    }

    const REFUSED: {
      what: string;
      name: string;
      content: string | Uint8Array;
      reason: RegExp;
      status?: number;
    }[] = [
      {
        what: 'an empty file',
        name: 'empty-upload.md',
        content: '',
        reason: /empty-upload\.md was not added: empty file/,
      },
      {
        what: 'a UTF-16 file',
        name: 'utf16-upload.txt',
        content: Uint8Array.from(
          Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello there.\n', 'utf16le')]),
        ),
        reason: /was not added: file is UTF-16 text; save it as UTF-8/,
      },
      {
        what: 'front matter dated in the future',
        name: 'future-upload.md',
        content: article('Future upload', 'The Vexmoor future upload paragraph.').replace(
          '2022-02-20',
          TOMORROW,
        ),
        reason: new RegExp(
          `future-upload\\.md was not added: front matter field "published" is in the future: ${TOMORROW}`,
        ),
      },
      {
        what: '"published: tomorrow"',
        name: 'tomorrow-upload.md',
        content: '---\npublished: tomorrow\n---\nThe Vexmoor tomorrow upload paragraph.\n',
        reason: /was not added: front matter field "published" is not an ISO date/,
      },
      {
        what: 'broken front matter',
        name: 'broken-upload.md',
        content: '---\ntitle: "unclosed\n---\nText.\n',
        reason: /broken-upload\.md was not added: front matter is not valid YAML/,
      },
      {
        what: 'an HTML page with only scripts',
        name: 'scripts-upload.html',
        content: '<script>zorbleupload()</script><style>p{}</style>',
        reason: /scripts-upload\.html was not added: no article text left after removing page chrome\.?$/m,
      },
      {
        what: 'an absolute path as its name',
        name: '/etc/cron.d/evil.md',
        content: 'Evil.\n',
        reason: /is not a plain file name/,
      },
      {
        what: 'a Windows path as its name',
        name: 'C:\\Users\\evil.md',
        content: 'Evil.\n',
        reason: /is not a plain file name/,
      },
      {
        what: 'a ..\\ path as its name',
        name: '..\\..\\evil.md',
        content: 'Evil.\n',
        reason: /is not a plain file name/,
      },
      {
        what: 'a NUL in its name',
        name: 'evil\u0000.md',
        content: 'Evil.\n',
        reason: /is not a plain file name/,
      },
      {
        what: 'a reserved name (CON.md)',
        name: 'CON.md',
        content: 'Reserved.\n',
        reason: /“CON\.md” is a reserved file name; rename it/,
      },
      {
        what: 'a reserved name (nul.txt)',
        name: 'nul.txt',
        content: 'Reserved.\n',
        reason: /is a reserved file name/,
      },
      {
        what: 'a reserved name (com1.md)',
        name: 'com1.md',
        content: 'Reserved.\n',
        reason: /is a reserved file name/,
      },
      {
        what: 'a hidden name (.htaccess.md)',
        name: '.htaccess.md',
        content: 'Hidden.\n',
        reason: /must not start with a dot/,
      },
      {
        what: 'a 200-character name',
        name: `${'n'.repeat(197)}.md`,
        content: 'Long.\n',
        reason: /must be 1 to 120 characters/,
      },
      {
        what: 'the name of a file already in the corpus',
        name: 'kremlin-undermines-confidence-in-putin-biden-summit.md',
        content: article('Overwrite attempt', 'The Vexmoor overwrite paragraph.'),
        reason: /already indexed|already exists/,
      },
      {
        what: 'a different name with the id of an indexed article',
        name: 'Kremlin Undermines Confidence in Putin Biden Summit.txt',
        content: 'Overwrite by id. The Vexmoor id paragraph.\n',
        reason:
          /An article with the id “kremlin-undermines-confidence-in-putin-biden-summit” is already indexed/,
      },
      {
        what: 'a download that fails (HTTP 404 from the CDN)',
        name: 'gone.md',
        content: article('Gone', 'Gone.'),
        status: 404,
        reason: /The attachment could not be downloaded \(HTTP 404\); try again/,
      },
    ];

    for (const bad of REFUSED) {
      it(`${bad.what}: refused privately with the reason, and nothing on disk changes`, async () => {
        const before = await snapshot(t.corpusDir);
        const version = t.engine.store.current().version;
        const file = t.fake.addAttachment(bad.name, bad.content, bad.status ? { status: bad.status } : {});
        const { rec, text } = await upload(file);
        expectRefusal(rec, text, bad.reason);
        expect(await snapshot(t.corpusDir)).toEqual(before);
        expect(t.engine.store.current().version).toBe(version);
        expect(await interactionLog(t, rec.id)).toMatchObject({ outcome: 'user-error' });
      });
    }

    it('an HTML upload full of scripts is accepted, and none of its script text is indexed', async () => {
      const page = SCRIPTED_HTML.replaceAll('Marrowgate', 'Pellworth');
      const { rec, text } = await upload(
        t.fake.addAttachment('pellworth-ferry.html', page, { contentType: 'text/html' }),
      );
      expect(isEphemeral(rec)).toBe(true);
      expect(text).toMatch(/Added pellworth-ferry\.html/);
      expect(await readFile(path.join(t.corpusDir, 'pellworth-ferry.html'), 'utf8')).toBe(page);
      expect((await search('Pellworth ferry')).body.embeds?.[0]?.fields?.length).toBeGreaterThan(0);
      expect((await search('zorbleflux')).body.embeds?.[0]?.fields ?? []).toEqual([]);
      const files = Object.keys(await snapshot(t.corpusDir));
      expect(files.filter((f) => f.endsWith('.tmp') || path.basename(f).startsWith('.'))).toEqual([]);
    });

    for (const [what, name, page] of [
      [
        'an HTML fragment with no <html> or <body>',
        'fragment.html',
        '<h1>Tarnby lock repairs</h1><p>Repairs to the Tarnby lock will close the canal for two weeks, the trust said on Friday.</p>',
      ],
      [
        'an .html file of plain text with no tags',
        'plain.html',
        'Repairs to the Tarnby weir will start in April, the trust said on Friday, after the lock reopens.',
      ],
      [
        'an HTML page with tags before <html>',
        'late-root.html',
        '<meta charset="utf-8"><style>p { color: red }</style><html><body><p>The Tarnby towpath reopens on Monday after repairs, the trust said.</p></body></html>',
      ],
    ] as const) {
      it(`${what} is accepted and answerable`, async () => {
        const { rec, text } = await upload(t.fake.addAttachment(name, page));
        expect(isEphemeral(rec)).toBe(true);
        expect(text).toMatch(new RegExp(`Added ${name.replace('.', '\\.')}`));
        const word = { 'plain.html': 'Tarnby weir', 'late-root.html': 'Tarnby towpath' }[name as string];
        expect((await search(word ?? 'Tarnby lock')).body.embeds?.[0]?.fields?.length).toBeGreaterThan(0);
      });
    }

    it('an upload named "@everyone <@&1>.md" is refused as not a plain name, and the reply pings nobody', async () => {
      const before = await snapshot(t.corpusDir);
      const { rec, text } = await upload(
        t.fake.addAttachment('@everyone <@&1>.md', article('Ping', 'Ping.')),
      );
      expectRefusal(rec, text, /not a plain file name/);
      expect(text).toMatch(/@\u200Beveryone/);
      expect(await snapshot(t.corpusDir)).toEqual(before);
    });
  });

  it('logged nothing at error level and sent nothing Discord refuses', () => {
    expect(t.logs.filter((l) => l.level >= 50)).toEqual([]);
    expectCleanRun(t);
  });
});
