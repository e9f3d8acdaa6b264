/** Bytes to text, refusing anything that is not a UTF-8 text file of a sane size. */

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** A CRLF or lone CR line break, made `\n`. */
const CR_LINE_BREAK = /\r\n?/g;

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

export function tooLargeReason(size: number, maxBytes: number): string {
  return `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} size limit`;
}

/**
 * Decodes UTF-8 strictly. A lenient decoder would turn a Latin-1 or binary file into text full of
 * U+FFFD and the bot would quote garbage; saying "save it as UTF-8" is more useful.
 */
export function decodeText(bytes: Uint8Array, maxBytes: number): Decoded {
  if (bytes.length > maxBytes) return { ok: false, reason: tooLargeReason(bytes.length, maxBytes) };
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  // UTF-16 text is full of NUL bytes; name the encoding rather than calling it binary.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, reason: 'file is UTF-16 text; save it as UTF-8' };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes), not text' };
  let text: string;
  try {
    // `fatal` makes invalid sequences throw; the BOM, if any, is dropped by the decoder.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text; save it as UTF-8' };
  }
  text = text.replace(CR_LINE_BREAK, '\n').normalize('NFC');
  if (text.trim() === '') return { ok: false, reason: 'empty file (only whitespace)' };
  return { ok: true, text };
}
