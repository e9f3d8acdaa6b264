/// <reference lib="dom" />
/**
 * A ChatMessage → the @skyra/discord-components elements Discord's look comes from. Every piece of
 * text from the bot (or the user) goes into the page as text nodes or element properties, never as
 * HTML: Markdown is read into a tree (markdown.ts) and built node by node.
 */
import type { APIEmbed, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import type { ChatMessage, PlaygroundUser } from '../protocol.js';
import { parseMarkdown, plainText, safeHref, type MdNode } from './markdown.js';

export interface RenderContext {
  /** A user's display name by id, for <@id> mentions. */
  name(id: string): string;
  onButton(message: ChatMessage, customId: string): void;
  onDismiss(message: ChatMessage): void;
}

const BUTTON_TYPES: Record<number, 'primary' | 'secondary' | 'success' | 'destructive'> = {
  1: 'primary',
  2: 'secondary',
  3: 'success',
  4: 'destructive',
};

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, unknown>> = {},
  slot?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  if (slot) node.setAttribute('slot', slot);
  return node;
}

/** Appends Markdown as DOM nodes: text nodes and discord-* elements only. */
function appendMarkdown(parent: Node, nodes: MdNode[], ctx: Pick<RenderContext, 'name'>): void {
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        parent.appendChild(document.createTextNode(n.v));
        break;
      case 'br':
        parent.appendChild(document.createElement('br'));
        break;
      case 'code': {
        const code = el('discord-code');
        code.textContent = n.v;
        parent.appendChild(code);
        break;
      }
      case 'mention': {
        const m = el('discord-mention');
        m.textContent = ctx.name(n.id);
        parent.appendChild(m);
        break;
      }
      case 'link': {
        const a = el('discord-link', { href: n.href, target: '_blank', rel: 'noopener noreferrer nofollow' });
        appendMarkdown(a, n.c, ctx);
        parent.appendChild(a);
        break;
      }
      case 'strike': {
        const s = document.createElement('s');
        appendMarkdown(s, n.c, ctx);
        parent.appendChild(s);
        break;
      }
      default: {
        const tag = {
          bold: 'discord-bold',
          italic: 'discord-italic',
          underline: 'discord-underlined',
          quote: 'discord-quote',
        }[n.t] as 'discord-bold';
        const span = el(tag);
        appendMarkdown(span, n.c, ctx);
        parent.appendChild(span);
        if (n.t !== 'quote') void span.updateComplete.then(() => tidy(span.shadowRoot));
      }
    }
  }
}

/**
 * discord-bold, -italic and -underlined put line breaks and tabs around their <slot> (in 4.0.2), which
 * shows as a space before the next character: "**Peskov**, a" would read "Peskov , a". Discord shows
 * no such space, so drop the whitespace-only text nodes of their shadow trees once rendered.
 */
function tidy(root: ShadowRoot | null): void {
  if (!root) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const blank: Node[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.textContent?.trim()) blank.push(n);
  for (const n of blank) n.parentNode?.removeChild(n);
}

function colorOf(color: number | undefined): string {
  return color === undefined ? '#1e1f22' : `#${color.toString(16).padStart(6, '0')}`;
}

function renderEmbed(e: APIEmbed, ctx: RenderContext): HTMLElement {
  const embed = el('discord-embed', { color: colorOf(e.color) }, 'embeds');
  if (e.title) embed.embedTitle = plainText(parseMarkdown(e.title), ctx.name);
  const url = e.url ? safeHref(e.url) : null;
  if (url) embed.url = url;
  if (e.author?.name) embed.authorName = e.author.name;
  if (e.description) {
    const d = el('discord-embed-description', {}, 'description');
    appendMarkdown(d, parseMarkdown(e.description), ctx);
    embed.appendChild(d);
  }
  if (e.fields?.length) {
    const fields = el('discord-embed-fields', {}, 'fields');
    let inlineRun = 0;
    for (const f of e.fields) {
      inlineRun = f.inline ? (inlineRun % 3) + 1 : 0;
      const field = el('discord-embed-field', {
        fieldTitle: plainText(parseMarkdown(f.name), ctx.name),
        inline: f.inline === true,
        ...(f.inline ? { inlineIndex: inlineRun } : {}),
      });
      appendMarkdown(field, parseMarkdown(f.value), ctx);
      fields.appendChild(field);
    }
    embed.appendChild(fields);
  }
  if (e.footer?.text) {
    // Discord shows footers as plain text.
    const footer = el('discord-embed-footer', {}, 'footer');
    footer.textContent = e.footer.text;
    embed.appendChild(footer);
  }
  return embed;
}

function renderComponents(
  rows: APIMessageTopLevelComponent[],
  m: ChatMessage,
  ctx: RenderContext,
): HTMLElement | null {
  const buttonRows = rows.filter((r) => r.type === 1 && 'components' in r);
  if (buttonRows.length === 0) return null;
  const holder = el('discord-attachments', {}, 'components');
  for (const row of buttonRows) {
    const actionRow = el('discord-action-row');
    for (const c of (row as unknown as { components: Record<string, unknown>[] }).components) {
      if (c.type !== 2) continue;
      const style = Number(c.style);
      const link = style === 5 && typeof c.url === 'string' ? safeHref(c.url) : null;
      const b = el('discord-button', {
        type: BUTTON_TYPES[style] ?? 'secondary',
        disabled: c.disabled === true,
        ...(link ? { url: link } : {}),
      });
      b.textContent = typeof c.label === 'string' ? c.label : '';
      const customId = typeof c.custom_id === 'string' ? c.custom_id : null;
      if (customId && c.disabled !== true) {
        b.addEventListener('click', () => ctx.onButton(m, customId));
      }
      actionRow.appendChild(b);
    }
    holder.appendChild(actionRow);
  }
  return holder;
}

function timeLabel(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const hhmm = d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
  return `Today at ${hhmm}`;
}

function avatarOf(u: PlaygroundUser): string {
  return u.avatar;
}

/** The discord-message for a message (and, for a bot reply, its raw JSON, shown by the toggle). */
export function renderMessage(m: ChatMessage, ctx: RenderContext): HTMLElement {
  const msg = el('discord-message', {
    author: m.author.name,
    avatar: avatarOf(m.author),
    bot: m.author.bot,
    ephemeral: m.ephemeral,
    edited: m.edited,
    timestamp: timeLabel(m.timestamp),
  });
  msg.dataset.id = m.id;
  if (m.ephemeral) msg.dismissMessageClicked = () => ctx.onDismiss(m);

  if (m.interaction?.kind === 'command') {
    const cmd = el(
      'discord-command',
      { author: m.interaction.user, avatar: '/avatar/user.svg', command: m.interaction.command },
      'reply',
    );
    msg.appendChild(cmd);
  } else if (m.replyTo) {
    const reply = el(
      'discord-reply',
      {
        author: m.replyTo.author.name,
        avatar: avatarOf(m.replyTo.author),
        bot: m.replyTo.author.bot,
        command: m.interaction?.kind === 'button',
      },
      'reply',
    );
    reply.textContent = plainText(parseMarkdown(m.replyTo.content), ctx.name).slice(0, 120);
    msg.appendChild(reply);
  }

  if (m.loading) {
    const thinking = el('discord-italic');
    thinking.textContent = `${m.author.name} is thinking…`;
    msg.appendChild(thinking);
  } else if (m.content) {
    appendMarkdown(msg, parseMarkdown(m.content), ctx);
  }
  for (const e of m.embeds) msg.appendChild(renderEmbed(e, ctx));
  const components = renderComponents(m.components, m, ctx);
  if (components) msg.appendChild(components);

  if (m.raw.length > 0) {
    // After the buttons: the payloads the bot sent for this message, oldest first.
    const details = document.createElement('details');
    details.className = 'raw-json';
    details.open = true;
    details.setAttribute('slot', 'reactions');
    const summary = document.createElement('summary');
    summary.textContent = `JSON the bot sent (${m.raw.length} ${m.raw.length === 1 ? 'payload' : 'payloads'})`;
    const pre = document.createElement('pre');
    pre.textContent = m.raw.map((r) => `${r.route}\n${JSON.stringify(r.body, null, 2)}`).join('\n\n');
    details.append(summary, pre);
    msg.appendChild(details);
  }
  return msg;
}
