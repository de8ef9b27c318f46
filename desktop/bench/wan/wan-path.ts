// Puts a WAN line between the clinic and the cloud namespaces of a demo region: WireGuard's
// datagrams from the clinic to the server's WireGuard port are DNATed (nftables, in the clinic's
// namespace) to a relay (udp-delay-relay.ts) that delays and paces them and sends them on from a
// port of its own, which the rule leaves alone. Everything through the tunnel — iperf3's baseline
// included — then crosses the same line. Removed with the region's namespaces.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoRegion } from '../../region/demo-region';

export interface WanLine {
  name: string;
  /** Round-trip time added to the path, ms. */
  rttMs: number;
  /** Line rate in each direction, Mbit/s. */
  rateMbit: number;
}

export const WAN_LINES: Record<'fibre' | 'slow', WanLine> = {
  fibre: { name: 'clinic on fibre (20 ms RTT, 100 Mbit/s)', rttMs: 20, rateMbit: 100 },
  slow: { name: 'clinic on a slow line (40 ms RTT, 20 Mbit/s)', rttMs: 40, rateMbit: 20 },
};

const RELAY_IN_PORT = 40_001;
const RELAY_OUT_PORT = 40_002;

/** Diverts the clinic's WireGuard traffic through the line; call before the tunnel first comes up. */
export async function installWanLine(region: DemoRegion, line: WanLine): Promise<void> {
  const net = region.net;
  if (!net) throw new Error('a WAN line needs the network namespaces');
  const config = JSON.parse(readFileSync(join(region.dataDir, 'renkei.json'), 'utf8')) as { tunnel: { listenPort: number } };
  const wgPort = config.tunnel.listenPort;
  const table = `renkei_wan_${net.tag}`;
  const divert = `ip daddr ${net.cloudAddress} udp dport ${wgPort} udp sport != ${RELAY_OUT_PORT} dnat to ${net.clinicAddress}:${RELAY_IN_PORT}`;
  await net.runIn(net.clinic, 'nft', ['add', 'table', 'ip', table]);
  await net.runIn(net.clinic, 'nft', ['add', 'chain', 'ip', table, 'divert', '{ type nat hook output priority -100 ; }']);
  await net.runIn(net.clinic, 'nft', ['add', 'rule', 'ip', table, 'divert', ...divert.split(' ')]);
  const relay = net.spawnIn(
    net.clinic,
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./udp-delay-relay.ts', import.meta.url).pathname,
      '--listen',
      `${net.clinicAddress}:${RELAY_IN_PORT}`,
      '--out',
      `${net.clinicAddress}:${RELAY_OUT_PORT}`,
      '--upstream',
      `${net.cloudAddress}:${wgPort}`,
      '--delay-ms',
      String(line.rttMs / 2),
      '--rate-mbit',
      String(line.rateMbit),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await once(relay.stdout!, 'data');
}
