/**
 * Carrying entity tables over a change (src/index/derived.ts, `Carry`): the two shapes the entity
 * tables are made of, made for the next index from the previous one's in time linear in their size,
 * with exactly the entries and order a build gives.
 *
 * Both are keyed by entity positions. A change keeps most entities as they were (the same objects):
 * their positions move, in the same order (`IndexChange.entityMoves`); the others ("fresh", new or
 * changed) are filed as a build would file them.
 */
import { CHUNK, inChunks, type Build } from '../index/derived.js';

/** Keys with their owners, flat: key i's owners are `owners[start[i]]` … `owners[start[i + 1] - 1]`. */
export interface Filed<K> {
  keys: K[];
  start: Int32Array;
  owners: Int32Array;
}

/** A carried `Filed`, with where each key was before (-1: a new key). */
export interface Carried<K> extends Filed<K> {
  from: Int32Array;
}

/**
 * Keys filed by a walk over the entities in position order, each entity giving its keys in order
 * (`keysOf`): a key's owners are the entities that give it (ascending, each once), and keys come in
 * the order the walk first meets them, that is by first owner, then by the key's place among that
 * owner's keys. `before` is the previous index's, `find` gives a key's place in it; the result is
 * what the walk over the next index's entities makes. `keysOf` is asked only about the fresh
 * entities and those that become a key's first owner.
 */
export function* carryFiled<K>(
  before: Filed<K>,
  find: (key: K) => number | undefined,
  moves: Int32Array,
  fresh: number[],
  keysOf: (pos: number) => Iterable<K>,
): Build<Carried<K>> {
  // The fresh entities' keys: those known before by place, the others by key.
  const more = new Map<number, number[]>();
  const unknown = new Map<K, number[]>();
  for (const p of fresh) {
    for (const k of keysOf(p)) {
      const at = find(k);
      const list = at === undefined ? unknown.get(k) : more.get(at);
      if (!list) {
        if (at === undefined) unknown.set(k, [p]);
        else more.set(at, [p]);
      } else if (list[list.length - 1] !== p) list.push(p);
    }
  }
  // Each key's first owner after the change (-1: none left), and whether it is the one it had.
  const n = before.keys.length;
  const first = new Int32Array(n).fill(-1);
  const stays = new Uint8Array(n);
  let total = 0;
  yield* inChunks(n, CHUNK * 8, (lo, hi) => {
    for (let i = lo; i < hi; i++) {
      const extra = more.size > 0 ? more.get(i) : undefined;
      let kept = 0;
      for (let j = before.start[i]!; j < before.start[i + 1]!; j++) {
        const to = moves[before.owners[j]!]!;
        if (to < 0) continue;
        // Owners are ascending and kept ones move in order: the first kept is the first met.
        if (kept++ === 0) first[i] = to;
      }
      if (extra && (kept === 0 || extra[0]! < first[i]!)) first[i] = extra[0]!;
      total += kept + (extra?.length ?? 0);
      stays[i] = kept > 0 && first[i] === moves[before.owners[before.start[i]!]!] ? 1 : 0;
    }
  });
  // Keys whose first owner stays keep their order; the others are placed again.
  const placed: { at: number; key: K; first: number }[] = [];
  for (let i = 0; i < n; i++)
    if (!stays[i] && first[i]! >= 0) placed.push({ at: i, key: before.keys[i]!, first: first[i]! });
  for (const [key, list] of unknown) {
    placed.push({ at: -1, key, first: list[0]! });
    total += list.length;
  }
  const places = new Map<number, Map<K, number>>();
  const placeOf = (p: number, k: K): number => {
    let m = places.get(p);
    if (!m) {
      places.set(p, (m = new Map()));
      for (const x of keysOf(p)) if (!m.has(x)) m.set(x, m.size);
    }
    return m.get(k)!;
  };
  const order = (fa: number, ka: K, fb: number, kb: K) => fa - fb || placeOf(fa, ka) - placeOf(fb, kb);
  placed.sort((a, b) => order(a.first, a.key, b.first, b.key));
  const keys: K[] = [];
  const from: number[] = [];
  const owners = new Int32Array(total);
  let w = 0;
  const put = (at: number, key: K, list: number[] | undefined) => {
    keys.push(key);
    from.push(at);
    let j = 0;
    if (at >= 0) {
      for (let o = before.start[at]!; o < before.start[at + 1]!; o++) {
        const to = moves[before.owners[o]!]!;
        if (to < 0) continue;
        while (list && j < list.length && list[j]! < to) owners[w++] = list[j++]!;
        owners[w++] = to;
      }
    }
    while (list && j < list.length) owners[w++] = list[j++]!;
  };
  const starts: number[] = [0];
  let i = 0;
  let k = 0;
  const skip = () => {
    while (i < n && !stays[i]) i++;
  };
  // The kept and placed keys merged, up to `limit` keys (a plain function: see `inChunks`).
  const mergeUpTo = (limit: number) => {
    while ((i < n || k < placed.length) && keys.length < limit) {
      const next = placed[k];
      if (i < n && (!next || order(first[i]!, before.keys[i]!, next.first, next.key) < 0)) {
        put(i, before.keys[i]!, more.get(i));
        i++;
        skip();
      } else {
        put(next!.at, next!.key, next!.at >= 0 ? more.get(next!.at) : unknown.get(next!.key));
        k++;
      }
      starts.push(w);
    }
  };
  skip();
  for (let limit = CHUNK * 8; i < n || k < placed.length; limit += CHUNK * 8) {
    mergeUpTo(limit);
    yield;
  }
  return { keys, start: Int32Array.from(starts), owners, from: Int32Array.from(from) };
}

/** Whether a carried `Filed` has every key of `before` (`count` keys) in its place, and no other. */
export function keptInPlace(carried: Carried<unknown>, count: number): boolean {
  const { from } = carried;
  if (from.length !== count) return false;
  for (let i = 0; i < from.length; i++) if (from[i] !== i) return false;
  return true;
}

/** `find` for `carryFiled` over a list of keys: a scan for the first few keys asked, then a map. */
export function finder<K>(keys: K[]): (key: K) => number | undefined {
  let asked = 0;
  let map: Map<K, number> | undefined;
  return (key) => {
    if (!map && ++asked > 32) map = new Map(keys.map((k, i) => [k, i]));
    if (map) return map.get(key);
    const i = keys.indexOf(key);
    return i < 0 ? undefined : i;
  };
}

/** Keys in code-unit order, ties by their entity's position. */
export interface SortedKeys {
  keys: string[];
  entity: Int32Array;
}

const byKey = (ka: string, ea: number, kb: string, eb: number): number =>
  ka < kb ? -1 : ka > kb ? 1 : ea - eb;

/**
 * Sorted keys after a change: the kept entities' keys where they were (their positions moved in
 * order, so their order holds), merged with the fresh entities' `added` keys.
 */
export function* carrySortedKeys(
  before: SortedKeys,
  moves: Int32Array,
  added: { key: string; entity: number }[],
): Build<SortedKeys> {
  added.sort((a, b) => byKey(a.key, a.entity, b.key, b.entity));
  const keys: string[] = [];
  const entity: number[] = [];
  let j = 0;
  const push = (key: string, e: number) => {
    keys.push(key);
    entity.push(e);
  };
  yield* inChunks(before.keys.length, CHUNK * 8, (lo, hi) => {
    for (let i = lo; i < hi; i++) {
      const to = moves[before.entity[i]!]!;
      if (to < 0) continue;
      const key = before.keys[i]!;
      for (; j < added.length && byKey(added[j]!.key, added[j]!.entity, key, to) < 0; j++)
        push(added[j]!.key, added[j]!.entity);
      push(key, to);
    }
  });
  for (; j < added.length; j++) push(added[j]!.key, added[j]!.entity);
  return { keys, entity: Int32Array.from(entity) };
}
