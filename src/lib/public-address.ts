import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from './errors.js';

/*
 * Guards for connections to URLs users give us (image imports, webhook endpoints): only public internet
 * hosts, checked after DNS resolution, and connected to at the checked address.
 */

export type AddressClass = 'public' | 'loopback' | 'internal';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');

/** IPv4 ranges that are not the public internet (RFC 6890 special-purpose, private, CGNAT, multicast…). */
const internalV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internalV4.addSubnet(network, prefix, 'ipv4');
}

/** Inside 2000::/3 (global unicast), ranges that are still not a public host of their own. */
const internalGlobalV6 = new BlockList();
for (const [network, prefix] of [
  ['2001::', 32], // Teredo: tunnels to an address we cannot check
  ['2001:2::', 48], // benchmarking
  ['2001:10::', 28], // ORCHID
  ['2001:20::', 28], // ORCHIDv2
  ['2001:db8::', 32], // documentation
] as const) {
  internalGlobalV6.addSubnet(network, prefix, 'ipv6');
}
const globalUnicastV6 = new BlockList();
globalUnicastV6.addSubnet('2000::', 3, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (which may end in a dotted IPv4 quad). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = quad[1].split('.').map(Number);
    text = `${text.slice(0, -quad[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const v4From = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/** An IPv4 address an IPv6 address carries and would reach: mapped, compatible, NAT64 or 6to4. */
function embeddedIpv4(groups: number[]): string | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const zeroTo = (n: number) => groups.slice(0, n).every((group) => group === 0);
  if (zeroTo(5) && g5 === 0xffff) return v4From(g6, g7); // ::ffff:a.b.c.d
  if (zeroTo(6) && (g6 !== 0 || g7 > 1)) return v4From(g6, g7); // ::a.b.c.d (deprecated "compatible")
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return v4From(g6, g7);
  if (g0 === 0x2002) return v4From(g1, g2); // 6to4
  return null;
}

/** Whether an IP address is on the public internet, the loopback interface, or anything else. */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 4) {
    if (loopback.check(address, 'ipv4')) return 'loopback';
    return internalV4.check(address, 'ipv4') ? 'internal' : 'public';
  }
  if (family !== 6) return 'internal';
  const groups = ipv6Groups(address);
  if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1) return 'loopback';
  const v4 = embeddedIpv4(groups);
  if (v4 !== null) return classifyAddress(v4) === 'public' ? 'public' : 'internal';
  const canonical = groups.map((group) => group.toString(16)).join(':');
  if (!globalUnicastV6.check(canonical, 'ipv6')) return 'internal'; // ::, fe80::/10, fc00::/7, ff00::/8…
  return internalGlobalV6.check(canonical, 'ipv6') ? 'internal' : 'public';
}

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

const refused = (message: string) => new AppError('fetch_refused', message);

/**
 * Resolves a URL's host and checks every address it resolves to. The caller then connects to the
 * returned address (not to the name again), so a second DNS answer cannot swap in an internal address.
 */
export async function resolvePublicTarget(
  url: URL,
  policy: { allowLoopback: boolean },
): Promise<ResolvedTarget> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refused(`Only http and https URLs are allowed, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) throw refused('URLs with a user name or password are not allowed');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new AppError('fetch_failed', `The host ${host} could not be found`);
    }
  }
  const allowed = (address: string) => {
    const kind = classifyAddress(address);
    return kind === 'public' || (kind === 'loopback' && policy.allowLoopback);
  };
  const first = addresses[0];
  if (!first || !addresses.every((entry) => allowed(entry.address))) {
    throw refused(`${host} leads to a private or internal network address; only public hosts are allowed`);
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A lookup that answers with the address already checked, whatever the name (no second DNS query). */
export const pinnedLookup =
  (target: ResolvedTarget): LookupFunction =>
  (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
