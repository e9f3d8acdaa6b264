/** Small HTTP helpers for the fake REST API: body parsing (JSON, multipart) and route matching. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string | undefined;
  size: number;
  /** The file content, decoded as UTF-8 (fine for the text files a bot attaches). */
  text: string;
}

export interface ParsedBody {
  /** JSON body, or the parsed `payload_json` of a multipart body; `undefined` when there is none. */
  body: unknown;
  files: RecordedFile[];
  /** The raw body as text (for token-leak checks and debugging). */
  raw: string;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function parseBody(contentType: string | undefined, buf: Buffer): ParsedBody {
  const raw = buf.toString('utf8');
  if (buf.length === 0) return { body: undefined, files: [], raw };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(contentType ?? '', buf, raw);
  if (type.includes('json')) {
    try {
      return { body: JSON.parse(raw) as unknown, files: [], raw };
    } catch {
      return { body: raw, files: [], raw };
    }
  }
  return { body: raw, files: [], raw };
}

/** Enough multipart/form-data to read `payload_json` and the attached files (as undici's FormData sends them). */
function parseMultipart(contentType: string, buf: Buffer, raw: string): ParsedBody {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return { body: raw, files: [], raw };
  const delimiter = Buffer.from(`--${boundary}`);
  const files: RecordedFile[] = [];
  let body: unknown;
  let start = buf.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    // `--` after the delimiter closes the body.
    if (buf.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = buf.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Part = CRLF headers CRLF CRLF content CRLF
    const part = buf.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      if (filename !== undefined) {
        files.push({
          field: name,
          filename,
          contentType: partType,
          size: content.length,
          text: content.toString('utf8'),
        });
      } else if (name === 'payload_json') {
        body = JSON.parse(content.toString('utf8')) as unknown;
      }
    }
    start = next;
  }
  return { body, files, raw };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}

/** `'/channels/:id/messages'` → a regex with named groups; a RegExp is used as is. */
export function compilePattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return pattern;
  const source = pattern
    .split('/')
    .map((seg) =>
      seg.startsWith(':') ? `(?<${seg.slice(1)}>[^/]+)` : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}
