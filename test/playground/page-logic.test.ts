/**
 * The page's pure parts: reading Discord Markdown into a tree (never HTML) and reading a typed line
 * into a command invocation from the registered definitions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { renderDiscord } from '../../src/render/discord/index.js';
import { answerWho } from '../../src/answer/index.js';
import {
  commandSuggestions,
  missingOptions,
  parseLine,
  type CommandDef,
} from '../../src/playground/web/line.js';
import { parseMarkdown, plainText, safeHref, type MdNode } from '../../src/playground/web/markdown.js';
import { createEngine } from '../../src/serve/engine.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import path from 'node:path';
import { ROOT } from './helpers.js';

const defs = commands.map((c) => c.data) as unknown as CommandDef[];

/** Every link target in a tree. */
function hrefs(nodes: MdNode[]): string[] {
  return nodes.flatMap((n) => ('c' in n ? [...(n.t === 'link' ? [n.href] : []), ...hrefs(n.c)] : []));
}

describe('Discord Markdown as the page reads it', () => {
  it('reads bold, italic, underline, strike, code, quotes, links and mentions', () => {
    expect(parseMarkdown('**a** *b* _c_ __d__ ~~e~~ `f*g*`')).toEqual([
      { t: 'bold', c: [{ t: 'text', v: 'a' }] },
      { t: 'text', v: ' ' },
      { t: 'italic', c: [{ t: 'text', v: 'b' }] },
      { t: 'text', v: ' ' },
      { t: 'italic', c: [{ t: 'text', v: 'c' }] },
      { t: 'text', v: ' ' },
      { t: 'underline', c: [{ t: 'text', v: 'd' }] },
      { t: 'text', v: ' ' },
      { t: 'strike', c: [{ t: 'text', v: 'e' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'f*g*' },
    ]);
    expect(parseMarkdown('> quoted **word**\nafter')).toEqual([
      {
        t: 'quote',
        c: [
          { t: 'text', v: 'quoted ' },
          { t: 'bold', c: [{ t: 'text', v: 'word' }] },
        ],
      },
      { t: 'text', v: 'after' },
    ]);
    expect(parseMarkdown('[the story](https://example.com/a_b) and https://example.org/x.')).toEqual([
      { t: 'link', href: 'https://example.com/a_b', c: [{ t: 'text', v: 'the story' }] },
      { t: 'text', v: ' and ' },
      { t: 'link', href: 'https://example.org/x', c: [{ t: 'text', v: 'https://example.org/x' }] },
      { t: 'text', v: '.' },
    ]);
    expect(parseMarkdown('<@1100000000000000001> hi')).toEqual([
      { t: 'mention', id: '1100000000000000001' },
      { t: 'text', v: ' hi' },
    ]);
    expect(parseMarkdown('***both***')).toEqual([
      { t: 'bold', c: [{ t: 'italic', c: [{ t: 'text', v: 'both' }] }] },
    ]);
  });

  it('backslash escapes show the character, and unclosed markers stay text', () => {
    expect(plainText(parseMarkdown('Putin\\-Biden \\(3 of 5\\) \\*not bold\\*'))).toBe(
      'Putin-Biden (3 of 5) *not bold*',
    );
    expect(plainText(parseMarkdown('2 * 3 = 6 and a_b'))).toBe('2 * 3 = 6 and a_b');
  });

  it('only http(s) targets become links', () => {
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:x',
      'file:///etc/passwd',
    ]) {
      expect(safeHref(bad)).toBeNull();
      expect(hrefs(parseMarkdown(`[click](${bad})`))).toEqual([]);
    }
    expect(safeHref('https://example.com/')).toBe('https://example.com/');
  });

  it('HTML in a message is text: the tree holds no markup, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '<',
            '>',
            '*',
            '_',
            '`',
            '[',
            ']',
            '(',
            ')',
            '\\',
            'a',
            ' ',
            '\n',
            'h',
            ':',
            '/',
          ),
        }),
        (s) => {
          const tree = parseMarkdown(s);
          // Nothing is lost or invented except Markdown syntax: every letter of the input survives as text.
          expect(plainText(tree).replace(/[^a]/g, '')).toBe(s.replace(/[^a]/g, ''));
          for (const href of hrefs(tree)) expect(href).toMatch(/^https?:\/\//);
        },
      ),
    );
    const tree = parseMarkdown('<img src=x onerror=alert(1)> <script>alert(1)</script>');
    expect(tree).toEqual([{ t: 'text', v: '<img src=x onerror=alert(1)> <script>alert(1)</script>' }]);
  });

  it('shows the engine’s answer line as written once the renderer’s escaping is read back', async () => {
    const config = loadConfig({
      CORPUS_DIR: path.join(ROOT, 'test/fixtures/seed-corpus'),
      LOG_LEVEL: 'silent',
    });
    const engine = await createEngine(config, createLogger({ level: 'silent', secrets: ['x'.repeat(16)] }));
    const index = engine.store.current();
    let checked = 0;
    for (const person of index.entities.filter((e) => e.kind === 'person').slice(0, 10)) {
      const answer = answerWho(index, person.name);
      if (!answer.text) continue;
      const embed = renderDiscord(answer, { corpusVersion: index.version }).embeds[0]!;
      expect(plainText(parseMarkdown(embed.description ?? ''))).toContain(answer.text);
      for (const [i, c] of answer.citations.slice(0, 3).entries()) {
        expect(plainText(parseMarkdown(embed.fields![i]!.name))).toContain(c.title);
      }
      checked++;
    }
    expect(checked, 'people with an answer line').toBeGreaterThan(0);
  });
});

describe('a typed line, read with the registered command definitions', () => {
  it('fills the text option, a trailing number the integer option, and a subcommand', () => {
    expect(parseLine('/who Dmitry  Peskov', defs)).toMatchObject({
      kind: 'command',
      parsed: { command: { name: 'who' }, options: [{ name: 'name', type: 3, value: 'Dmitry Peskov' }] },
    });
    expect(parseLine('/search troops 2', defs)).toMatchObject({
      kind: 'command',
      parsed: {
        options: [
          { name: 'terms', type: 3, value: 'troops' },
          { name: 'page', type: 4, value: 2 },
        ],
      },
    });
    const add = parseLine('/admin add-article', defs);
    expect(add).toMatchObject({
      kind: 'command',
      parsed: { subcommand: { name: 'add-article' }, options: [] },
    });
    if (add.kind !== 'command') throw new Error('unreachable');
    expect(add.parsed.attachmentOption?.name).toBe('file');
    expect(missingOptions(add.parsed, false)).toEqual(['file']);
    expect(missingOptions(add.parsed, true)).toEqual([]);
  });

  it('plain text is a message; unknown commands and missing subcommands say what to type', () => {
    expect(parseLine('who is Peskov?', defs)).toEqual({ kind: 'message', text: 'who is Peskov?' });
    const unknown = parseLine('/whom x', defs);
    expect(unknown.kind).toBe('error');
    expect(unknown.kind === 'error' && unknown.message).toContain('/who');
    const admin = parseLine('/admin', defs);
    expect(admin.kind === 'error' && admin.message).toContain('/admin status');
    const who = parseLine('/who', defs);
    expect(who.kind === 'command' && missingOptions(who.parsed, false)).toEqual(['name']);
  });

  it('suggests commands (and subcommands) while their name is typed, then stops', () => {
    expect(commandSuggestions('/', defs).map((s) => s.label)).toContain('/who');
    const wh = commandSuggestions('/wh', defs).map((s) => s.label);
    expect(wh).toContain('/who');
    expect(wh).toEqual(defs.filter((d) => d.name.startsWith('wh')).map((d) => `/${d.name}`));
    expect(commandSuggestions('/admin s', defs).map((s) => s.insert)).toEqual(['/admin status ']);
    expect(commandSuggestions('/who Pes', defs)).toEqual([]);
    expect(commandSuggestions('hello', defs)).toEqual([]);
  });
});
