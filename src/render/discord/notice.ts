/** Admin, status and error messages: a titled list of lines, with the same safety and limits as answers. */
import type { APIEmbed } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import { COLORS, noMentions, type DiscordPayload } from './payload.js';
import { fitRendered, safeMarkdown, stripControl } from '../safe.js';
import { LIMITS } from './limits.js';

export interface NoticeInput {
  title: string;
  /** Plain text lines (escaped: Markdown in them shows as written). */
  lines: string[];
  /** Only the user who triggered it sees it (interaction replies only). */
  ephemeral?: boolean;
  level?: 'info' | 'error';
}

/** Each line is cut to this, so one long line can't hide the others. */
const LINE_MAX = 1024;
const WHITESPACE_RUN = /\s+/g;

/** Renders a notice as one embed; `flags: 64` (ephemeral) when asked. */
export function renderNotice(notice: NoticeInput): DiscordPayload {
  const title =
    fitRendered(
      stripControl(notice.title).replace(WHITESPACE_RUN, ' ').trim(),
      LIMITS.embedTitle,
      safeMarkdown,
    ).text || 'Dossier';
  const lines = notice.lines.map((l) => fitRendered(stripControl(l).trim(), LINE_MAX, safeMarkdown).text);
  // Title + description stay within the 6000 total too (title ≤ 256, description ≤ 4096: always).
  let description = '';
  for (let i = 0; i < lines.length; i++) {
    const rest = `*…and ${lines.length - i} more*`;
    const next = description ? `${description}\n${lines[i]}` : lines[i]!;
    const tail = i + 1 < lines.length ? rest.length + 1 : 0;
    if (next.length + tail > LIMITS.embedDescription) {
      description = description ? `${description}\n${rest}` : rest;
      break;
    }
    description = next;
  }
  const embed: APIEmbed = { title, color: notice.level === 'error' ? COLORS.error : COLORS.info };
  if (description) embed.description = description;
  return {
    embeds: [embed],
    components: [],
    ...noMentions(),
    ...(notice.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}
