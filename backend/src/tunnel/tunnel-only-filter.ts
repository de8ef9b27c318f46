// Keeps the server's tunnel address reachable through its WireGuard interface only. Binding the
// clinical listener to that address is not enough: Linux accepts a packet for any of its addresses
// on any interface (the weak host model), so a host on the same link that routes the tunnel
// address at the cloud reached health and reflection over the plain link, and with a spoofed
// source equal to a device's tunnel address (the replies going back through WireGuard) got as far
// as a login. WireGuard itself vouches for a packet's source only when it came out of the tunnel.
//
// The server therefore owns an nftables table named after its interface, with one rule: a packet
// for the tunnel address that arrives on any other interface is dropped (and counted). Why nftables
// and not strict reverse-path filtering: rp_filter is decided by the interface a packet arrives on
// (the maximum of conf.all and conf.<that interface>), so setting it on the WireGuard interface
// does nothing for packets arriving on eth0; it would take a host-wide change to the uplink, and it
// still would let a packet with an honest source (the attacker's own address) reach the port. The
// rule below covers both, touches nothing else of the host, and goes when the tunnel goes.
//
// Packets the host sends to itself arrive on "lo" and are let through: the kernel never puts a
// packet received from a wire on lo, and a process on the cloud host (an operator's health probe)
// is inside the boundary this protects anyway.
import { ToolError, findTool, runTool } from '@renkei/wireguard';

interface TunnelOnlyFilterOptions {
  /** The WireGuard interface, already validated as [A-Za-z0-9_.-]{1,15}. */
  interfaceName: string;
  /** The server's own address in the tunnel (IPv4). */
  address: string;
}

const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * The table's name: nftables names allow letters, digits and '_' only, so '_', '-' and '.' of the
 * interface name are spelled out, one way each, and two interfaces never share a table (one
 * server stopping must not remove another's filter).
 */
export function filterTableName(interfaceName: string): string {
  return `renkei_${interfaceName.replace(/[_.-]/g, (c) => ({ _: '__', '-': '_h', '.': '_d' })[c]!)}`;
}

export class TunnelOnlyFilter {
  private constructor(
    readonly table: string,
    private readonly ruleset: string,
  ) {}

  /**
   * Installs the filter, replacing a table of the same name left by a crashed run. Throws, with
   * what to do, when nft is missing or the kernel refuses: the server must not serve the clinical
   * API unprotected.
   */
  static async install(options: TunnelOnlyFilterOptions): Promise<TunnelOnlyFilter> {
    if (!INTERFACE_NAME.test(options.interfaceName)) throw new Error(`invalid WireGuard interface name: ${JSON.stringify(options.interfaceName)}`);
    if (!IPV4.test(options.address)) throw new Error(`invalid tunnel address: ${JSON.stringify(options.address)}`);
    if (!findTool('nft')) {
      throw new Error(
        'nft is not installed: the server keeps its clinical port off every interface but WireGuard with an nftables rule. ' +
          'Install the Debian package nftables (apt-get install nftables) and start the server again.',
      );
    }
    const table = filterTableName(options.interfaceName);
    const filter = new TunnelOnlyFilter(
      table,
      `table inet ${table} { chain input { type filter hook input priority filter; policy accept; ` +
        `ip daddr ${options.address} iifname != { "${options.interfaceName}", "lo" } counter drop; }; }`,
    );
    await filter.apply();
    return filter;
  }

  /**
   * One nft command line is one transaction: declaring the table (a no-op when it exists), deleting
   * it and declaring it with its rule replace a stale table with no moment without the rule.
   */
  private async apply(): Promise<void> {
    try {
      await runTool('nft', [`table inet ${this.table}; delete table inet ${this.table}; ${this.ruleset}`]);
    } catch (error) {
      const detail = error instanceof ToolError ? error.stderr.trim() : String(error);
      throw new Error(
        `could not install the nftables table ${this.table} that keeps the clinical port off other interfaces (${detail}). ` +
          'The server needs CAP_NET_ADMIN and a kernel with nf_tables (CONFIG_NF_TABLES, CONFIG_NF_TABLES_INET).',
        { cause: error },
      );
    }
  }

  /** Whether the table is still there (a `nft flush ruleset`, as nftables.service runs on restart, removes it). */
  async present(): Promise<boolean> {
    try {
      await runTool('nft', ['list', 'table', 'inet', this.table]);
      return true;
    } catch {
      return false;
    }
  }

  /** Puts the table back if something removed it; says whether it had to. */
  async ensure(): Promise<boolean> {
    if (await this.present()) return false;
    await this.apply();
    return true;
  }

  async remove(): Promise<void> {
    try {
      await runTool('nft', ['delete', 'table', 'inet', this.table]);
    } catch (error) {
      if (await this.present()) throw error;
    }
  }
}
