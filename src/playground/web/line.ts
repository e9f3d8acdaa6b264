/**
 * The page's message box reads a typed line the way the CLI and DMs do (commands/parse.ts): "/who
 * Peskov", "/search troops 2", "/admin status". The words after the command (and subcommand) fill its
 * text option, a trailing whole number its integer option; an attachment option is filled by the file
 * picker. The filter options are given by name, as commands/parse.ts reads them: `since:2022`,
 * `outlet:"Associated Press"`. Everything comes from the command definitions registered with the
 * local Discord. Pure.
 */
import { flagValue, takeNamedWords } from '../../../commands/named-words.js';

interface OptionDef {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  options?: OptionDef[];
}

export interface CommandDef {
  name: string;
  description: string;
  options?: OptionDef[];
}

/** Discord's option types used here. */
const OPTION = {
  subcommand: 1,
  group: 2,
  string: 3,
  integer: 4,
  boolean: 5,
  number: 10,
  attachment: 11,
} as const;

export interface Suggestion {
  /** What the list shows, e.g. "/admin status". */
  label: string;
  description: string;
  /** What picking it puts in the message box. */
  insert: string;
}

export interface ParsedCommand {
  command: CommandDef;
  subcommand?: OptionDef;
  /** The options this invocation takes (the subcommand's, for a subcommand). */
  defs: OptionDef[];
  /** Typed options as Discord sends them. */
  options: { name: string; type: number; value: string | number | boolean }[];
  /** The option the words go to, and what has been typed for it so far. */
  textOption?: OptionDef;
  textValue: string;
  attachmentOption?: OptionDef;
}

export type LineResult =
  | { kind: 'message'; text: string }
  | { kind: 'command'; parsed: ParsedCommand }
  | { kind: 'error'; message: string };

/** Options given only by name (commands/filters.ts): the words never go to them. */
const NAMED_ONLY = ['since', 'until', 'outlet'];
const WHOLE_NUMBER = /^\d+$/;
/**
 * Takes the `name:value` words for the named-only options `defs` holds out of `words`, and those of
 * its true/false options (`replace:true`), read as commands/named-words.ts reads them for the engine.
 */
function takeNamed(words: string[], defs: OptionDef[]): ParsedCommand['options'] {
  const flags = new Set(defs.filter((d) => d.type === OPTION.boolean).map((d) => d.name));
  const names = new Set([...defs.filter((d) => NAMED_ONLY.includes(d.name)).map((d) => d.name), ...flags]);
  const out: ParsedCommand['options'] = [];
  for (const { name, value } of takeNamedWords(words, names)) {
    if (flags.has(name)) out.push({ name, type: OPTION.boolean, value: flagValue(value) === true });
    else if (value) out.push({ name, type: OPTION.string, value });
  }
  return out;
}

const hasSubcommands = (defs: OptionDef[] | undefined) =>
  (defs ?? []).some((d) => d.type === OPTION.subcommand || d.type === OPTION.group);

/** The command list for a line being typed ("/", "/wh", "/admin s"), or nothing once past the name. */
export function commandSuggestions(line: string, commands: CommandDef[]): Suggestion[] {
  if (!line.startsWith('/')) return [];
  const words = line.slice(1).split(' ');
  const head = (words[0] ?? '').toLowerCase();
  if (words.length === 1) {
    return commands
      .filter((c) => c.name.startsWith(head))
      .flatMap((c) =>
        hasSubcommands(c.options)
          ? (c.options ?? []).map((s) => ({
              label: `/${c.name} ${s.name}`,
              description: s.description,
              insert: `/${c.name} ${s.name} `,
            }))
          : [{ label: `/${c.name}`, description: c.description, insert: `/${c.name} ` }],
      );
  }
  const command = commands.find((c) => c.name === head);
  if (!command || !hasSubcommands(command.options) || words.length !== 2) return [];
  const sub = (words[1] ?? '').toLowerCase();
  return (command.options ?? [])
    .filter((s) => s.name.startsWith(sub) && s.name !== sub)
    .map((s) => ({
      label: `/${command.name} ${s.name}`,
      description: s.description,
      insert: `/${command.name} ${s.name} `,
    }));
}

/** Reads a typed line: a plain message, a command with its options, or why it cannot be sent. */
export function parseLine(line: string, commands: CommandDef[]): LineResult {
  const text = line.replace(/\s+/g, ' ').trimStart();
  if (!text.startsWith('/')) return { kind: 'message', text: text.trim() };
  const [head = '', ...rest] = text.slice(1).split(' ');
  const command = commands.find((c) => c.name === head.toLowerCase());
  if (!command) {
    return {
      kind: 'error',
      message: `There is no /${head} command. Commands: ${commands.map((c) => `/${c.name}`).join(', ')}.`,
    };
  }
  let defs = command.options ?? [];
  let subcommand: OptionDef | undefined;
  if (hasSubcommands(defs)) {
    subcommand = defs.find((d) => d.name === (rest[0] ?? '').toLowerCase());
    if (!subcommand) {
      return {
        kind: 'error',
        message: `Pick one of: ${defs.map((d) => `/${command.name} ${d.name}`).join(', ')}.`,
      };
    }
    rest.shift();
    defs = subcommand.options ?? [];
  }
  const options: ParsedCommand['options'] = [];
  const words = rest.filter((w) => w !== '');
  const named = takeNamed(words, defs);
  const intDef = defs.find((d) => d.type === OPTION.integer);
  if (intDef && words.length > 1 && WHOLE_NUMBER.test(words[words.length - 1]!)) {
    options.push({ name: intDef.name, type: OPTION.integer, value: Number(words.pop()) });
  }
  options.push(...named);
  const textOption = defs.find((d) => d.type === OPTION.string && !NAMED_ONLY.includes(d.name));
  const textValue = textOption ? words.join(' ') : '';
  if (textOption && textValue)
    options.unshift({ name: textOption.name, type: OPTION.string, value: textValue });
  const attachmentOption = defs.find((d) => d.type === OPTION.attachment);
  const parsed: ParsedCommand = { command, defs, options, textValue, ...(subcommand ? { subcommand } : {}) };
  if (textOption) parsed.textOption = textOption;
  if (attachmentOption) parsed.attachmentOption = attachmentOption;
  return { kind: 'command', parsed };
}

/** Required options that have no value yet (an attachment counts as given when a file is picked). */
export function missingOptions(parsed: ParsedCommand, fileChosen: boolean): string[] {
  return parsed.defs
    .filter((d) => d.required)
    .filter((d) =>
      d.type === OPTION.attachment ? !fileChosen : !parsed.options.some((o) => o.name === d.name),
    )
    .map((d) => d.name);
}
