// The rules a tunnel configuration must pass before the service stores it.
import { generateKeyPair } from '@renkei/wireguard';
import { describe, expect, it } from 'vitest';
import { validateTunnelConfig } from '../../src/tunnel-service/tunnel-config';
import { InvalidTunnelConfigError } from '../../src/tunnel-service/tunnel-errors';

const goodConfig = {
  deviceAddress: '10.77.0.2/32',
  serverPublicKey: generateKeyPair().publicKey,
  serverEndpoint: 'tunnel.renkei.example.jp:51820',
  allowedIps: ['10.77.0.1/32'],
  clinicalApiAddress: '10.77.0.1:7444',
  persistentKeepaliveSeconds: 25,
};

function violations(change: Partial<Record<keyof typeof goodConfig, unknown>>): { field: string; description: string }[] {
  try {
    validateTunnelConfig({ ...goodConfig, ...change });
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTunnelConfigError);
    return [...(error as InvalidTunnelConfigError).violations];
  }
  throw new Error(`accepted ${JSON.stringify(change)}`);
}

function refusedField(change: Partial<Record<keyof typeof goodConfig, unknown>>): string {
  const found = violations(change);
  expect(found).toHaveLength(1);
  return found[0]!.field;
}

describe('tunnel configuration validation', () => {
  it('accepts the configuration an approval carries, unchanged', () => {
    expect(validateTunnelConfig(goodConfig)).toEqual(goodConfig);
    expect(validateTunnelConfig({ ...goodConfig, persistentKeepaliveSeconds: 0, serverEndpoint: '203.0.113.7:443' })).toMatchObject({
      persistentKeepaliveSeconds: 0,
    });
    expect(validateTunnelConfig({ ...goodConfig, serverEndpoint: '[2001:db8::1]:51820' }).serverEndpoint).toBe('[2001:db8::1]:51820');
    expect(
      validateTunnelConfig({
        ...goodConfig,
        deviceAddress: '100.64.3.4/32',
        allowedIps: ['172.16.0.0/12', '100.64.0.0/10'],
        clinicalApiAddress: '172.20.1.1:7444',
      }),
    ).toBeTruthy();
  });

  it('names every field that is wrong and says why', () => {
    const error = (() => {
      try {
        validateTunnelConfig({ ...goodConfig, deviceAddress: '8.8.8.8/32', allowedIps: ['0.0.0.0/0'] });
      } catch (caught) {
        return caught as InvalidTunnelConfigError;
      }
      throw new Error('accepted');
    })();
    expect(error.message).toMatch(/device_address: must be inside 10\.0\.0\.0\/8/);
    expect(error.message).toMatch(/allowed_ips\[0\]: "0\.0\.0\.0\/0" is the default route/);
  });

  it('refuses a missing configuration', () => {
    expect(() => validateTunnelConfig(null)).toThrow(/config: is required/);
  });

  it.each([
    ['', 'missing'],
    ['10.77.0.2', 'no prefix length'],
    ['10.77.0.0/24', 'a network, not one address'],
    ['8.8.8.8/32', 'a public address'],
    ['172.32.0.1/32', 'just outside 172.16/12'],
    ['100.128.0.1/32', 'just outside 100.64/10'],
    ['10.077.0.2/32', 'a leading zero'],
    ['10.77.0.256/32', 'an octet beyond 255'],
    ['fd00::2/128', 'IPv6'],
  ])('refuses device_address %j (%s)', (deviceAddress) => {
    expect(refusedField({ deviceAddress })).toBe('device_address');
  });

  it.each([
    ['', 'missing'],
    ['not a key', 'not base64'],
    [Buffer.alloc(31).toString('base64'), '31 bytes'],
    [Buffer.alloc(33).toString('base64'), '33 bytes'],
  ])('refuses server_public_key %j (%s)', (serverPublicKey) => {
    expect(refusedField({ serverPublicKey })).toBe('server_public_key');
  });

  it.each([
    ['', 'missing'],
    ['tunnel.renkei.example.jp', 'no port'],
    ['tunnel.renkei.example.jp:0', 'port 0'],
    ['tunnel.renkei.example.jp:65536', 'port beyond 65535'],
    ['tunnel.renkei.example.jp:051820', 'port with a leading zero'],
    ['2001:db8::1:51820', 'IPv6 without brackets'],
    ['[not-ipv6]:51820', 'brackets around something else'],
    ['300.1.1.1:51820', 'a mistyped IPv4 address'],
    ['bad_host!.example:51820', 'not a DNS name'],
    ['-leading-dash.example:51820', 'a label starting with a dash'],
    [':51820', 'no host'],
  ])('refuses server_endpoint %j (%s)', (serverEndpoint) => {
    expect(refusedField({ serverEndpoint })).toBe('server_endpoint');
  });

  it('refuses a server_endpoint inside allowed_ips, which would route the tunnel into itself', () => {
    expect(violations({ serverEndpoint: '10.77.0.1:51820' })).toEqual([{ field: 'server_endpoint', description: expect.stringMatching(/routed into itself/) }]);
  });

  it('refuses an empty allowed_ips', () => {
    expect(refusedField({ allowedIps: [] })).toBe('allowed_ips');
  });

  it.each([
    ['0.0.0.0/0', 'the default route'],
    ['10.0.0.0/0', 'the default route written another way'],
    ['0.0.0.0/1', 'half of the split default route'],
    ['128.0.0.0/1', 'the other half'],
    ['8.8.8.0/24', 'a public network'],
    ['10.77.0.1/24', 'host bits set'],
    ['10.77.0.1', 'no prefix length'],
    ['10.77.0.0/33', 'prefix length beyond 32'],
  ])('refuses allowed_ips entry %j (%s) and says which entry', (network) => {
    expect(refusedField({ allowedIps: ['10.77.0.1/32', network] })).toBe('allowed_ips[1]');
  });

  it.each([
    ['', 'missing'],
    ['10.77.0.1', 'no port'],
    ['10.77.0.1:0', 'port 0'],
    ['api.renkei.example.jp:7444', 'a name instead of an address'],
    ['10.77.0.9:7444', 'outside allowed_ips'],
  ])('refuses clinical_api_address %j (%s)', (clinicalApiAddress) => {
    expect(refusedField({ clinicalApiAddress })).toBe('clinical_api_address');
  });

  it.each([
    [-1, 'negative'],
    [3601, 'beyond an hour'],
    [2.5, 'a fraction'],
    ['25', 'a string'],
  ] as [unknown, string][])('refuses persistent_keepalive_seconds %j (%s)', (persistentKeepaliveSeconds) => {
    expect(refusedField({ persistentKeepaliveSeconds })).toBe('persistent_keepalive_seconds');
  });

  it('accepts the keepalive bounds 0 and 3600', () => {
    expect(validateTunnelConfig({ ...goodConfig, persistentKeepaliveSeconds: 3600 }).persistentKeepaliveSeconds).toBe(3600);
  });
});
