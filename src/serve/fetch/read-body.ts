/**
 * A response body read as a stream under a byte limit: refused up front when Content-Length says
 * more, and cut (the socket destroyed at once) when the bytes received, or the bytes a gzip, deflate
 * or brotli body inflates to, pass it. Decompression is node:zlib's streams, which hand out bounded
 * chunks, so a small bomb never becomes a large buffer: at most the limit plus one chunk is held.
 */
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { refusal } from './refusals.js';

interface ReadOptions {
  subject: string;
  maxBytes: number;
  signal: AbortSignal;
}

/** The whole body of `res`, decompressed, at most `maxBytes` both as sent and as inflated. */
export async function readBody(res: IncomingMessage, o: ReadOptions): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > o.maxBytes) {
    throw refusal.declaredTooLarge(o.subject, declared, o.maxBytes);
  }
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder = decoderFor(encoding);
  if (decoder === undefined) throw refusal.encoding(o.subject, encoding);
  let decoderFailed = false;
  decoder?.on('error', () => (decoderFailed = true));

  let sent = 0;
  const countSent = async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      sent += chunk.byteLength;
      if (sent > o.maxBytes) throw refusal.tooLarge(o.subject, o.maxBytes);
      yield chunk;
    }
  };
  const chunks: Buffer[] = [];
  let kept = 0;
  const collect = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      kept += chunk.byteLength;
      if (kept > o.maxBytes) throw refusal.inflatesTooLarge(o.subject, o.maxBytes);
      chunks.push(chunk);
    }
  };

  const onAbort = () => res.destroy(o.signal.reason as Error);
  o.signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (o.signal.aborted) throw o.signal.reason as Error;
    if (decoder) await pipeline(res, countSent, decoder, collect);
    else await pipeline(res, countSent, collect);
  } catch (err) {
    res.socket?.destroy();
    if (o.signal.aborted) throw o.signal.reason as Error;
    if (decoderFailed && !(err instanceof Error && err.name === 'FetchRefused'))
      throw refusal.corrupt(o.subject);
    throw err;
  } finally {
    o.signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks, kept);
}

/** The decompressor for a Content-Encoding: null for none, undefined for one the bot cannot read. */
function decoderFor(encoding: string): Transform | null | undefined {
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}
