/**
 * What "safe to show" means for every message the reliability tests look at, checked on the
 * message as sent (independently of the renderer's own helpers):
 *
 * - no live mention: `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&id>`, `<#id>`, `</cmd:id>`,
 *   `<id:…>` — a neutralised one has a zero-width space after the `@` or the `<`;
 * - formatting cannot escape: once Discord's backslash escapes are taken out, no backtick, spoiler
 *   bar, tilde or underscore is left; bold/italic stars pair up on every line; no line starts a
 *   heading, subtext or list; the only masked link is Dossier's own `[Read the article](http…)`;
 * - no invisible or layout-changing characters (NUL and other controls, bidi overrides, lone
 *   surrogates) anywhere.
 */
import type { MessageBody } from '../e2e/helpers.js';

const LIVE_MENTION: [string, RegExp][] = [
  ['@everyone/@here', /@(everyone|here)/i],
  ['user/role/channel mention', /<(@[!&]?|#)\d+>/],
  ['slash-command mention', /<\/[^>\s]+:\d+>/],
  ['guide link', /<id:\w+>/],
];

/** The live mentions in `text` (none when the text is safe). */
function liveMentions(text: string): string[] {
  return LIVE_MENTION.filter(([, re]) => re.test(text)).map(([what]) => what);
}

const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- these are what must not be sent
  /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const OWN_LINK = /\[Read the article\]\(https?:\/\/[^\s()]+\)/g;

/** Ways the Markdown of `text` (a title, description, field name or value) is broken. */
function brokenMarkup(text: string): string[] {
  const problems: string[] = [];
  const bare = text.replace(/\\[\s\S]/g, '').replace(OWN_LINK, '');
  if (/`/.test(bare)) problems.push('an unescaped backtick');
  if (/\|/.test(bare)) problems.push('an unescaped |');
  if (/~/.test(bare)) problems.push('an unescaped ~');
  if (/_/.test(bare)) problems.push('an unescaped _');
  if (/\]\(/.test(bare)) problems.push('a masked link');
  for (const line of bare.split('\n')) {
    if ((line.match(/\*/g) ?? []).length % 2 !== 0) problems.push(`unpaired * in ${JSON.stringify(line)}`);
  }
  // Line starts are read as written: an escaped first character (`\#`, `1\.`) starts no heading.
  for (const line of text.split('\n')) {
    if (/^\s*(#{1,3}\s|-#\s|[-+*]\s|\d+\.\s)/.test(line))
      problems.push(`a heading or list in ${JSON.stringify(line)}`);
  }
  return problems;
}

/** Every problem of one message: live mentions anywhere, broken Markdown where it renders, invisibles. */
export function messageProblems(body: MessageBody): string[] {
  const problems: string[] = [];
  const markdown: [string, string][] = [];
  const plain: [string, string][] = [];
  if (body.content) markdown.push(['content', body.content]);
  for (const [i, e] of (body.embeds ?? []).entries()) {
    if (e.title) markdown.push([`embed ${i} title`, e.title]);
    if (e.description) markdown.push([`embed ${i} description`, e.description]);
    for (const [j, f] of (e.fields ?? []).entries()) {
      markdown.push([`field ${j} name`, f.name], [`field ${j} value`, f.value]);
    }
    if (e.footer?.text) plain.push([`embed ${i} footer`, e.footer.text]);
    if (e.author?.name) plain.push([`embed ${i} author`, e.author.name]);
  }
  for (const row of body.components ?? [])
    for (const c of row.components) if (c.label) plain.push(['button label', c.label]);
  for (const [where, text] of [...markdown, ...plain]) {
    for (const m of liveMentions(text)) problems.push(`${where}: live ${m}`);
    if (INVISIBLE.test(text)) problems.push(`${where}: invisible or control character`);
  }
  for (const [where, text] of markdown) for (const p of brokenMarkup(text)) problems.push(`${where}: ${p}`);
  if (body.allowed_mentions?.parse?.length !== 0) problems.push('allowed_mentions.parse is not []');
  return problems;
}
