/**
 * Reads a typed line ("/who Peskov", "/search troops 2", "/admin status", or a plain question) into a
 * command and its options, using the commands' own definitions, so the CLI, DMs and mentions accept
 * exactly what the slash commands do. The filter options are given by name anywhere after the
 * command: "/who Peskov since:2022-02 outlet:Reuters", `until:"last week"`.
 */
import { ApplicationCommandOptionType } from './discord-enums.js';
import { UserError } from '../src/errors.js';
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

/** A word that names an option: `since:2022`, `outlet:"New York Times"`, `until:` (value next). */
const NAMED_WORD = /^([a-z]+):(.*)$/i;
const OPENING_QUOTE: Record<string, string> = { '"': '"', '“': '”', "'": "'" };

/**
 * Moves `name:value` words for the filter options the command defines (`since:`, `until:`,
 * `outlet:`) and for its true/false options (`replace:true`) out of `words` into `options`. A value
 * in quotes may hold spaces (`until:"last week"`); each word is looked at once.
 */
function takeNamedOptions(words: string[], defs: OptionDef[], options: Options): void {
  const flags = new Set(
    defs.filter((d) => d.type === ApplicationCommandOptionType.Boolean).map((d) => d.name),
  );
  const names = new Set([
    ...defs.map((d) => d.name).filter((n) => FILTER_OPTION_NAMES.includes(n)),
    ...flags,
  ]);
  if (names.size === 0) return;
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = NAMED_WORD.exec(words[i]!);
    const name = m?.[1]!.toLowerCase();
    if (!m || !name || !names.has(name)) {
      kept.push(words[i]!);
      continue;
    }
    let value = m[2]!;
    if (value === '' && i + 1 < words.length) value = words[++i]!;
    const close = OPENING_QUOTE[value[0] ?? ''];
    if (close) {
      value = value.slice(1);
      while (!value.endsWith(close) && i + 1 < words.length) value += ' ' + words[++i]!;
      if (value.endsWith(close)) value = value.slice(0, -1);
    }
    if (flags.has(name)) options[name] = flag(name, value);
    else if (value) options[name] = value;
  }
  words.splice(0, words.length, ...kept);
}

const TRUE_WORD = /^(?:true|yes|on|1)$/i;
const FALSE_WORD = /^(?:false|no|off|0)$/i;

function flag(name: string, value: string): boolean {
  if (TRUE_WORD.test(value)) return true;
  if (FALSE_WORD.test(value)) return false;
  throw new UserError(`${name}: takes true or false (got “${value.slice(0, 40)}”).`);
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
