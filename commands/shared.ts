/** Pieces every command definition shares. */
import type {
  APIApplicationCommandIntegerOption,
  APIApplicationCommandStringOption,
} from 'discord-api-types/v10';
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
} from './discord-enums.js';
import { answerPage } from '../src/answer/index.js';
import { readFilter, type ArticleFilter } from '../src/answer/filter.js';
import type { Answer, AnswerKind } from '../src/answer/types.js';
import { UserError } from '../src/errors.js';
import { stripControl } from '../src/render/safe.js';
import type { CommandContext, Options, Reply } from './types.js';

/** Installed to servers; usable in servers and in the bot's DMs. */
export const EVERYWHERE: {
  integration_types: ApplicationIntegrationType[];
  contexts: InteractionContextType[];
} = {
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
};

/** Longest query a user may type (Discord allows 6000; answers echo it, so keep it readable). */
export const MAX_QUERY = 200;

export function textOption(
  name: string,
  description: string,
  opts: { required?: boolean; autocomplete?: boolean } = {},
): APIApplicationCommandStringOption {
  return {
    type: ApplicationCommandOptionType.String,
    name,
    description,
    required: opts.required ?? true,
    autocomplete: opts.autocomplete ?? false,
    min_length: 1,
    max_length: MAX_QUERY,
  } as APIApplicationCommandStringOption;
}

export const pageOption: APIApplicationCommandIntegerOption = {
  type: ApplicationCommandOptionType.Integer,
  name: 'page',
  description: 'Which page of results (1 is the first)',
  required: false,
  min_value: 1,
  max_value: 100,
};

/**
 * What the user typed without the characters nobody can see: NUL and other controls, zero-width
 * and bidi characters, lone surrogates. Left in, they made "Pes\u200Bkov" match nothing while the
 * echoed query (cleaned for display) read "Peskov".
 */
function cleanText(value: string): string {
  return stripControl(value).normalize('NFC');
}

/** "a name", "some terms": option names read as English in messages. */
function aOption(name: string): string {
  return name.endsWith('s') ? `some ${name}` : /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

function tooLong(name: string): string {
  return `The ${name} ${name.endsWith('s') ? 'are' : 'is'} too long: keep ${name.endsWith('s') ? 'them' : 'it'} under ${MAX_QUERY} characters.`;
}

/** Reads a required text option, or tells the user what to type. */
export function requireText(options: Options, name: string, example: string): string {
  const raw = options[name];
  const value = typeof raw === 'string' ? cleanText(raw) : raw;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UserError(`Please give ${aOption(name)}, for example: ${example}`);
  }
  if (value.length > MAX_QUERY) throw new UserError(tooLong(name));
  return value;
}

export function optionalText(options: Options, name: string): string {
  const raw = options[name];
  if (raw === undefined) return '';
  if (typeof raw !== 'string') throw new UserError(`The ${name} must be text.`);
  const value = cleanText(raw);
  if (value.length > MAX_QUERY) throw new UserError(tooLong(name));
  return value;
}

export function pageNumber(options: Options): number {
  const value = options.page;
  if (value === undefined) return 1;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new UserError('The page must be a whole number from 1 to 100.');
  return n;
}

/** The article filter the options ask for (`since`, `until`, `outlet`), or undefined without one. */
function filterOf(options: Options): ArticleFilter | undefined {
  return readFilter({
    since: optionalText(options, 'since'),
    until: optionalText(options, 'until'),
    outlet: optionalText(options, 'outlet'),
  });
}

function answer(a: Answer): Reply {
  return { type: 'answer', answer: a };
}

/**
 * The answer to a question of `kind`: from `offset` (a page's first passage), or from where a
 * "More passages" click left off when the surface says so (`ctx.more`), from the articles the
 * command's filter options allow.
 */
export function answerOf(
  ctx: CommandContext,
  kind: AnswerKind,
  query: string,
  options: Options,
  offset = 0,
): Reply {
  const more = ctx.more;
  const filter = filterOf(options);
  return answer(answerPage(ctx.index(), kind, query, more?.offset ?? offset, more?.perMessage, filter));
}
