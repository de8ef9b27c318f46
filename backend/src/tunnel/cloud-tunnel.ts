// The cloud's end of the WireGuard tunnel. The backend owns one interface; its peers always follow
// the database: every approved device is a peer limited to its own /32, and nothing else is.
// Approve adds the peer, revoke removes it, on the next reconcile (at once when renkei-admin
// signals the server, and every few seconds regardless). Packets for the server's tunnel address
// are accepted from that interface only (tunnel-only-filter.ts): the filter comes and goes with it.
import { WireGuardLink, publicKeyOf } from '@renkei/wireguard';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Store } from '../db/database';
import { approvedDevices } from '../devices/devices';
import { TunnelOnlyFilter } from './tunnel-only-filter';
import type { TunnelSubnet } from './tunnel-subnet';

interface CloudTunnelOptions {
  interfaceName: string;
  subnet: TunnelSubnet;
  listenPort: number;
  privateKeyFile: string;
  implementation: 'auto' | 'kernel' | 'wireguard-go';
  logger: Logger;
}

export class CloudTunnel {
  private reconciling: Promise<void> = Promise.resolve();

  /** What devices put in their peer configuration. */
  readonly publicKey: string;

  private constructor(
    private readonly link: WireGuardLink,
    private readonly filter: TunnelOnlyFilter,
    private readonly options: CloudTunnelOptions,
  ) {
    this.publicKey = publicKeyOf(readFileSync(options.privateKeyFile, 'utf8').trim());
  }

  static async start(options: CloudTunnelOptions): Promise<CloudTunnel> {
    const link = await WireGuardLink.create({
      name: options.interfaceName,
      implementation: options.implementation,
      onUnexpectedExit: (detail) => options.logger.error({ detail }, 'cloud WireGuard interface lost'),
    });
    let filter: TunnelOnlyFilter | undefined;
    try {
      // Before the address exists on the host, so no packet for it is ever taken off the tunnel.
      filter = await TunnelOnlyFilter.install({ interfaceName: options.interfaceName, address: options.subnet.serverAddress });
      await link.setPrivateKey(options.privateKeyFile, options.listenPort);
      await link.addAddress(`${options.subnet.serverAddress}/${options.subnet.prefix}`);
      await link.up();
    } catch (error) {
      await link.delete().catch(() => undefined);
      await filter?.remove().catch(() => undefined);
      throw error;
    }
    options.logger.info(
      { interface: options.interfaceName, implementation: link.implementation, address: options.subnet.serverAddress, filter: filter.table },
      'cloud tunnel up',
    );
    return new CloudTunnel(link, filter, options);
  }

  /** Makes the interface's peers exactly the approved devices. Calls never overlap. */
  reconcile(store: Store): Promise<void> {
    this.reconciling = this.reconciling.catch(() => undefined).then(() => this.reconcileNow(store));
    return this.reconciling;
  }

  private async reconcileNow(store: Store): Promise<void> {
    // Restarting nftables.service (flush ruleset) or an operator's flush removes the table: put it
    // back within one reconcile, and say so, as the port was open off the tunnel meanwhile.
    if (await this.filter.ensure()) this.options.logger.error({ table: this.filter.table }, 'tunnel-only filter was removed by someone else; installed again');
    const wanted = new Map((await approvedDevices(store)).map((d) => [d.wireguard_public_key, `${d.tunnel_address}/32`]));
    const present = await this.link.peers();
    for (const peer of present) {
      const allowed = wanted.get(peer.publicKey);
      if (allowed === undefined) {
        await this.link.removePeer(peer.publicKey);
        this.options.logger.info({ peer: peer.publicKey }, 'tunnel peer removed');
      } else if (peer.allowedIps.join(',') !== allowed) {
        await this.link.setPeer({ publicKey: peer.publicKey, allowedIps: [allowed] });
      }
      wanted.delete(peer.publicKey);
    }
    for (const [publicKey, allowed] of wanted) {
      await this.link.setPeer({ publicKey, allowedIps: [allowed] });
      this.options.logger.info({ peer: publicKey, allowed }, 'tunnel peer added');
    }
  }

  async stop(): Promise<void> {
    await this.reconciling.catch(() => undefined);
    await this.link.delete();
    await this.filter.remove();
  }
}
