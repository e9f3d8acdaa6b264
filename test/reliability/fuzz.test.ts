/**
 * Fuzzing with fast-check, over the three places hostile input flows through:
 *
 * - ingestion: `parseArticle` never throws on arbitrary bytes under arbitrary names, and always
 *   returns an article or an error with a reason;
 * - rendering: `renderDiscord`, `renderNotice` and `renderParagraph` — over answers with arbitrary
 *   text in every field, and over real answers computed from an index of arbitrary paragraphs for
 *   arbitrary queries — never exceed a Discord limit, never emit a live mention, never let Markdown
 *   escape, never send an invisible or control character;
 * - the CLI's `--json`: for arbitrary lines, the in-process path of `npm run ask -- --json` (the same
 *   functions src/cli/ask.ts calls) prints one JSON object of the documented shape (README) or
 *   refuses the line with a one-line UserError; a few generated lines also go through the real CLI.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_KINDS, type Answer, type AnswerKind, type Citation } from '../../src/answer/types.js';
import { answerAt } from '../../src/answer/index.js';
import { isIngestError, parseArticle, type Article } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { loadConfig } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/serve/engine.js';
import { isUserError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { encodeCustomId } from '../../src/render/custom-id.js';
import { renderDiscord, renderNotice } from '../../src/render/discord/index.js';
import { renderParagraph } from '../../src/render/discord/paragraph.js';
import { localContext, printReply, runCliLine, type CliArgs } from '../../src/cli/shared.js';
import { ROOT, SEED_CORPUS, type MessageBody } from '../e2e/helpers.js';
import { messageProblems } from './safety.js';

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/** Pieces that have broken renderers before: mentions, Markdown, controls, bidi, surrogates. */
const nasty = fc.constantFrom(
  '@everyone',
  '@here',
  '@EVERYONE',
  '<@1100000000000000200>',
  '<@!1100000000000000200>',
  '<@&1100000000000000100>',
  '<#1100000000000000101>',
  '</admin reindex:1>',
  '<id:customize>',
  '<t:0:R>',
  '**',
  '*',
  '__',
  '_',
  '~~',
  '||',
  '`',
  '```',
  '> ',
  '# ',
  '-# ',
  '1. ',
  '- ',
  '[x](javascript:alert(1))',
  '[x](https://evil.example)',
  '](',
  '\\',
  '\\*',
  '\u0000',
  '\u200B',
  '\u202E',
  '\u2066',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  '\r\n',
  '\n',
  '\t',
  '😀',
  '🇺🇦',
  'e\u0301',
  'Peskov',
  'summit',
  ' ',
);
const hostileText = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: nasty },
        { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      ),
      {
        maxLength: Math.max(1, Math.ceil(maxLength / 4)),
      },
    )
    .map((parts) => parts.join('').slice(0, maxLength));
const longText = fc.oneof(
  hostileText(60),
  hostileText(400),
  hostileText(3000),
  fc.constant('x'.repeat(12_000)),
);
const url = fc.oneof(
  fc.constant(undefined),
  fc.webUrl(),
  hostileText(80).map((s) => `https://example.com/${s}`),
  fc.constantFrom('javascript:alert(1)', 'https://user:pw@evil.example/', 'https://e.com/(@everyone)'),
);

const citation: fc.Arbitrary<Citation> = fc.record(
  {
    articleId: fc.oneof(fc.constant('kremlin'), hostileText(80)),
    title: fc.oneof(hostileText(40), hostileText(600)),
    outlet: fc.option(hostileText(100), { nil: undefined }),
    published: fc.option(fc.oneof(fc.constant('2022-02-21'), hostileText(30)), { nil: undefined }),
    url,
    paragraph: fc.integer({ min: 1, max: 1_000_000 }),
    text: longText,
    highlights: fc.array(fc.oneof(nasty, hostileText(20)), { maxLength: 25 }),
    alsoIn: fc.option(
      fc.array(fc.record({ articleId: hostileText(20), title: hostileText(200), paragraph: fc.nat(9999) }), {
        maxLength: 30,
      }),
      { nil: undefined },
    ),
    date: fc.option(hostileText(40), { nil: undefined }),
  },
  { requiredKeys: ['articleId', 'title', 'paragraph', 'text', 'highlights'] },
);

const answer: fc.Arbitrary<Answer> = fc
  .record(
    {
      kind: fc.constantFrom(...ANSWER_KINDS),
      query: fc.oneof(hostileText(200), hostileText(6000)),
      text: fc.option(longText, { nil: null }),
      message: fc.option(longText, { nil: undefined }),
      citations: fc.array(citation, { maxLength: 12 }),
      corpusArticles: fc.nat(10_000),
      page: fc.option(
        fc.record({ offset: fc.nat(1000), size: fc.integer({ min: 1, max: 10 }), total: fc.nat(5000) }),
        { nil: undefined },
      ),
      routedTo: fc.option(fc.constantFrom(...ANSWER_KINDS), { nil: undefined }),
      articles: fc.option(
        fc.array(
          fc.record({
            articleId: hostileText(30),
            title: hostileText(300),
            outlet: fc.option(hostileText(60), { nil: undefined }),
            published: fc.option(hostileText(20), { nil: undefined }),
            paragraphs: fc.nat(500),
            file: hostileText(40),
          }),
          { maxLength: 120 },
        ),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['kind', 'query', 'text', 'citations', 'corpusArticles'] },
  )
  .map((a) => ({ ...a, sources: a.citations.map(({ articleId, title }) => ({ articleId, title })) }));

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

const chars = (s: string | undefined) => [...(s ?? '')].length;

/** Discord's limits, as problems (empty when the message fits). */
function limitProblems(body: MessageBody): string[] {
  const p: string[] = [];
  if (chars(body.content) > 2000) p.push('content > 2000');
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) p.push('> 10 embeds');
  let total = 0;
  for (const e of embeds) {
    if (chars(e.title) > 256) p.push('title > 256');
    if (chars(e.description) > 4096) p.push('description > 4096');
    if (chars(e.footer?.text) > 2048) p.push('footer > 2048');
    if ((e.fields ?? []).length > 25) p.push('> 25 fields');
    total += chars(e.title) + chars(e.description) + chars(e.footer?.text) + chars(e.author?.name);
    for (const f of e.fields ?? []) {
      if (chars(f.name) > 256) p.push('field name > 256');
      if (chars(f.value) > 1024) p.push('field value > 1024');
      if (chars(f.name) === 0 || chars(f.value) === 0) p.push('empty field');
      total += chars(f.name) + chars(f.value);
    }
  }
  if (total > 6000) p.push(`embeds total ${total} > 6000`);
  const rows = body.components ?? [];
  if (rows.length > 5) p.push('> 5 rows');
  for (const row of rows) {
    if (row.components.length > 5) p.push('> 5 buttons');
    for (const c of row.components) {
      if (c.custom_id !== undefined && (chars(c.custom_id) > 100 || chars(c.custom_id) === 0))
        p.push('custom_id length');
      if (chars(c.label) > 80) p.push('label > 80');
    }
  }
  return p;
}

function expectSafe(body: MessageBody) {
  expect([...limitProblems(body), ...messageProblems(body)]).toEqual([]);
}

// ---------------------------------------------------------------------------------------------

describe('fuzz: ingestion', () => {
  const names = fc.oneof(
    fc.constantFrom(
      'a.md',
      'a.txt',
      'a.html',
      'a.htm',
      'CON.md',
      '../x.md',
      '/abs/x.md',
      'x\u0000.md',
      '---.md',
      'a.pdf',
      'noext',
    ),
    fc.string({ maxLength: 30 }).map((s) => `${s}.md`),
    fc.string({ maxLength: 30 }).map((s) => `${s}.html`),
  );
  const prefixes = fc.constantFrom(
    '',
    '---\n',
    '---\ntitle: x\n---\n',
    '\uFEFF',
    '<html><body>',
    '<script>',
    '---\npublished: tomorrow\n---\n',
  );

  it('parseArticle never throws on arbitrary bytes under arbitrary names, and says why when it refuses', () => {
    fc.assert(
      fc.property(names, prefixes, fc.uint8Array({ maxLength: 2048 }), (name, prefix, bytes) => {
        const all = new Uint8Array([...new TextEncoder().encode(prefix), ...bytes]);
        const result = parseArticle(name, all);
        if (isIngestError(result)) {
          expect(result.reason.length).toBeGreaterThan(0);
          expect(result.reason).not.toMatch(/could not be parsed/); // an expected problem, not a crash
        } else {
          expect(result.paragraphs.length).toBeGreaterThan(0);
          result.paragraphs.forEach((p, i) => expect(p.n).toBe(i + 1));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('parseArticle never throws on arbitrary text shaped like HTML, Markdown and front matter', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '<p>',
        '</p>',
        '<script>',
        '</script>',
        '<style>',
        '<!--',
        '-->',
        '<h1>',
        '# ',
        '---',
        '\n\n',
        '<br>',
        '&amp;',
        '&#0;',
        '<html>',
        '<body>',
        '<svg onload=x>',
        'published: 3000-01-01',
        'title: [',
        'The council met on Tuesday.',
      ),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('a.md', 'a.html', 'a.txt'),
        fc.array(piece, { maxLength: 60 }),
        (name, parts) => {
          const result = parseArticle(name, new TextEncoder().encode(parts.join('')));
          if (isIngestError(result)) expect(result.reason).not.toMatch(/could not be parsed/);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('fuzz: rendering', () => {
  it('renderDiscord over arbitrary answers keeps every limit, shows no live mention and keeps its Markdown', () => {
    fc.assert(
      fc.property(answer, hostileText(120), (a, version) => {
        expectSafe(renderDiscord(a, { corpusVersion: version }) as unknown as MessageBody);
      }),
      { numRuns: 300 },
    );
  });

  it('renderNotice over arbitrary titles and lines keeps every limit and shows no live mention', () => {
    fc.assert(
      fc.property(
        hostileText(400),
        fc.array(longText, { maxLength: 40 }),
        fc.boolean(),
        (title, lines, ephemeral) => {
          expectSafe(renderNotice({ title, lines, ephemeral, level: 'error' }) as unknown as MessageBody);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('renderParagraph ("Full paragraph") over arbitrary citations keeps every limit and shows no live mention', () => {
    fc.assert(
      fc.property(citation, fc.option(hostileText(300), { nil: undefined }), (c, note) => {
        expectSafe(renderParagraph(c, note) as unknown as MessageBody);
      }),
      { numRuns: 300 },
    );
  });

  it('real answers from an index of arbitrary paragraphs, for arbitrary queries, render safely', () => {
    const good = (a: Article | ReturnType<typeof parseArticle>): a is Article => !isIngestError(a);
    const base = [
      'Dmitry Peskov said the summit was premature, the Kremlin said on Monday.',
      'Biden and Putin may meet in Geneva on Thursday, officials said.',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostileText(300), fc.constantFrom(...base)), { minLength: 1, maxLength: 5 }),
        hostileText(120),
        fc.oneof(
          hostileText(60),
          fc.constantFrom('Peskov', 'summit', 'who is Peskov?', 'when is the summit?', '@everyone'),
        ),
        (paragraphs, title, query) => {
          const text = `---\ntitle: ${JSON.stringify(title)}\npublished: 2022-02-21\n---\n${paragraphs.join('\n\n')}\n`;
          const parsed = [
            parseArticle('fuzzed.md', new TextEncoder().encode(text)),
            parseArticle('base.md', new TextEncoder().encode(base.join('\n\n'))),
          ];
          const index = buildIndex({ articles: parsed.filter(good), errors: [] });
          for (const kind of ANSWER_KINDS as readonly AnswerKind[]) {
            const a = answerAt(index, kind, query, 0);
            const body = renderDiscord(a, { corpusVersion: index.version }) as unknown as MessageBody;
            expectSafe(body);
            for (const c of a.citations) expectSafe(renderParagraph(c) as unknown as MessageBody);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('every custom_id the renderer makes for arbitrary queries fits in 100 characters', () => {
    fc.assert(
      fc.property(hostileText(6000), fc.string(), fc.nat(), (query, version, offset) => {
        const id = encodeCustomId({ action: 'more', kind: 'search', query, offset, version });
        expect(id.length).toBeLessThanOrEqual(100);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI's --json
// ---------------------------------------------------------------------------------------------

const nullableString = z.string().nullable();
const SOURCE = z
  .object({
    articleId: z.string(),
    title: z.string(),
    outlet: nullableString,
    published: nullableString,
    url: nullableString,
  })
  .strict();
const CITATION = SOURCE.extend({
  paragraph: z.number().int().min(1),
  text: z.string(),
  highlights: z.array(z.string()),
  alsoIn: z.array(
    z.object({ articleId: z.string(), title: z.string(), paragraph: z.number().int() }).strict(),
  ),
  date: nullableString,
  sentence: nullableString,
}).strict();
/** The shape README documents for `--json` (plus `articles`, which /sources adds). */
const JSON_ANSWER = z
  .object({
    kind: z.enum(ANSWER_KINDS),
    query: z.string(),
    text: nullableString,
    message: nullableString,
    routedTo: z.enum(ANSWER_KINDS).nullable(),
    corpusArticles: z.number().int().min(0),
    sources: z.array(SOURCE),
    citations: z.array(CITATION),
    page: z
      .object({ offset: z.number().int(), size: z.number().int(), total: z.number().int() })
      .strict()
      .nullable(),
    articles: z
      .array(
        z
          .object({
            articleId: z.string(),
            title: z.string(),
            outlet: nullableString,
            published: nullableString,
            file: z.string(),
            paragraphs: z.number().int(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

/** Lines a user could type: commands with hostile arguments, plain questions, garbage. */
const COMMAND_NAMES = [
  'who',
  'when',
  'where',
  'what',
  'quote',
  'ask',
  'search',
  'sources',
  'timeline',
  'nope',
  'WHO',
];
const line = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...COMMAND_NAMES),
      hostileText(80),
      fc.option(fc.integer({ min: -5, max: 200 }), { nil: undefined }),
    )
    .map(([c, arg, page]) => `/${c} ${arg}${page === undefined ? '' : ` ${page}`}`),
  hostileText(120),
  fc.constantFrom(
    'help',
    '?',
    '/',
    '',
    '   ',
    '/search',
    '/who',
    'who is Peskov?',
    'How many troops are near Ukraine?',
  ),
);

describe('fuzz: npm run ask -- --json', () => {
  let engine: Engine;
  const json: CliArgs = { json: true, color: false, help: false, rest: [] };

  beforeAll(async () => {
    engine = await createEngine(loadConfig({ CORPUS_DIR: SEED_CORPUS }), silentLogger);
  });

  it('prints one JSON object of the documented shape for any line, or refuses it with a one-line reason', async () => {
    await fc.assert(
      fc.asyncProperty(line, async (l) => {
        let out: string;
        try {
          out = printReply(await runCliLine(l, localContext(engine)), json);
        } catch (err) {
          // src/cli/ask.ts prints a UserError's message on one line and exits 2; anything else is a bug.
          expect(isUserError(err), String(err)).toBe(true);
          expect((err as Error).message.length).toBeGreaterThan(0);
          return;
        }
        expect(out.split('\n')).toHaveLength(1);
        const value = JSON.parse(out) as { kind: string };
        if (value.kind === 'notice')
          expect(value).toMatchObject({ title: expect.any(String), lines: expect.any(Array) });
        else expect(() => JSON_ANSWER.parse(value)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('the real CLI (a subprocess) prints parseable JSON of that shape for generated hostile lines', async () => {
    const samples = fc.sample(
      line.filter((l) => !l.includes('\u0000') && l.trim() !== '' && !/^\s*\/(nope|\s|$)/i.test(l)),
      { numRuns: 1, seed: 6 },
    );
    for (const l of ['summit @everyone <@&1> ||**`', ...samples]) {
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
        (resolve) =>
          execFile(
            process.execPath,
            [
              '--import',
              'tsx',
              'src/cli/ask.ts',
              '--json',
              '--corpus',
              path.relative(ROOT, SEED_CORPUS),
              '--',
              l,
            ],
            { cwd: ROOT, timeout: 25_000 },
            (err, stdout, stderr) =>
              resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
          ),
      );
      if (code === 2) {
        expect(stdout, l).toBe('');
        expect(stderr.trimEnd().split('\n'), l).toHaveLength(1);
        continue;
      }
      expect(code, `${JSON.stringify(l)}: ${stderr}`).toBe(0);
      const lines = stdout.split('\n').filter((x) => x.trim() !== '');
      expect(lines).toHaveLength(1);
      const value = JSON.parse(lines[0]!) as { kind: string };
      if (value.kind !== 'notice') expect(() => JSON_ANSWER.parse(value)).not.toThrow();
    }
  }, 60_000);
});
