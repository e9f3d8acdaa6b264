/**
 * Generated pages shaped to be slow to parse, shared by the hostile-HTML test (outcome only) and
 * `npm run bench:ingest` (time per size, to show it grows linearly).
 */
export interface HostileShape {
  name: string;
  what: string;
  /** A page of about `bytes` bytes. */
  make: (bytes: number) => string;
  /** Text that must survive, when the shape has any. */
  text?: string;
  /** The size the test uses, when the full 2 MiB would make the suite slow (the bench still runs 2 MiB). */
  testBytes?: number;
}

const PROSE = 'The ferry returned to the harbour at dawn after a night of repairs at sea. ';
const page = (body: string) =>
  `<!doctype html><html><head><title>Hostile</title></head><body>${body}</body></html>`;
const times = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

export const HOSTILE_PAGES: HostileShape[] = [
  {
    name: 'deep-divs',
    what: 'closed <div>s nested 190,000 deep around a paragraph',
    make: (bytes) => {
      const n = Math.floor((bytes - 400) / 11);
      return page(`${'<div>'.repeat(n)}<p>${PROSE.repeat(4)}</p>${'</div>'.repeat(n)}`);
    },
    text: 'The ferry returned',
  },
  {
    name: 'unclosed-divs',
    what: '<div> opened 350,000 times and never closed, a word in each',
    make: (bytes) => page(times('<div>x ', bytes) + `<p>${PROSE.repeat(4)}</p>`),
  },
  {
    name: 'deep-inline',
    what: '<b><i><a> nested over and over inside one paragraph',
    make: (bytes) => page(`<p>${PROSE.repeat(4)}${times('<b><i><a href="#">', bytes - 600)}word</p>`),
    text: 'The ferry returned',
  },
  {
    name: 'line-breaks',
    what: 'one paragraph of short lines split by <br>',
    make: (bytes) => page(`<p>${times('a line of text<br>', bytes)}</p>`),
    testBytes: 256 * 1024,
  },
  {
    name: 'icons',
    what: 'a paragraph of prose followed by 40,000 inline <svg> icons in one container',
    make: (bytes) =>
      page(`<div><p>${PROSE.repeat(8)}</p>${times('<svg><path d="M0 0"/></svg>', bytes - 1200)}</div>`),
    text: 'The ferry returned',
    testBytes: 512 * 1024,
  },
  {
    name: 'brackets',
    what: 'a paragraph of 2 MiB of "["',
    make: (bytes) => page(`<p>${PROSE.repeat(4)}</p><p>${times('[', bytes - 600)}</p>`),
  },
];
