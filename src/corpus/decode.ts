/**
 * Bytes to text, refusing anything that is not a text file of a sane size. Markdown and text files
 * must be UTF-8; a web page is read in the encoding it declares, as a browser would.
 */

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** A CRLF or lone CR line break, made `\n`. */
const CR_LINE_BREAK = /\r\n?/g;

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export interface DecodeOptions {
  /** The bytes are a web page: its BOM or `<meta charset>` names the encoding; windows-1252 otherwise. */
  html?: boolean;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

export function tooLargeReason(size: number, maxBytes: number): string {
  return `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} size limit`;
}

/**
 * Decodes UTF-8 strictly (and a web page in its declared encoding). A lenient decoder would turn a
 * Latin-1 or binary text file into text full of U+FFFD and the bot would quote garbage; saying "save
 * it as UTF-8" is more useful. A saved web page is different: nobody chose its encoding for us, and it
 * says which one it is.
 */
export function decodeText(bytes: Uint8Array, maxBytes: number, opts: DecodeOptions = {}): Decoded {
  if (bytes.length > maxBytes) return { ok: false, reason: tooLargeReason(bytes.length, maxBytes) };
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  const bom = bomEncoding(bytes);
  let text: string | null;
  if (opts.html && bom) {
    text = decodeAs(bom, bytes);
  } else {
    // UTF-16 text is full of NUL bytes; name the encoding rather than calling it binary.
    if (bom === 'utf-16le' || bom === 'utf-16be') return { ok: false, reason: 'file is UTF-16 text; save it as UTF-8' };
    if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes), not text' };
    text = opts.html ? decodeHtml(bytes) : decodeAs('utf-8', bytes);
  }
  if (text === null) return { ok: false, reason: 'not valid UTF-8 text; save it as UTF-8' };
  if (text.includes('\0')) return { ok: false, reason: 'binary file (contains NUL bytes), not text' };
  text = text.replace(CR_LINE_BREAK, '\n').normalize('NFC');
  if (text.trim() === '') return { ok: false, reason: 'empty file (only whitespace)' };
  return { ok: true, text };
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * `fatal` makes invalid sequences fail (null) rather than become U+FFFD; the BOM, if any, is dropped
 * by the decoder. An unknown encoding label is null too.
 */
function decodeAs(encoding: string, bytes: Uint8Array, fatal = true): string | null {
  try {
    return new TextDecoder(encoding, { fatal }).decode(bytes);
  } catch {
    return null;
  }
}

/** Browsers look for the declaration in the first 1024 bytes; pages saved by tools often put it later. */
const DECLARATION_WINDOW = 4096;
/**
 * `<meta charset="…">`, or the `charset=` of `<meta http-equiv="Content-Type" content="…">`, and the
 * XML declaration's `encoding="…"`. The window is short, so these simple scans stay cheap.
 */
const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i;
const XML_ENCODING = /^<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)/;

/**
 * A web page in the encoding it declares. A page that declares UTF-8 (or nothing) but is not valid
 * UTF-8 was almost always saved by a Windows-era tool: windows-1252, which is also what browsers
 * fall back to for Western pages. A page that declares a charset is decoded leniently in it, as a
 * browser would: a stray byte is one replacement character, not a lost article.
 */
function decodeHtml(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, DECLARATION_WINDOW));
  const declared = (META_CHARSET.exec(head)?.[1] ?? XML_ENCODING.exec(head)?.[1])?.toLowerCase();
  const utf8 = decodeAs('utf-8', bytes);
  if (utf8 !== null) return utf8;
  if (declared && !UTF8_LABELS.has(declared)) {
    const text = decodeAs(declared, bytes, false);
    if (text !== null) return text;
  }
  return decodeAs('windows-1252', bytes, false);
}

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
