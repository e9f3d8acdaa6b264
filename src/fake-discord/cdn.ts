/**
 * Attachment downloads for the fake Discord: files a test "uploads" are served from the fake's own
 * port (`http://127.0.0.1:PORT/attachments/<id>/<name>`), the way Discord's CDN serves the `url` of
 * an interaction's resolved attachment. Every download is recorded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIAttachment, Snowflake } from 'discord-api-types/v10';
import { snowflake } from './payloads.js';

export interface AttachmentOptions {
  contentType?: string;
  /** The size Discord reports (default: the byte length); lets a test claim a size it doesn't send. */
  size?: number;
  /** Answer downloads with this status instead of the file. */
  status?: number;
}

export interface CdnDownload {
  id: Snowflake;
  filename: string;
  status: number;
  at: number;
}

interface StoredFile {
  attachment: APIAttachment;
  bytes: Buffer;
  status: number;
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
    this.files.set(id, { attachment, bytes, status: opts.status ?? 200 });
    return attachment;
  }

  /** Serves `/attachments/<id>/<name>`; false when the path is not an attachment path. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    const m = /^\/attachments\/(\d+)\/[^/]+$/.exec(pathname);
    if (!m) return false;
    const file = this.files.get(m[1]!);
    const status = req.method !== 'GET' ? 405 : !file ? 404 : file.status;
    this.downloads.push({ id: m[1]!, filename: file?.attachment.filename ?? '', status, at: Date.now() });
    if (status !== 200 || !file) {
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`${status}`);
      return true;
    }
    res
      .writeHead(200, {
        'content-type': file.attachment.content_type ?? 'application/octet-stream',
        'content-length': String(file.bytes.byteLength),
      })
      .end(file.bytes);
    return true;
  }
}
