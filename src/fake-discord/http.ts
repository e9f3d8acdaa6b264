/**
 * Small HTTP helpers for the fake REST API: recording a request, body parsing (JSON, multipart) and
 * route matching.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequest } from './state.js';

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string | undefined;
  size: number;
  /** The file content, decoded as UTF-8 (fine for the text files a bot attaches). */
  text: string;
}

interface ParsedBody {
  /** JSON body, or the parsed `payload_json` of a multipart body; `undefined` when there is none. */
  body: unknown;
  files: RecordedFile[];
  /** The raw body as text (for token-leak checks and debugging). */
  raw: string;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(contentType: string | undefined, buf: Buffer): ParsedBody {
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

/** Reads a request's body and adds its record (unanswered: status 0) to `requests`. */
export async function recordRequest(
  req: IncomingMessage,
  url: URL,
  requests: RecordedRequest[],
): Promise<RecordedRequest> {
  const versionMatch = API_PATH.exec(url.pathname);
  const version = versionMatch?.[1] ? Number(versionMatch[1]) : null;
  // discord.js sends `@original` as `%40original`; routes and records see the decoded path.
  const path = safeDecode(versionMatch ? (versionMatch[2] ?? '/') : url.pathname);
  const parsed = parseBody(req.headers['content-type'], await readBody(req));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const record: RecordedRequest = {
    index: requests.length,
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    url: req.url ?? '/',
    version,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: parsed.body,
    files: parsed.files,
    rawBody: parsed.raw,
    route: null,
    status: 0,
    responseBody: undefined,
    validationErrors: [],
    fault: null,
    at: Date.now(),
  };
  requests.push(record);
  return record;
}

/** `/api`, `/api/v10/…`: the API version (group 1) and the path below it (group 2). */
const API_PATH = /^\/api(?:\/v(\d+))?(\/.*)?$/;

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
