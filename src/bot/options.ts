/** Interaction options → the plain `Options` a command's `run` takes. */
import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
} from 'discord.js';
import type { FileInput, Options } from '../../commands/types.js';
import { UserError } from '../errors.js';
import { MAX_UPLOAD_BYTES } from '../index/store.js';

export function optionsOf(interaction: ChatInputCommandInteraction): Options {
  const out: Options = {};
  const visit = (opts: readonly CommandInteractionOption[]) => {
    for (const o of opts) {
      if (
        o.type === ApplicationCommandOptionType.Subcommand ||
        o.type === ApplicationCommandOptionType.SubcommandGroup
      ) {
        out.subcommand = o.name;
        visit(o.options ?? []);
      } else if (o.type === ApplicationCommandOptionType.Attachment && o.attachment) {
        out[o.name] = attachmentInput(o.attachment);
      } else if (o.value !== undefined) {
        out[o.name] = o.value;
      }
    }
  };
  visit(interaction.options.data);
  return out;
}

/** Reads an attachment from its URL, refusing anything over the upload limit before and after. */
function attachmentInput(a: {
  name: string;
  size: number;
  url: string;
  contentType: string | null;
}): FileInput {
  const input: FileInput = {
    name: a.name,
    size: a.size,
    async read() {
      if (a.size > MAX_UPLOAD_BYTES) throw new UserError(`${a.name} is too large; the limit is 2 MiB.`);
      const res = await fetch(a.url, { signal: AbortSignal.timeout(15_000) });
      if (!res.ok)
        throw new UserError(`The attachment could not be downloaded (HTTP ${res.status}); try again.`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.byteLength > MAX_UPLOAD_BYTES)
        throw new UserError(`${a.name} is too large; the limit is 2 MiB.`);
      return bytes;
    },
  };
  if (a.contentType) input.contentType = a.contentType;
  return input;
}
