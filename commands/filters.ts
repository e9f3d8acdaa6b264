/**
 * The article filter every question command takes: `since:`, `until:` and `outlet:` (autocompleted
 * from the corpus's outlets). The options go last in each definition, all optional; `answerOf`
 * (shared.ts) reads them (a bad date is a UserError naming the option) and the answer layer applies
 * them.
 */
import type { APIApplicationCommandStringOption } from 'discord-api-types/v10';
import { ApplicationCommandOptionType } from './discord-enums.js';
import { outletChoices } from '../src/answer/filter.js';
import type { Command } from './types.js';

/** The filter options' names, in the order they are defined. */
export const FILTER_OPTION_NAMES: readonly string[] = ['since', 'until', 'outlet'];

/** Discord allows 100 characters for an option's description. */
const DATE_HINT = '2022-02-01, 2022-02, 2022, yesterday, last week, 3 days ago';

function filterOption(name: string, description: string, maxLength: number, autocomplete = false) {
  return {
    type: ApplicationCommandOptionType.String,
    name,
    description,
    required: false,
    autocomplete,
    min_length: 1,
    max_length: maxLength,
  } as APIApplicationCommandStringOption;
}

export const filterOptions: APIApplicationCommandStringOption[] = [
  filterOption('since', `Only articles published on or after: ${DATE_HINT}`, 40),
  filterOption('until', `Only articles published on or before: ${DATE_HINT}`, 40),
  filterOption('outlet', 'Only articles from this outlet', 100, true),
];

type Autocomplete = NonNullable<Command['autocomplete']>;

/** A command's autocomplete with the outlet option's added (the date options have none). */
export function withOutlets(own?: Autocomplete): Autocomplete {
  return (focused, ctx) => {
    if (focused.name === 'outlet') return outletChoices(ctx.index(), focused.value);
    if (FILTER_OPTION_NAMES.includes(focused.name)) return [];
    return own ? own(focused, ctx) : [];
  };
}
