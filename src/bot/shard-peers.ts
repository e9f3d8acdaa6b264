/**
 * A shard's view of the other shards, over the IPC channel to its ShardingManager: after this shard
 * rebuilt (and saved) the index, `reloadOthers` has the manager ask every other shard to adopt the
 * saved file; and when another shard rebuilt, this one answers the manager's `reload` by adopting it.
 * Passed explicitly to the engine (never hung on the discord.js client).
 */
import { randomBytes } from 'node:crypto';
import type { ShardPeers } from '../serve/engine.js';
import type { IndexStore } from '../serve/store.js';
import type { Logger } from '../log.js';
import { errorFields } from './logsafe.js';
import { RELOAD_TIMEOUT_MS, isShardMessage, type ShardMessage, type ShardState } from './shard-protocol.js';

/** A message channel to the manager: in a shard process, the process IPC channel (see `processChannel`). */
export interface IpcChannel {
  send(message: ShardMessage): Promise<void>;
  onMessage(listener: (message: unknown) => void): () => void;
}

export interface ShardPeersHandle extends ShardPeers {
  /** Starts answering the manager's `reload` with this store (requests that came earlier wait for it). */
  serve(store: IndexStore): void;
  /** Stops listening. */
  close(): void;
}

export function createShardPeers(opts: {
  channel: IpcChannel;
  ids: number[];
  count: number;
  log: Logger;
  timeoutMs?: number;
}): ShardPeersHandle {
  const { channel, log } = opts;
  const timeoutMs = opts.timeoutMs ?? RELOAD_TIMEOUT_MS;
  const pending = new Map<string, (states: ShardState[]) => void>();
  let resolveStore!: (store: IndexStore) => void;
  const storeReady = new Promise<IndexStore>((resolve) => (resolveStore = resolve));

  async function answerReload(id: string): Promise<void> {
    const store = await storeReady;
    let state: Omit<ShardState, 'shard'>;
    try {
      const report = await store.reload();
      state = { ok: true, action: 'reloaded', version: report.version, paragraphs: report.paragraphsAfter };
      log.info({ version: report.version, paragraphs: report.paragraphsAfter }, 'adopted the saved index');
    } catch (err) {
      log.error({ err: errorFields(err) }, 'could not adopt the saved index');
      state = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    await channel.send({ dossier: 'reloaded', id, state });
  }

  const stop = channel.onMessage((message) => {
    if (!isShardMessage(message)) return;
    if (message.dossier === 'reload') {
      answerReload(message.id).catch((err: unknown) =>
        log.error({ err: errorFields(err) }, 'could not answer the manager'),
      );
    } else if (message.dossier === 'reload-result') {
      pending.get(message.id)?.(message.states);
    }
  });

  return {
    ids: opts.ids,
    count: opts.count,
    serve: (store) => resolveStore(store),
    close: () => stop(),
    async reloadOthers() {
      const id = randomBytes(8).toString('hex');
      let timer: NodeJS.Timeout | undefined;
      const result = new Promise<ShardState[]>((resolve, reject) => {
        timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`the shard manager did not answer within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        pending.set(id, (states) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(states);
        });
      });
      try {
        await channel.send({ dossier: 'reload-others', id });
      } catch (err) {
        clearTimeout(timer);
        pending.delete(id);
        throw err;
      }
      return result;
    },
  };
}

/** The IPC channel of a process forked by the ShardingManager (mode 'process'). */
export function processChannel(proc: NodeJS.Process = process): IpcChannel {
  const send = proc.send?.bind(proc);
  if (!send) throw new Error('this process has no IPC channel: it was not started by a ShardingManager');
  return {
    send: (message) =>
      new Promise<void>((resolve, reject) => {
        send(message, undefined, undefined, (err: Error | null) => (err ? reject(err) : resolve()));
      }),
    onMessage(listener) {
      proc.on('message', listener);
      return () => proc.off('message', listener);
    },
  };
}
