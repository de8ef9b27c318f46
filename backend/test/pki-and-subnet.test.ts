import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueServerCertificate } from '../src/pki/certificate-authority';
import { parseTunnelSubnet } from '../src/tunnel/tunnel-subnet';

describe('private CA', () => {
  it('issues a server certificate that chains to it and names every address', async () => {
    const ca = await createCertificateAuthority('宮崎市');
    const server = await issueServerCertificate(ca, { dnsNames: ['renkei.example.jp', 'localhost'], ipAddresses: ['10.77.0.1', '127.0.0.1'] });
    const caCert = new X509Certificate(ca.certificatePem);
    const leaf = new X509Certificate(server.certificatePem);
    expect(caCert.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(caCert)).toBe(true);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
    expect(leaf.checkHost('renkei.example.jp')).toBe('renkei.example.jp');
    expect(leaf.checkIP('10.77.0.1')).toBe('10.77.0.1');
    expect(leaf.checkIP('10.77.0.2')).toBeUndefined();
    expect(ca.certificatePem.endsWith('\n')).toBe(true);
  });
});

describe('tunnel subnet', () => {
  it('gives the server the first address and devices the following ones', () => {
    const subnet = parseTunnelSubnet('10.77.0.0/16');
    expect(subnet.serverAddress).toBe('10.77.0.1');
    expect(subnet.address(2)).toBe('10.77.0.2');
    expect(subnet.address(256)).toBe('10.77.1.0');
    expect(subnet.maxHost).toBe(65534);
    expect(() => subnet.address(65535)).toThrow();
    expect(subnet.contains('10.77.200.3')).toBe(true);
    expect(subnet.contains('192.0.2.2')).toBe(false);
    expect(subnet.contains('not-an-ip')).toBe(false);
    expect(parseTunnelSubnet('192.168.5.77/24').cidr).toBe('192.168.5.0/24');
  });
});
