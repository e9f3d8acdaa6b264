/**
 * Which IP addresses the bot may fetch a page from. Public unicast only; `allowPrivate` (the
 * ALLOW_PRIVATE_URLS setting, for tests and closed networks) also lets loopback and private-use
 * ranges through, but never link-local (cloud metadata lives at 169.254.169.254), unspecified,
 * multicast, broadcast or reserved ones. IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64,
 * 6to4) are judged by the address they carry. The ranges come from ipaddr.js, which tracks IANA's
 * special-purpose registries.
 */
import ipaddr from 'ipaddr.js';

/** What each refused range is called in a message. */
const RANGE_WORDS: Record<string, string> = {
  loopback: 'loopback',
  private: 'private-use',
  uniqueLocal: 'unique-local',
  carrierGradeNat: 'shared (carrier-grade NAT)',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

/** The ranges `allowPrivate` lets through: a closed network's own addresses (Tailscale uses 100.64/10). */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** IPv6 ranges whose last 32 bits are an IPv4 address (IPv4-mapped, SIIT, NAT64 well-known prefix). */
const LOW_32_EMBEDDING = new Set(['ipv4Mapped', 'rfc6145']);

/** IPv6 global unicast, 2000::/3: anything outside it (and not carrying IPv4) is not on the internet. */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * Why `ip` may not be fetched, as the words that follow "a" or "an" ("loopback", "link-local", …),
 * or null when it may. A string that is not an IP address is refused as "invalid".
 */
export function addressRefusal(ip: string, allowPrivate: boolean): string | null {
  if (!ipaddr.isValid(ip)) return 'invalid';
  const range = classify(ipaddr.parse(ip));
  if (range === 'unicast') return null;
  if (allowPrivate && PRIVATE_RANGES.has(range)) return null;
  return RANGE_WORDS[range] ?? 'reserved';
}

/** ipaddr's range name, with IPv6 forms that carry an IPv4 address judged by that address. */
function classify(addr: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (addr.kind() === 'ipv4') return addr.range();
  const v6 = addr as ipaddr.IPv6;
  const range = v6.range();
  if (LOW_32_EMBEDDING.has(range) || v6.match(NAT64_WELL_KNOWN)) return embeddedRange(v6.parts, 6);
  if (range === '6to4') return embeddedRange(v6.parts, 1);
  if (range === 'unicast' && !v6.match(GLOBAL_UNICAST)) return 'reserved';
  return range;
}

/** The range of the IPv4 address held in the two 16-bit `parts` starting at `at`. */
function embeddedRange(parts: number[], at: number): string {
  const hi = parts[at] ?? 0;
  const lo = parts[at + 1] ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]).range();
}

/** One textual form per address, so a socket's remote address can be compared with a checked one. */
export function sameAddress(a: string, b: string): boolean {
  if (!ipaddr.isValid(a) || !ipaddr.isValid(b)) return false;
  const norm = (s: string) => ipaddr.process(s).toNormalizedString();
  return norm(a) === norm(b);
}
