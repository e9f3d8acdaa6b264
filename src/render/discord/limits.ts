/**
 * Discord's message limits (see docs/DESIGN.md, "Discord rules that shape the code"), and how long
 * an embed is by Discord's count. Every renderer output is checked against these in the tests.
 */
import type { APIEmbed } from 'discord-api-types/v10';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Title + description + field names and values + footer + author, over all embeds of a message. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  buttonUrl: 512,
} as const;

/** The characters of one embed that count towards `LIMITS.embedTotal`. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
