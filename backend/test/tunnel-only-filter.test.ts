// The tunnel-only filter's names and inputs. Installing it for real, and what it drops, is tried
// from network namespaces against the running server: desktop/test/system/tunnel-only.system.test.ts.
import { describe, expect, it } from 'vitest';
import { TunnelOnlyFilter, filterTableName } from '../src/tunnel/tunnel-only-filter';

describe('tunnel-only filter', () => {
  it('names its table after the interface, a valid nftables name that no other interface shares', () => {
    const names = ['wg0', 'wg_0', 'wg-0', 'wg.0', 'wg__0', 'wg_h0', 'wg_d0', 'rkc1a2b3c'].map(filterTableName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^renkei_[A-Za-z0-9_]+$/);
    expect(filterTableName('rkc1a2b3c')).toBe('renkei_rkc1a2b3c');
  });

  it('refuses an interface name or address that could carry nftables syntax, before running nft', async () => {
    await expect(TunnelOnlyFilter.install({ interfaceName: 'wg0"; flush', address: '10.0.0.1' })).rejects.toThrow(/invalid WireGuard interface name/);
    await expect(TunnelOnlyFilter.install({ interfaceName: 'wg0', address: '10.0.0.1; flush ruleset' })).rejects.toThrow(/invalid tunnel address/);
    await expect(TunnelOnlyFilter.install({ interfaceName: 'wg0', address: '10.0.0.256' })).rejects.toThrow(/invalid tunnel address/);
  });
});
