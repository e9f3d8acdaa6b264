/**
 * Caps how deeply a page's elements nest, on the markup itself, in one linear pass.
 *
 * The HTML parser under linkedom (htmlparser2) keeps its open elements with `Array.unshift`, so each
 * opening tag costs as much as the depth: 0.5 MiB of `<div>x` (87,000 open divs) takes 3 s to parse and
 * 1 MiB 11 s. No real page comes near it: the deepest of the 124 news pages in the extraction benchmark
 * nests 51 levels. Tags that would open an element deeper than `maxDepth` are dropped (with their
 * matching closing tags), so their contents join the element at the limit; the text is kept, in order.
 *
 * Elements whose end tag may be left out (`<p>`, `<li>`, `<td>`, …) and void elements (`<br>`, `<img>`)
 * are not counted: an old page with hundreds of unclosed `<p>`s is flat, not deep. Comments, `<!…>`
 * declarations and the raw text of `<script>`, `<style>`, `<textarea>`, `<title>` are copied as they are.
 */

const VOID = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'basefont', 'bgsound', 'frame', 'keygen',
]);
/** End tag optional (the parser closes them itself): never counted as depth. */
const OPTIONAL_END = new Set([
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rb', 'rt', 'rtc', 'rp',
  'colgroup', 'caption', 'html', 'head', 'body',
]);
/** Raw text: everything up to the matching end tag is text, not markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

const RAW_TEXT_END = new Map([...RAW_TEXT].map((name) => [name, new RegExp(`</${name}`, 'gi')]));

const TAG_NAME = /[a-zA-Z][a-zA-Z0-9:-]*/y;

/** The index just past the `>` that ends the tag starting at `start` (quotes respected), or the length. */
function tagEnd(html: string, start: number): number {
  let quote = 0;
  for (let i = start; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      // A quote opens only inside an attribute value (after `=`); elsewhere it is a stray character.
      const before = html.charCodeAt(i - 1);
      if (before === 61 || (before === 32 && html.charCodeAt(i - 2) === 61)) quote = c;
    } else if (c === 62) {
      return i + 1;
    }
  }
  return html.length;
}

export function limitNesting(html: string, maxDepth: number): string {
  const out: string[] = [];
  const open: string[] = [];
  /** Per tag name: how many of its opening tags were dropped and still wait for their end tag. */
  const dropped = new Map<string, number>();
  let copiedTo = 0;
  let changed = false;
  let i = html.indexOf('<');
  while (i >= 0 && i < html.length) {
    const next = html.charCodeAt(i + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const end = html.startsWith('<!--', i) ? html.indexOf('-->', i + 4) : html.indexOf('>', i);
      i = end < 0 ? html.length : html.indexOf('<', end + 1);
      continue;
    }
    const closing = next === 47; /* / */
    TAG_NAME.lastIndex = i + (closing ? 2 : 1);
    const match = TAG_NAME.exec(html);
    if (!match) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    const name = match[0].toLowerCase();
    const end = tagEnd(html, TAG_NAME.lastIndex);
    let drop = false;
    if (closing) {
      const waiting = dropped.get(name) ?? 0;
      if (waiting > 0) {
        dropped.set(name, waiting - 1);
        drop = true;
      } else {
        const at = open.lastIndexOf(name);
        if (at >= 0) open.length = at;
      }
    } else if (RAW_TEXT.has(name)) {
      const closer = RAW_TEXT_END.get(name)!;
      closer.lastIndex = end;
      const found = closer.exec(html);
      // No end tag: the rest of the page is this element's text.
      if (!found) break;
      // The next round reads the end tag, which closes nothing that is counted.
      i = found.index;
      continue;
    } else if (!VOID.has(name) && !OPTIONAL_END.has(name) && html.charCodeAt(end - 2) !== 47 /* /> */) {
      if (open.length >= maxDepth) {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        drop = true;
      } else {
        open.push(name);
      }
    }
    if (drop) {
      out.push(html.slice(copiedTo, i));
      copiedTo = end;
      changed = true;
    }
    i = end >= html.length ? -1 : html.indexOf('<', end);
  }
  if (!changed) return html;
  out.push(html.slice(copiedTo));
  return out.join('');
}
