/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The playground page: a #general channel and a DM with the bot, drawn with
 * @skyra/discord-components; a message box that runs slash commands (with the command list and the
 * bot's own autocomplete) or sends plain messages; live updates from the server's event stream.
 */
import '@skyra/discord-components-core';
import type {
  ActionResponse,
  AutocompleteResponse,
  ChannelKey,
  ChatMessage,
  ErrorResponse,
  PlaygroundEvent,
  PlaygroundState,
} from '../protocol.js';
import {
  commandSuggestions,
  missingOptions,
  parseLine,
  type CommandDef,
  type ParsedCommand,
} from './line.js';
import { renderMessage, type RenderContext } from './render.js';

interface Item {
  label: string;
  description: string;
  insert: string;
  /** For an autocomplete choice: the option it fills and the value Discord would send. */
  choice?: { option: string; name: string; value: string | number };
}

const $ = <T extends HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the page`);
  return node as T;
};

const input = $<HTMLInputElement>('input');
const list = $<HTMLUListElement>('suggestions');
const hint = $<HTMLDivElement>('hint');
const fileInput = $<HTMLInputElement>('file');
const attach = $<HTMLLabelElement>('attach');
const fileName = $<HTMLSpanElement>('file-name');
const jsonToggle = $<HTMLInputElement>('show-json');
const logs: Record<ChannelKey, HTMLElement> = { guild: $('messages-guild'), dm: $('messages-dm') };
const scrollers: Record<ChannelKey, HTMLElement> = { guild: $('log-guild'), dm: $('log-dm') };

let state: PlaygroundState | null = null;
let channel: ChannelKey = 'guild';
let items: Item[] = [];
let active = -1;
/** The autocomplete choice picked for the current line, if it is still what the line says. */
let picked: Item['choice'] | null = null;
let autocompleteSeq = 0;
let autocompleteTimer: ReturnType<typeof setTimeout> | undefined;
const messages = new Map<string, { data: ChatMessage; node: HTMLElement }>();
const gone = new Set<string>();

const commands = (): CommandDef[] => (state?.commands ?? []) as unknown as CommandDef[];

const ctx: RenderContext = {
  name(id) {
    if (state?.bot.id === id) return state.bot.name;
    if (state?.user.id === id) return state.user.name;
    return 'unknown-user';
  },
  onButton(message, customId) {
    void post<ActionResponse>('/api/button', { messageId: message.id, customId }).then((r) => {
      if ('error' in r)
        localNotice(
          message.channelId,
          r.error === 'The application did not respond' ? 'This interaction failed' : r.error,
        );
    });
  },
  onDismiss(message) {
    gone.add(message.id);
    messages.get(message.id)?.node.remove();
    messages.delete(message.id);
  },
};

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

function channelKeyOf(channelId: string): ChannelKey {
  return channelId === state?.dmChannelId ? 'dm' : 'guild';
}

function upsert(m: ChatMessage): void {
  if (gone.has(m.id)) return;
  const existing = messages.get(m.id);
  // Events and the first state load can cross: never go back to an older version.
  if (existing && existing.data.raw.length > m.raw.length) return;
  const key = channelKeyOf(m.channelId);
  const node = renderMessage(m, ctx);
  if (existing) {
    existing.node.replaceWith(node);
  } else {
    // Snowflakes grow with time: keep the channel in id order.
    const after = [...logs[key].children].find(
      (c) => c instanceof HTMLElement && c.dataset.id && BigInt(c.dataset.id) > BigInt(m.id),
    );
    logs[key].insertBefore(node, after ?? null);
  }
  messages.set(m.id, { data: m, node });
  if (!existing) stick[key] = true;
}

/** Whether a channel follows new messages (until the reader scrolls up). */
const stick: Record<ChannelKey, boolean> = { guild: true, dm: true };
for (const key of ['guild', 'dm'] as const) {
  const scroller = scrollers[key];
  scroller.addEventListener('scroll', () => {
    stick[key] = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
  });
  // The components draw after they are added, so follow the log's size rather than the insertions.
  new ResizeObserver(() => {
    if (stick[key]) scroller.scrollTop = scroller.scrollHeight;
  }).observe(logs[key]);
}

function remove(id: string): void {
  gone.add(id);
  messages.get(id)?.node.remove();
  messages.delete(id);
}

let localId = 0n;
/** A message only this page shows (Discord's own "The application did not respond"). */
function localNotice(channelId: string, text: string): void {
  if (!state) return;
  localId++;
  upsert({
    id: `${(BigInt(Date.now() - 1_420_070_400_000) << 22n) | localId}`,
    channelId,
    author: state.bot,
    content: `*${text.replace(/[*_\\]/g, '\\$&')}*`,
    embeds: [],
    components: [],
    attachments: [],
    flags: 64,
    ephemeral: true,
    loading: false,
    edited: false,
    timestamp: new Date().toISOString(),
    raw: [],
  });
}

function apply(event: PlaygroundEvent): void {
  if (event.type === 'upsert') upsert(event.message);
  else remove(event.id);
}

// ---------------------------------------------------------------------------------------------
// Talking to the server
// ---------------------------------------------------------------------------------------------

async function post<T>(path: string, body: unknown): Promise<T | ErrorResponse> {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = (await res.json()) as T | ErrorResponse;
    if (!res.ok && !(typeof data === 'object' && data !== null && 'error' in data)) {
      return { error: `HTTP ${res.status}` };
    }
    return data;
  } catch (err) {
    return {
      error: `The playground server is not answering (${String(err)}). Is npm run playground still running?`,
    };
  }
}

async function start(): Promise<void> {
  const pending: PlaygroundEvent[] = [];
  let ready = false;
  const events = new EventSource('/api/events');
  events.onmessage = (e: MessageEvent<string>) => {
    const event = JSON.parse(e.data) as PlaygroundEvent;
    if (ready) apply(event);
    else pending.push(event);
  };
  await new Promise<void>((resolve) => events.addEventListener('open', () => resolve(), { once: true }));
  const res = await fetch('/api/state');
  state = (await res.json()) as PlaygroundState;
  for (const m of state.messages) upsert(m);
  ready = true;
  for (const e of pending) apply(e);
  $('channel-name-dm').textContent = state.bot.name;
  document.body.dataset.ready = 'true';
  setChannel('guild');
}

// ---------------------------------------------------------------------------------------------
// Channels and the JSON toggle
// ---------------------------------------------------------------------------------------------

function setChannel(key: ChannelKey): void {
  channel = key;
  for (const k of ['guild', 'dm'] as const) {
    scrollers[k].hidden = k !== key;
    document.querySelector(`[data-channel="${k}"]`)?.classList.toggle('active', k === key);
  }
  input.placeholder =
    key === 'dm'
      ? `Message @${state?.bot.name ?? 'bot'} — a question, or / for commands`
      : `Message #${state?.guild.channelName ?? 'general'} — / for commands; plain text mentions @${state?.bot.name ?? 'bot'}`;
  scrollers[key].scrollTop = scrollers[key].scrollHeight;
  closeList();
  input.focus();
}

for (const b of document.querySelectorAll<HTMLElement>('[data-channel]')) {
  b.addEventListener('click', () => setChannel(b.dataset.channel === 'dm' ? 'dm' : 'guild'));
}
jsonToggle.addEventListener('change', () => document.body.classList.toggle('show-json', jsonToggle.checked));

// ---------------------------------------------------------------------------------------------
// The message box: command list, autocomplete, sending
// ---------------------------------------------------------------------------------------------

function showHint(text: string, error = false): void {
  hint.textContent = text;
  hint.classList.toggle('error', error);
}

function closeList(): void {
  items = [];
  active = -1;
  list.replaceChildren();
  list.hidden = true;
}

function showList(next: Item[], title: string): void {
  items = next;
  active = next.length > 0 ? 0 : -1;
  list.replaceChildren();
  if (next.length === 0) {
    list.hidden = true;
    return;
  }
  const head = document.createElement('li');
  head.className = 'list-title';
  head.textContent = title;
  list.appendChild(head);
  next.forEach((item, i) => {
    const li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.dataset.index = String(i);
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = item.label;
    li.appendChild(label);
    if (item.description) {
      const d = document.createElement('span');
      d.className = 'description';
      d.textContent = item.description;
      li.appendChild(d);
    }
    li.addEventListener('mousedown', (e) => {
      e.preventDefault();
      pick(i);
    });
    list.appendChild(li);
  });
  list.hidden = false;
  highlight();
}

function highlight(): void {
  for (const li of list.querySelectorAll<HTMLElement>('[role="option"]')) {
    li.classList.toggle('active', Number(li.dataset.index) === active);
    li.setAttribute('aria-selected', String(Number(li.dataset.index) === active));
  }
}

function pick(i: number): void {
  const item = items[i];
  if (!item) return;
  input.value = item.insert;
  picked = item.choice ?? null;
  closeList();
  input.focus();
  if (!item.choice) refresh();
}

function currentCommand(): ParsedCommand | null {
  const r = parseLine(input.value, commands());
  return r.kind === 'command' ? r.parsed : null;
}

/** Re-reads the line: command list, attachment picker, autocomplete request. */
function refresh(): void {
  const line = input.value;
  showHint('');
  const parsed = currentCommand();
  const needsFile = !!parsed?.attachmentOption;
  attach.hidden = !needsFile;
  if (!needsFile && fileInput.value) {
    fileInput.value = '';
    fileName.textContent = '';
  }
  if (picked && parsed?.textValue !== picked.name) picked = null;

  const suggestions = commandSuggestions(line, commands());
  if (suggestions.length > 0) {
    showList(suggestions, 'Commands');
    return;
  }
  if (parsed?.textOption?.autocomplete && !picked) {
    requestAutocomplete(parsed);
    return;
  }
  closeList();
  if (parsed) describe(parsed);
}

function describe(parsed: ParsedCommand): void {
  const opts = parsed.defs
    .filter((d) => d.type !== 1 && d.type !== 2)
    .map((d) => (d.required ? `<${d.name}>` : `[${d.name}]`))
    .join(' ');
  const name = `/${parsed.command.name}${parsed.subcommand ? ` ${parsed.subcommand.name}` : ''}`;
  showHint(`${name} ${opts} — ${parsed.subcommand?.description ?? parsed.command.description}`);
}

function requestAutocomplete(parsed: ParsedCommand): void {
  clearTimeout(autocompleteTimer);
  const seq = ++autocompleteSeq;
  autocompleteTimer = setTimeout(() => {
    const others: Record<string, string | number | boolean> = {};
    for (const o of parsed.options) if (o.name !== parsed.textOption!.name) others[o.name] = o.value;
    void post<AutocompleteResponse>('/api/autocomplete', {
      channel,
      name: parsed.command.name,
      ...(parsed.subcommand ? { subcommand: parsed.subcommand.name } : {}),
      focused: { name: parsed.textOption!.name, value: parsed.textValue },
      options: others,
    }).then((r) => {
      if (seq !== autocompleteSeq) return; // the line changed since
      if ('error' in r) {
        showHint(`Autocomplete: ${r.error}`, true);
        return;
      }
      const prefix = `/${parsed.command.name}${parsed.subcommand ? ` ${parsed.subcommand.name}` : ''} `;
      const option = parsed.textOption!.name;
      showList(
        r.choices.map((c) => ({
          label: c.name,
          description: '',
          insert: prefix + c.name,
          choice: { option, name: c.name, value: c.value },
        })),
        `${prefix.trim()} ${option}`,
      );
      if (r.choices.length === 0) describe(parsed);
    });
  }, 120);
}

input.addEventListener('input', () => {
  autocompleteSeq++;
  refresh();
});

input.addEventListener('keydown', (e) => {
  if (!list.hidden && items.length > 0) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      highlight();
      return;
    }
    if (e.key === 'Tab' || (e.key === 'Enter' && active >= 0)) {
      e.preventDefault();
      pick(active);
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      closeList();
      return;
    }
  }
  if (e.key === 'Enter') {
    e.preventDefault();
    void send();
  }
});

$('composer').addEventListener('submit', (e) => e.preventDefault());
input.addEventListener('blur', () => setTimeout(closeList, 150));

fileInput.addEventListener('change', () => {
  fileName.textContent = fileInput.files?.[0]?.name ?? '';
});

async function send(): Promise<void> {
  const line = input.value;
  const result = parseLine(line, commands());
  if (result.kind === 'error') return showHint(result.message, true);
  if (result.kind === 'message') {
    if (!result.text) return;
    input.value = '';
    closeList();
    const r = await post<ActionResponse>('/api/message', { channel, content: result.text });
    if ('error' in r) showHint(r.error, true);
    return;
  }
  const parsed = result.parsed;
  const file = fileInput.files?.[0];
  const missing = missingOptions(parsed, !!file);
  if (missing.length > 0) {
    return showHint(
      `/${parsed.command.name}${parsed.subcommand ? ` ${parsed.subcommand.name}` : ''} needs: ${missing.join(', ')}${parsed.attachmentOption && missing.includes(parsed.attachmentOption.name) ? ' (use Attach file)' : ''}`,
      true,
    );
  }
  const options = parsed.options.map((o) =>
    picked && o.name === picked.option && o.value === picked.name ? { ...o, value: picked.value } : o,
  );
  const attachments: Record<string, string> = {};
  if (file && parsed.attachmentOption) {
    showHint(`Uploading ${file.name}…`);
    try {
      const res = await fetch(`/api/upload?filename=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'content-type': file.type || 'application/octet-stream' },
        body: file,
      });
      const body = (await res.json()) as { id?: string; error?: string };
      if (!res.ok || !body.id) return showHint(body.error ?? `Upload failed (HTTP ${res.status})`, true);
      attachments[parsed.attachmentOption.name] = body.id;
    } catch (err) {
      return showHint(`Upload failed: ${String(err)}`, true);
    }
  }
  input.value = '';
  picked = null;
  fileInput.value = '';
  fileName.textContent = '';
  attach.hidden = true;
  closeList();
  showHint('');
  const sentIn = channel;
  const r = await post<ActionResponse>('/api/command', {
    channel: sentIn,
    name: parsed.command.name,
    ...(parsed.subcommand ? { subcommand: parsed.subcommand.name } : {}),
    options,
    attachments,
  });
  if ('error' in r) {
    const channelId = sentIn === 'dm' ? state?.dmChannelId : state?.guild.channelId;
    if (channelId) localNotice(channelId, r.error);
  }
}

void start();
