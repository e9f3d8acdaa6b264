/**
 * Role deduplication. "Kremlin spokesman" and "spokesman for the Kremlin" say the same thing, as do
 * "Defence Minister" and "defense minister": roles are keyed by their sorted content words, keys a
 * small edit distance apart are merged, and each merged role keeps its most frequent wording (the
 * longer one on ties) and every place it was stated.
 */
import type { Role } from './types.js';
import { editDistance } from '../edit-distance.js';
import { fold } from './names.js';

/** Role nouns that only mean something with their owner ("its head", "her counterpart"). */
const RELATIONAL = new Set(['head', 'counterpart', 'colleague', 'member']);

/** Forms of address: they say how to name someone, never what the person does. */
const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'madam', 'mx']);
const HONORIFIC_WORD = /[\p{L}]+/gu;

/** True when a role says nothing but an honorific: "Mr.", "Dr.", "Mrs". */
export function isHonorificOnly(text: string): boolean {
  const ws = fold(text).match(HONORIFIC_WORD) ?? [];
  return ws.length > 0 && ws.every((w) => HONORIFICS.has(w));
}

const FILLER = new Set([
  'a',
  'an',
  'the',
  'of',
  'for',
  'to',
  'its',
  'his',
  'her',
  'their',
  'our',
  'in',
  'at',
  'and',
]);

const POSSESSIVE_S = /['’]s\b/g;
const NON_ALPHANUMERIC_RUN = /[^\p{L}\p{N}]+/u;

function roleKey(text: string): string {
  return fold(text)
    .replace(POSSESSIVE_S, '')
    .split(NON_ALPHANUMERIC_RUN)
    .filter((w) => w && !FILLER.has(w))
    .sort()
    .join(' ');
}

interface Bucket {
  key: string;
  texts: Map<string, { count: number; first: Role }>;
  places: { articleId: string; paragraph: number }[];
}

const TRAILING_PUNCTUATION = /[,;:]+$/;

/** A role text as kept, and its key; `undefined` for one that says nothing alone. */
function cleanRole(raw: string): { text: string; key: string } | undefined {
  const text = raw.trim().replace(TRAILING_PUNCTUATION, '');
  if (isHonorificOnly(text)) return undefined; // "Mr. Reeves": a form of address, not a role
  // "its head", "his counterpart": a relation that needs its owner; alone it says nothing.
  if (RELATIONAL.has(fold(text))) return undefined;
  const key = roleKey(text);
  return key ? { text, key } : undefined;
}

/** The roles stated at each of `places` (an entity's mentions, in order), deduplicated. */
export function dedupeRoles(
  places: readonly { roles: readonly string[]; articleId: string; paragraph: number }[],
): Role[] {
  const buckets: Bucket[] = [];
  const byKey = new Map<string, Bucket>();
  // The same wording recurs: cleaned and keyed once.
  const cleaned = new Map<string, { text: string; key: string } | undefined>();
  for (const r of places) {
    for (const raw of r.roles) {
      let clean = cleaned.get(raw);
      if (clean === undefined && !cleaned.has(raw)) cleaned.set(raw, (clean = cleanRole(raw)));
      if (!clean) continue;
      addRole(clean.text, clean.key, r.articleId, r.paragraph);
    }
  }
  function addRole(text: string, key: string, articleId: string, paragraph: number): void {
    let b = byKey.get(key);
    if (!b) {
      // Near duplicates ("defence minister" / "defense minister"). Roles per entity are few; cap the scan.
      b = buckets
        .slice(0, 200)
        .find((x) => editDistance(x.key, key, 2) <= Math.min(2, Math.floor(key.length / 8)));
      if (!b) buckets.push((b = { key, texts: new Map(), places: [] }));
      byKey.set(key, b);
    }
    const lower = text.toLowerCase();
    const t = b.texts.get(lower);
    if (t) t.count++;
    else b.texts.set(lower, { count: 1, first: { text, articleId, paragraph } });
    if (!b.places.some((p) => p.articleId === articleId && p.paragraph === paragraph)) {
      b.places.push({ articleId, paragraph });
    }
  }
  return buckets.map((b) => {
    const best = [...b.texts.values()].sort(
      (x, y) => y.count - x.count || y.first.text.length - x.first.text.length,
    )[0]!;
    const alsoIn = b.places.filter(
      (p) => p.articleId !== best.first.articleId || p.paragraph !== best.first.paragraph,
    );
    return alsoIn.length ? { ...best.first, alsoIn } : best.first;
  });
}
