// Just enough IPv4 arithmetic to judge a tunnel configuration. Parsing is strict (dotted quad, no
// leading zeros, canonical networks) because what passes here goes to `ip` and `wg` unchanged.
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

export interface Ipv4Network {
  address: number;
  prefixLength: number;
}

/** The address as an unsigned 32-bit number, or null if the text is not a dotted quad. */
export function parseIpv4(text: string): number | null {
  const match = DOTTED_QUAD.exec(text);
  if (!match) return null;
  return match.slice(1, 5).reduce((value, octet) => value * 256 + Number(octet), 0);
}

function mask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

export type CidrProblem = 'syntax' | 'host-bits';

/** "a.b.c.d/n" with no bits set beyond the prefix (what `ip route` accepts). */
export function parseIpv4Cidr(text: string): Ipv4Network | CidrProblem {
  const match = /^([^/]+)\/(3[0-2]|[12]?\d)$/.exec(text);
  const address = match ? parseIpv4(match[1]!) : null;
  if (!match || address === null) return 'syntax';
  const prefixLength = Number(match[2]);
  if ((address & ~mask(prefixLength)) >>> 0 !== 0) return 'host-bits';
  return { address, prefixLength };
}

export function networkContains(network: Ipv4Network, address: number): boolean {
  const m = mask(network.prefixLength);
  return (address & m) >>> 0 === network.address;
}

/** True when `inner` lies entirely inside `outer`. */
export function networkWithin(inner: Ipv4Network, outer: Ipv4Network): boolean {
  return inner.prefixLength >= outer.prefixLength && networkContains(outer, inner.address);
}

function network(text: string): Ipv4Network {
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === 'string') throw new Error(`bad built-in network ${text}`);
  return parsed;
}

/** RFC 1918 and the RFC 6598 shared space: where Renkei numbers its tunnel network. */
export const PRIVATE_NETWORKS: readonly Ipv4Network[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(network);

export const PRIVATE_NETWORKS_TEXT = '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10';

export function isPrivateNetwork(candidate: Ipv4Network): boolean {
  return PRIVATE_NETWORKS.some((range) => networkWithin(candidate, range));
}
