/**
 * The messages a shard process and its ShardingManager exchange over the process IPC channel (beside
 * discord.js's own `_ready`, `_eval`… messages, which never carry a `dossier` field).
 *
 *   shard X ──reload-others──▶ manager ──reload──▶ every other shard Y
 *   shard X ◀──reload-result── manager ◀─reloaded── each Y (or a timeout / "not running")
 *
 * The manager labels each answer with the id of the shard it came from, so a shard never has to
 * tell anyone who it is.
 */
import type { ShardState } from '../serve/engine.js';

export type { ShardState };

/** A shard rebuilt and saved the index: every other shard should adopt the saved file. */
interface ReloadOthers {
  dossier: 'reload-others';
  id: string;
}
/** The manager asks a shard to adopt the saved index file. */
interface Reload {
  dossier: 'reload';
  id: string;
}
/** A shard's answer to `reload`. */
export interface Reloaded {
  dossier: 'reloaded';
  id: string;
  state: Omit<ShardState, 'shard'>;
}
/** The manager's answer to `reload-others`: the state of every other shard. */
interface ReloadResult {
  dossier: 'reload-result';
  id: string;
  states: ShardState[];
}

export type ShardMessage = ReloadOthers | Reload | Reloaded | ReloadResult;

const KINDS = new Set<string>(['reload-others', 'reload', 'reloaded', 'reload-result']);

export function isShardMessage(message: unknown): message is ShardMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { dossier?: unknown; id?: unknown };
  return typeof m.dossier === 'string' && KINDS.has(m.dossier) && typeof m.id === 'string';
}

/** How long a shard may take to adopt the saved index (a stale file makes it rebuild, which is slow). */
export const RELOAD_TIMEOUT_MS = 5 * 60_000;
