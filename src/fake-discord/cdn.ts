/**
 * Attachment downloads for the fake Discord: files a test "uploads" are served from the fake's own
 * port (`http://127.0.0.1:PORT/attachments/<id>/<name>`), the way Discord's CDN serves the `url` of
 * an interaction's resolved attachment. Every download is recorded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { APIAttachment, Snowflake } from 'discord-api-types/v10';
import { snowflake } from './payloads.js';

export interface AttachmentOptions {
  contentType?: string;
  /** The size Discord reports (default: the byte length); lets a test claim a size it doesn't send. */
  size?: number;
  /** Answer downloads with this status instead of the file. */
  status?: number;
  /**
   * Serve the content this many times over, streamed as the client reads (a body far larger than
   * the declared size, without holding it in memory). Default 1.
   */
  repeat?: number;
  /** Serve the content gzip-compressed with `Content-Encoding: gzip` (a decompression bomb, say). */
  gzip?: boolean;
}

export interface CdnDownload {
  id: Snowflake;
  filename: string;
  status: number;
  at: number;
  /** Body bytes written before the response ended or the client went away (compressed, if gzip). */
  bytesSent: number;
}

interface StoredFile {
  attachment: APIAttachment;
  bytes: Buffer;
  status: number;
  repeat: number;
  gzip: boolean;
}

export class FakeCdn {
  readonly downloads: CdnDownload[] = [];
  private readonly files = new Map<Snowflake, StoredFile>();

  constructor(private readonly base: string) {}

  /** Stores a file and returns the attachment object an interaction's `resolved.attachments` carries. */
  add(filename: string, content: string | Uint8Array, opts: AttachmentOptions = {}): APIAttachment {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const id = snowflake();
    const url = `${this.base}/attachments/${id}/${encodeURIComponent(filename)}`;
    const attachment: APIAttachment = {
      id,
      filename,
      size: opts.size ?? bytes.byteLength,
      url,
      proxy_url: url,
      ...(opts.contentType ? { content_type: opts.contentType } : {}),
    };
    const gzip = !!opts.gzip;
    this.files.set(id, {
      attachment,
      bytes: gzip ? gzipSync(bytes) : bytes,
      status: opts.status ?? 200,
      repeat: opts.repeat ?? 1,
      gzip,
    });
    return attachment;
  }

  /** Serves `/attachments/<id>/<name>`; false when the path is not an attachment path. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    const m = /^\/attachments\/(\d+)\/[^/]+$/.exec(pathname);
    if (!m) return false;
    const file = this.files.get(m[1]!);
    const status = req.method !== 'GET' ? 405 : !file ? 404 : file.status;
    const download: CdnDownload = {
      id: m[1]!,
      filename: file?.attachment.filename ?? '',
      status,
      at: Date.now(),
      bytesSent: 0,
    };
    this.downloads.push(download);
    if (status !== 200 || !file) {
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`${status}`);
      return true;
    }
    res.writeHead(200, {
      'content-type': file.attachment.content_type ?? 'application/octet-stream',
      ...(file.gzip ? { 'content-encoding': 'gzip' } : {}),
      'content-length': String(file.bytes.byteLength * file.repeat),
    });
    // Written as the client reads: a huge body is never held, and a client that stops reading
    // stops the writing.
    let left = file.repeat;
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        left--;
        download.bytesSent += file.bytes.byteLength;
        if (!res.write(file.bytes)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    res.on('close', () => (left = 0));
    pump();
    return true;
  }
}
