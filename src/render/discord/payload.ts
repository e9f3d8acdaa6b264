/** The shape every Dossier Discord message has, and the mention lock they all carry. */
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord-api-types/v10';

/** Dossier's buttons all carry a custom id (links go in the text). */
export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/**
 * A plain JSON message payload. It carries the mention lock twice because its two consumers read
 * different keys: discord.js (`reply`, `editReply`, `followUp`, `message.reply`) reads
 * `allowedMentions` and ignores `allowed_mentions` — it would fall back to the client default —
 * while the REST API reads `allowed_mentions`.
 */
export interface DiscordPayload {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** For the REST API. */
  allowed_mentions: { parse: []; replied_user: false };
  /** For discord.js. */
  allowedMentions: { parse: []; repliedUser: false };
  /** `64` (MessageFlags.Ephemeral) for ephemeral interaction replies. */
  flags?: number;
}

export const COLORS = { answer: 0x3b6fd8, empty: 0x99aab5, info: 0x3b6fd8, error: 0xd83c3e } as const;

/** The mention lock: nobody is pinged, not even the author of the message replied to. */
export function noMentions(): Pick<DiscordPayload, 'allowed_mentions' | 'allowedMentions'> {
  return {
    allowed_mentions: { parse: [], replied_user: false },
    allowedMentions: { parse: [], repliedUser: false },
  };
}
