/**
 * Answer → Discord message payload: one embed (heading, answer line, cited passages as fields,
 * footer) and a row of buttons, within every Discord limit.
 *
 * The payload is plain JSON (discord-api-types v10 shapes). It goes to discord.js as it is —
 * `interaction.reply(payload)`, `interaction.editReply(payload)`, `message.reply(payload)` — or to
 * the REST API. It carries the mention lock under both `allowedMentions` (read by discord.js) and
 * `allowed_mentions` (read by the REST API): see `DiscordPayload`.
 *
 * All text from users and articles goes through stripControl → escapeMarkdown → (highlight) →
 * neutralizeMentions; text that Discord shows verbatim (footer, button labels) skips the escaping.
 */
import type { APIButtonComponentWithCustomId, APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { Answer, Citation } from '../../answer/types.js';
import { encodeCustomId } from '../custom-id.js';
import { filterLine } from '../../answer/filter.js';
import { citationDate } from '../dates.js';
import { heading, oneLine, safeUrl } from './format.js';
import { LIMITS } from './limits.js';
import { COLORS, noMentions, type ButtonRow, type DiscordPayload } from './payload.js';
import {
  escapeMarkdown,
  fitRendered,
  highlight,
  neutralizeMentions,
  safeMarkdown,
  safePlain,
  stripControl,
} from '../safe.js';

export { embedLength, LIMITS } from './limits.js';
export { renderNotice } from './notice.js';

/** Passages shown as fields per message. */
export const PASSAGES_PER_MESSAGE = 3;

export interface RenderDiscordOptions {
  /** The corpus version the answer was computed against: shown in the footer, carried by buttons. */
  corpusVersion: string;
  /** 1-based page number for the footer, when the answer itself carries no `page`. */
  page?: number;
  /**
   * Button overrides. By default the buttons' ids are made with `encodeCustomId`. Give a string to
   * use another id, `null` to leave that button out, or `false` for no buttons at all.
   */
  customIds?: { more?: string | null; full?: string | null } | false;
  /** Extra footer text, e.g. "the corpus has changed since this answer". */
  footer?: string;
}

export type { DiscordPayload } from './payload.js';

const bold = (s: string): string => `**${s}**`;

/** The smallest value a passage is shrunk to before the description gives way. */
const MIN_PASSAGE = 300;
/** Caps on pieces of the description, so one huge piece can't crowd out the others. */
const ANSWER_LINE_MAX = 1024;
const MESSAGE_MAX = 1024;
const EXTRA_FOOTER_MAX = 200;
/** The "Only articles from … since …" line (an outlet name is at most 100 characters). */
const FILTER_LINE_MAX = 200;
const VERSION_MAX = 64;
/** An answer line that already states its own corroboration, e.g. "(reported in 3 of 5 articles)". */
const STATES_CORROBORATION = /\breported in \d/i;

/** Fits raw text, rendered as safe Markdown, into `max`. */
const fitSafe = (raw: string, max: number): string =>
  fitRendered(oneLine(stripControl(raw)), max, safeMarkdown).text;

/** Adds lines while they fit in `max`; with `more`, the lines left out become "…and N more". */
function linesWithin(lines: string[], max: number, more?: (n: number) => string): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const next = out ? `${out}\n${lines[i]}` : lines[i]!;
    const tail = more && i + 1 < lines.length ? `\n${more(lines.length - i - 1)}` : '';
    if (next.length + tail.length > max) {
      if (!more) continue;
      const rest = more(lines.length - i);
      return out && out.length + 1 + rest.length <= max ? `${out}\n${rest}` : out;
    }
    out = next;
  }
  return out;
}

/** `[n] Title — Outlet, 21 Feb 2022, ¶6`, the title cut to make it fit. */
function fieldName(n: number, c: Citation): string {
  const details = [
    c.outlet ? fitSafe(c.outlet, 60) : '',
    c.published ? safeMarkdown(citationDate(c.published)) : '',
    `¶${c.paragraph}`,
  ].filter(Boolean);
  const prefix = `[${n}] `;
  const suffix = ` — ${details.join(', ')}`;
  const title = fitSafe(c.title || 'Untitled', LIMITS.fieldName - prefix.length - suffix.length);
  return `${prefix}${title}${suffix}`;
}

/** `Also in: Title ¶3, Other title ¶5, +2 more`, at most `max` characters. */
function alsoInLine(c: Citation, max: number): string {
  const also = c.alsoIn ?? [];
  if (also.length === 0) return '';
  const items = also.map((a) => `${fitSafe(a.title || 'Untitled', 80)} ¶${a.paragraph}`);
  let line = 'Also in: ';
  for (let i = 0; i < items.length; i++) {
    const sep = i === 0 ? '' : ', ';
    const rest = i + 1 < items.length ? `, +${items.length - i - 1} more` : '';
    if (line.length + sep.length + items[i]!.length + rest.length > max) {
      return i === 0 ? '' : `${line}, +${items.length - i} more`;
    }
    line += sep + items[i];
  }
  return line;
}

/** A passage: the paragraph as a block quote with the matched words in bold, then link and "also in". */
function fieldValue(c: Citation, max: number): { value: string; cut: boolean } {
  const url = safeUrl(c.url);
  let link = url ? `[Read the article](${url})` : '';
  let also = alsoInLine(c, 300);
  const quoteRoom = (): number => max - [link, also].filter(Boolean).reduce((n, s) => n + s.length + 1, 0);
  // The quote is the point: drop the extras before squeezing it below a readable size.
  if (quoteRoom() < 200) also = '';
  if (quoteRoom() < 200) link = '';
  const raw = oneLine(stripControl(c.text));
  const terms = c.highlights.slice(0, 20).map((t) => oneLine(t).slice(0, 100));
  const render = (s: string): string => `> ${neutralizeMentions(highlight(escapeMarkdown(s), terms, bold))}`;
  if (!raw)
    return {
      value: ['> *(empty paragraph)*', link, also].filter(Boolean).join('\n').slice(0, max),
      cut: false,
    };
  const quote = fitRendered(raw, quoteRoom(), render);
  return { value: [quote.text, link, also].filter(Boolean).join('\n'), cut: quote.cut };
}

/** Timeline: one line per dated citation, in the answer's order. */
function timelineLines(answer: Answer): string[] {
  return answer.citations.flatMap((c, i) => {
    const date = c.date ?? c.published;
    if (!date) return [];
    const when = bold(safeMarkdown(citationDate(date)));
    const source = `${fitSafe(c.title || 'Untitled', 60)}, ¶${c.paragraph}`;
    // [n] points at the passage shown as field n below.
    const ref = i < PASSAGES_PER_MESSAGE ? ` [${i + 1}]` : '';
    return [`${when} — ${fitSafe(c.sentence ?? c.text, 160)} (${source})${ref}`];
  });
}

/** Sources: one line per article. */
function sourceLines(answer: Answer): string[] {
  return (answer.articles ?? []).map((a) => {
    const details = [
      a.outlet ? fitSafe(a.outlet, 60) : '',
      a.published ? safeMarkdown(citationDate(a.published)) : '',
      `${a.paragraphs} paragraph${a.paragraphs === 1 ? '' : 's'}`,
    ].filter(Boolean);
    return `• ${bold(fitSafe(a.title || 'Untitled', 120))} — ${details.join(', ')}`;
  });
}

/** Kinds whose answer is a listing: "Reported in N of M articles" would say nothing about one answer. */
const LISTING_KINDS: ReadonlySet<Answer['kind']> = new Set(['search', 'sources', 'timeline']);

/** The description: answer line (or message), corroboration, and the kind's listing, within `max`. */
function description(answer: Answer, max: number): string {
  const head: string[] = [];
  if (answer.text !== null) head.push(bold(fitSafe(answer.text, ANSWER_LINE_MAX)));
  if (answer.message) head.push(fitSafe(answer.message, MESSAGE_MAX));
  if (answer.text === null && !answer.message) head.push('No answer found in the articles.');
  if (answer.kind === 'ask' && answer.routedTo && answer.routedTo !== 'ask') {
    head.push(`*Answered as a “${answer.routedTo}” question.*`);
  }
  // The filter the answer was restricted to (a filter that left no article says so in its message).
  if (answer.filter && answer.corpusArticles > 0) {
    head.push(`*${fitSafe(filterLine(answer.filter), FILTER_LINE_MAX)}*`);
  }
  const n = answer.sources.length;
  // Said once: answer lines that weigh evidence already state their own "(reported in 3 of 5 articles)".
  // Only an answer corroborates: a listing of passages, sources or dated events counts its own articles.
  if (n > 1 && !LISTING_KINDS.has(answer.kind) && !STATES_CORROBORATION.test(answer.text ?? '')) {
    head.push(
      answer.corpusArticles >= n
        ? `Reported in ${n} of ${answer.corpusArticles} articles.`
        : `Reported in ${n} articles.`,
    );
  }
  const listing =
    answer.kind === 'sources' ? sourceLines(answer) : answer.kind === 'timeline' ? timelineLines(answer) : [];

  let text = linesWithin(head, max);
  if (listing.length > 0) {
    const room = max - text.length - (text ? 2 : 0);
    const list = linesWithin(listing, room, (k) => `*…and ${k} more*`);
    if (list) text = text ? `${text}\n\n${list}` : list;
  }
  return text || '\u200B';
}

function pageInfo(answer: Answer, shown: number, opts: RenderDiscordOptions): string {
  if (answer.kind === 'sources' && answer.articles) {
    return `${answer.articles.length} article${answer.articles.length === 1 ? '' : 's'}`;
  }
  if (answer.page && shown > 0) {
    const first = answer.page.offset + 1;
    return `passages ${first}–${first + shown - 1} of ${Math.max(answer.page.total, first + shown - 1)}`;
  }
  if (opts.page !== undefined) return `page ${opts.page}`;
  return `${shown} passage${shown === 1 ? '' : 's'}`;
}

function footerText(answer: Answer, shown: number, opts: RenderDiscordOptions): string {
  const version =
    fitRendered(oneLine(stripControl(opts.corpusVersion)), VERSION_MAX, safePlain).text || 'unknown';
  const parts = ['Dossier', `corpus ${version}`, pageInfo(answer, shown, opts)];
  if (opts.footer)
    parts.push(fitRendered(oneLine(stripControl(opts.footer)), EXTRA_FOOTER_MAX, safePlain).text);
  return parts.join(' · ');
}

const validCustomId = (id: string | null | undefined): id is string =>
  typeof id === 'string' && id.length > 0 && id.length <= LIMITS.customId;

function buttons(answer: Answer, shown: number, firstCut: boolean, opts: RenderDiscordOptions): ButtonRow[] {
  if (opts.customIds === false) return [];
  const overrides = opts.customIds ?? {};
  const row: APIButtonComponentWithCustomId[] = [];
  const base = answer.page?.offset ?? 0;
  const total = answer.page?.total ?? answer.citations.length;
  const next = base + shown;
  const hasMore = shown > 0 && next < total;

  // Paginated answers keep a (disabled) button on their last page so the layout doesn't jump.
  if ((hasMore || answer.page) && overrides.more !== null) {
    const id =
      overrides.more ??
      encodeCustomId({
        action: 'more',
        kind: answer.kind,
        query: answer.query,
        offset: hasMore ? next : base,
        version: opts.corpusVersion,
        ...(answer.filter ? { filter: answer.filter } : {}),
      });
    if (validCustomId(id)) {
      row.push({
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'More passages',
        custom_id: id,
        ...(hasMore ? {} : { disabled: true }),
      });
    }
  }

  const first = answer.citations[0];
  if (first && firstCut && overrides.full !== null) {
    const id =
      overrides.full ??
      encodeCustomId({
        action: 'full',
        kind: answer.kind,
        query: answer.query,
        offset: base,
        version: opts.corpusVersion,
        articleId: first.articleId,
        paragraph: first.paragraph,
        ...(answer.filter ? { filter: answer.filter } : {}),
      });
    if (validCustomId(id)) {
      row.push({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Full paragraph',
        custom_id: id,
      });
    }
  }
  return row.length > 0 ? [{ type: ComponentType.ActionRow, components: row }] : [];
}

/** Renders an Answer as a Discord message payload within every Discord limit. */
export function renderDiscord(answer: Answer, opts: RenderDiscordOptions): DiscordPayload {
  const cited = answer.citations.slice(0, PASSAGES_PER_MESSAGE);
  const title = fitRendered(oneLine(stripControl(answer.query)), LIMITS.embedTitle, (q) =>
    safeMarkdown(heading(answer.kind, q)),
  ).text;
  const footer = footerText(answer, cited.length, opts);
  const names = cited.map((c, i) => fieldName(i + 1, c));

  // The 6000-character budget: heading, footer and field names are small and fixed; the description
  // and the passages share the rest, the passages shrinking in proportion when they don't all fit.
  const remaining =
    LIMITS.embedTotal - title.length - footer.length - names.reduce((n, s) => n + s.length, 0);
  let values = cited.map((c) => fieldValue(c, LIMITS.fieldValue));
  const wanted = values.reduce((n, v) => n + v.value.length, 0);
  const desc = description(
    answer,
    Math.min(LIMITS.embedDescription, remaining - Math.min(wanted, cited.length * MIN_PASSAGE)),
  );
  const room = remaining - desc.length;
  if (wanted > room) {
    values = cited.map((c, i) => fieldValue(c, Math.floor((values[i]!.value.length * room) / wanted)));
  }

  const fields: APIEmbedField[] = cited.map((_, i) => ({
    name: names[i]!,
    value: values[i]!.value || '\u200B',
  }));
  const embed: APIEmbed = {
    title,
    description: desc,
    color: answer.text === null && cited.length === 0 ? COLORS.empty : COLORS.answer,
    footer: { text: footer },
  };
  if (fields.length > 0) embed.fields = fields;

  return {
    embeds: [embed],
    components: buttons(answer, cited.length, values[0]?.cut ?? false, opts),
    ...noMentions(),
  };
}
