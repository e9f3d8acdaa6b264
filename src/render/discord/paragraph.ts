/** "Full paragraph": one cited paragraph in full (up to the embed description limit), ephemeral. */
import { MessageFlags, type APIEmbed } from 'discord-api-types/v10';
import type { Citation } from '../../answer/types.js';
import { fitRendered, highlight, safeMarkdown, safePlain, stripControl } from '../safe.js';
import { citationDate } from '../dates.js';
import { safeUrl } from './format.js';
import { LIMITS } from './limits.js';
import { COLORS, noMentions, type DiscordPayload } from './payload.js';

const WHITESPACE_RUN = /\s+/g;

export function renderParagraph(c: Citation, note?: string): DiscordPayload {
  const render = (t: string) => highlight(safeMarkdown(t), c.highlights, (m) => `**${m}**`);
  const details = [c.outlet, c.published ? citationDate(c.published) : undefined, `¶${c.paragraph}`].filter(
    Boolean,
  );
  // Titles and outlets come from article files: escaped and defused like every other text.
  const title = fitRendered(
    stripControl(`${c.title} — ${details.join(', ')}`).replace(WHITESPACE_RUN, ' '),
    LIMITS.embedTitle,
    safeMarkdown,
  ).text;
  const embed: APIEmbed = {
    title,
    description: fitRendered(stripControl(c.text), LIMITS.embedDescription - 200, render).text,
    color: COLORS.answer,
  };
  const url = safeUrl(c.url);
  if (url) embed.url = url;
  if (note) embed.footer = { text: fitRendered(stripControl(note), 200, safePlain).text };
  return { embeds: [embed], components: [], ...noMentions(), flags: MessageFlags.Ephemeral };
}
