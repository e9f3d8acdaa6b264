/** Interaction options → the plain `Options` a command's `run` takes. */
import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
} from 'discord.js';
import type { FileInput, Options } from '../../commands/types.js';
import { UserError } from '../errors.js';
import type { Config } from '../config.js';
import { MAX_UPLOAD_BYTES, uploadTooLarge } from '../serve/store.js';

export function optionsOf(
  interaction: ChatInputCommandInteraction,
  config: Pick<Config, 'apiUrl'> = {},
): Options {
  const out: Options = {};
  const hosts = attachmentHosts(config);
  const visit = (opts: readonly CommandInteractionOption[]) => {
    for (const o of opts) {
      if (
        o.type === ApplicationCommandOptionType.Subcommand ||
        o.type === ApplicationCommandOptionType.SubcommandGroup
      ) {
        out.subcommand = o.name;
        visit(o.options ?? []);
      } else if (o.type === ApplicationCommandOptionType.Attachment && o.attachment) {
        out[o.name] = attachmentInput(o.attachment, hosts);
      } else if (o.value !== undefined) {
        out[o.name] = o.value;
      }
    }
  };
  visit(interaction.options.data);
  return out;
}

/** Where Discord serves attachments: its CDN over https, and the configured API's own host (a proxy, the fake). */
const DISCORD_ATTACHMENT_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];

/** `host` (with port) → the protocol an attachment on it must be fetched with. */
type AllowedHosts = ReadonlyMap<string, string>;

function attachmentHosts(config: Pick<Config, 'apiUrl'>): AllowedHosts {
  const byHost = new Map(DISCORD_ATTACHMENT_HOSTS.map((h) => [h, 'https:']));
  if (config.apiUrl) {
    const api = new URL(config.apiUrl);
    byHost.set(api.host, api.protocol);
  }
  return byHost;
}

const tooLarge = (name: string) => uploadTooLarge(name);

/**
 * Reads an attachment from its URL: only from Discord's attachment hosts (a forged interaction may
 * carry any URL, an internal one included), no redirects, and as a stream cut off as soon as it
 * passes the upload limit — counted after decompression, so a small gzip bomb or a body far larger
 * than declared never sits in memory.
 */
function attachmentInput(
  a: { name: string; size: number; url: string; contentType: string | null },
  hosts: AllowedHosts,
): FileInput {
  const input: FileInput = {
    name: a.name,
    size: a.size,
    async read() {
      if (a.size > MAX_UPLOAD_BYTES) throw tooLarge(a.name);
      let url: URL;
      try {
        url = new URL(a.url);
      } catch {
        throw new UserError('The attachment has no valid address; upload it again.');
      }
      if (hosts.get(url.host) !== url.protocol) {
        throw new UserError(
          `The attachment is not on Discord's attachment servers (${url.host.slice(0, 60)}); upload the file to Discord instead.`,
        );
      }
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), DOWNLOAD_MS);
      try {
        const res = await fetch(url, { signal: abort.signal, redirect: 'manual' });
        if (res.status >= 300 && res.status < 400)
          throw new UserError('The attachment address redirects elsewhere; it was not followed.');
        if (!res.ok)
          throw new UserError(`The attachment could not be downloaded (HTTP ${res.status}); try again.`);
        const declared = Number(res.headers.get('content-length') ?? NaN);
        if (!res.headers.get('content-encoding') && declared > MAX_UPLOAD_BYTES) throw tooLarge(a.name);
        return await readCapped(res, MAX_UPLOAD_BYTES, () => tooLarge(a.name), abort);
      } catch (err) {
        if (err instanceof UserError) throw err;
        if (abort.signal.aborted) throw new UserError('The attachment took too long to download; try again.');
        throw err;
      } finally {
        clearTimeout(timer);
        abort.abort();
      }
    },
  };
  if (a.contentType) input.contentType = a.contentType;
  return input;
}

/** How long one attachment may take to download. */
const DOWNLOAD_MS = 15_000;

/** A response body read chunk by chunk, stopped (and the connection dropped) once it passes `max` bytes. */
async function readCapped(
  res: Response,
  max: number,
  over: () => Error,
  abort: AbortController,
): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      abort.abort();
      await reader.cancel().catch(() => undefined);
      throw over();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
