/** The one explicit registry of commands: used by the dispatcher, the CLI and the deploy script. */
import admin from './admin.js';
import ask from './ask.js';
import quote from './quote.js';
import search from './search.js';
import sources from './sources.js';
import timeline from './timeline.js';
import what from './what.js';
import when from './when.js';
import where from './where.js';
import who from './who.js';
import type { Command } from './types.js';

export const commands: readonly Command[] = [
  who,
  when,
  where,
  what,
  quote,
  ask,
  search,
  sources,
  timeline,
  admin,
];

export const commandsByName: ReadonlyMap<string, Command> = new Map(commands.map((c) => [c.data.name, c]));

export type { Command, CommandContext } from './types.js';
