/**
 * The filter options (`since:`, `until:`, `outlet:`) read from a typed line, by the parser the CLI,
 * DMs and the engine use (commands/parse.ts) and by the playground page's own (line.ts), which must
 * agree: the named words leave the text option, values in quotes keep their spaces.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseLine } from '../../commands/parse.js';
import { parseLine as parsePageLine, type CommandDef } from '../../src/playground/web/line.js';

const defs = commands.map((c) => c.data) as unknown as CommandDef[];

/** The page parser's options as a plain record, for comparing with the engine parser's. */
function pageOptions(line: string): Record<string, string | number | boolean> {
  const r = parsePageLine(line, defs);
  if (r.kind !== 'command') throw new Error(`not a command: ${JSON.stringify(r)}`);
  return Object.fromEntries(r.parsed.options.map((o) => [o.name, o.value]));
}

describe('filter options in a typed line', () => {
  it('every question command defines since, until and outlet last, optional, within Discord limits', () => {
    for (const c of commands.filter((x) => x.question)) {
      const options = c.data.options ?? [];
      expect(
        options.slice(-3).map((o) => [o.name, o.required]),
        c.data.name,
      ).toEqual([
        ['since', false],
        ['until', false],
        ['outlet', false],
      ]);
      for (const o of options)
        expect(o.description.length, `${c.data.name} ${o.name}`).toBeLessThanOrEqual(100);
    }
  });

  it.each([
    [
      '/who Dmitry Peskov since:2022 outlet:Reuters',
      { name: 'Dmitry Peskov', since: '2022', outlet: 'Reuters' },
    ],
    [
      '/search since:2022-02-01 troops near the border until:"last week" 2',
      { terms: 'troops near the border', since: '2022-02-01', until: 'last week', page: 2 },
    ],
    ['/when summit outlet:“Associated Press”', { event: 'summit', outlet: 'Associated Press' }],
    ['/timeline UNTIL: 2022-03', { until: '2022-03' }],
    ['/sources outlet:BBC', { outlet: 'BBC' }],
    ['/ask Who met on Thursday? since:yesterday', { question: 'Who met on Thursday?', since: 'yesterday' }],
  ])('%s', (line, expected) => {
    const { command, options } = parseLine(line);
    expect(command.data.name).toBe(line.slice(1).split(' ')[0]);
    expect(options).toEqual(expected);
    expect(pageOptions(line)).toEqual(expected);
  });

  it('leaves other name:value words in the text (a URL, a time, a plain question)', () => {
    expect(parseLine('/what http://example.com ceasefire at 10:30').options).toEqual({
      topic: 'http://example.com ceasefire at 10:30',
    });
    // A plain question (a DM) is never read for options.
    expect(parseLine('what happened since:2022').options).toEqual({ question: 'what happened since:2022' });
  });

  it('a /sources line with words does not put them in a filter option', () => {
    expect(parseLine('/sources all').options).toEqual({});
    expect(pageOptions('/sources all')).toEqual({});
  });
});

describe('true/false options in a typed line', () => {
  it('replace:true goes to the option on both parsers, and the rest to the text option', () => {
    const line = '/admin add-url https://example.com/news/a replace:true';
    const { options } = parseLine(line);
    expect(options).toEqual({ subcommand: 'add-url', url: 'https://example.com/news/a', replace: true });
    expect(pageOptions(line)).toEqual({ url: 'https://example.com/news/a', replace: true });
    expect(parseLine('/admin add-article story.md replace:no').options).toMatchObject({
      file: 'story.md',
      replace: false,
    });
  });

  it('a value that is not true or false is refused, naming the option', () => {
    expect(() => parseLine('/admin add-url https://example.com/a replace:maybe')).toThrow(
      /replace: takes true or false \(got “maybe”\)/,
    );
  });
});
