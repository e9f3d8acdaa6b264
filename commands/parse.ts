/**
 * Reads a typed line ("/who Peskov", "/search troops 2", "/admin status", or a plain question) into a
 * command and its options, using the commands' own definitions, so the CLI, DMs and mentions accept
 * exactly what the slash commands do. The filter options are given by name anywhere after the
 * command: "/who Peskov since:2022-02 outlet:Reuters", `until:"last week"`.
 */
import { ApplicationCommandOptionType } from './discord-enums.js';
import { UserError } from '../src/errors.js';
import { flagValue, takeNamedWords } from './named-words.js';
import { FILTER_OPTION_NAMES } from './filters.js';
import { commandsByName } from './index.js';
import type { Command, Options } from './types.js';

export interface Parsed {
  command: Command;
  options: Options;
}

interface OptionDef {
  type: number;
  name: string;
  required?: boolean;
  options?: OptionDef[];
}

/**
 * Moves `name:value` words for the filter options the command defines (`since:`, `until:`,
 * `outlet:`) and for its true/false options (`replace:true`) out of `words` into `options`.
 */
function takeNamedOptions(words: string[], defs: OptionDef[], options: Options): void {
  const flags = new Set(
    defs.filter((d) => d.type === ApplicationCommandOptionType.Boolean).map((d) => d.name),
  );
  const names = new Set([
    ...defs.map((d) => d.name).filter((n) => FILTER_OPTION_NAMES.includes(n)),
    ...flags,
  ]);
  for (const { name, value } of takeNamedWords(words, names)) {
    if (!flags.has(name)) {
      if (value) options[name] = value;
      continue;
    }
    const flag = flagValue(value);
    if (flag === undefined)
      throw new UserError(`${name}: takes true or false (got “${value.slice(0, 40)}”).`);
    options[name] = flag;
  }
}

export function parseLine(line: string): Parsed {
  const text = line.replace(/\s+/g, ' ').trim();
  if (!text)
    throw new UserError('Type a question, or a command such as /who <name>. Type help for the list.');
  if (!text.startsWith('/')) return { command: commandsByName.get('ask')!, options: { question: text } };
  const [head = '', ...rest] = text.slice(1).split(' ');
  const command = commandsByName.get(head.toLowerCase());
  if (!command) {
    const names = [...commandsByName.keys()].map((n) => `/${n}`).join(', ');
    throw new UserError(`Unknown command “/${head.slice(0, 40)}”. Commands: ${names}.`);
  }
  let defs = (command.data.options ?? []) as OptionDef[];
  const options: Options = {};
  if (defs.some((d) => d.type === ApplicationCommandOptionType.Subcommand)) {
    const sub = defs.find((d) => d.name === rest[0]?.toLowerCase());
    if (!sub) throw new UserError(`Use /${head} with one of: ${defs.map((d) => d.name).join(', ')}.`);
    options.subcommand = sub.name;
    rest.shift();
    defs = sub.options ?? [];
  }
  takeNamedOptions(rest, defs, options);
  // A trailing whole number goes to an integer option (e.g. the page); the rest is the text option.
  const intDef = defs.find((d) => d.type === ApplicationCommandOptionType.Integer);
  if (intDef && rest.length > 1 && /^\d+$/.test(rest[rest.length - 1]!)) {
    options[intDef.name] = Number(rest.pop());
  }
  // The words go to the text option; for an attachment option they name a file (the CLI reads it).
  const textDef =
    defs.find(
      (d) => d.type === ApplicationCommandOptionType.String && !FILTER_OPTION_NAMES.includes(d.name),
    ) ?? defs.find((d) => d.type === ApplicationCommandOptionType.Attachment);
  const value = rest.join(' ');
  if (textDef && value) options[textDef.name] = value;
  return { command, options };
}
