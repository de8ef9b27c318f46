// `renkei-admin init`: creates a data directory with a fresh private CA, the server certificate,
// the cloud's WireGuard key, the configuration and the migrated database. Refuses to touch an
// existing one: a new CA would orphan every enrolled device's pin.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { generateKeyPair } from '@renkei/wireguard';
import { SecondFactorKey } from '../auth/second-factor-key';
import { dataDirectory, databaseLocation, serverConfigSchema, type DataDirectory, type ServerConfig, type ServerConfigInput } from '../config/server-config';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { createCertificateAuthority, issueServerCertificate } from '../pki/certificate-authority';
import { parseTunnelSubnet } from '../tunnel/tunnel-subnet';

export class AlreadyInitializedError extends Error {
  override name = 'AlreadyInitializedError';
}

function hostOf(hostPort: string): string {
  return hostPort.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
}

export async function initializeDataDirectory(
  root: string,
  input: ServerConfigInput,
  extraNames: string[] = [],
): Promise<{ dir: DataDirectory; config: ServerConfig }> {
  const dir = dataDirectory(root);
  if (existsSync(dir.configFile)) throw new AlreadyInitializedError(`${root} is already initialised (${dir.configFile} exists)`);
  const config = serverConfigSchema.parse(input);

  mkdirSync(root, { recursive: true, mode: 0o750 });
  mkdirSync(dir.secretsDir, { recursive: true, mode: 0o700 });
  mkdirSync(`${root}/tls`, { recursive: true, mode: 0o755 });

  // Every name and address a client may dial must be in the certificate.
  const names = new Set<string>(['localhost', '127.0.0.1', hostOf(config.enrollment.publicAddress), ...extraNames]);
  names.add(parseTunnelSubnet(config.tunnel.subnet).serverAddress);
  if (config.tunnel.mode === 'none') names.add(hostOf(config.tunnel.clinicalListen));
  names.delete('0.0.0.0');
  const ca = await createCertificateAuthority(config.regionName);
  const server = await issueServerCertificate(ca, {
    dnsNames: [...names].filter((n) => isIP(n) === 0),
    ipAddresses: [...names].filter((n) => isIP(n) !== 0),
  });
  writeFileSync(dir.caCertificate, ca.certificatePem, { mode: 0o644 });
  writeFileSync(dir.serverCertificate, server.certificatePem + ca.certificatePem, { mode: 0o644 });
  writeFileSync(dir.caKey, ca.privateKeyPem, { mode: 0o600 });
  writeFileSync(dir.serverKey, server.privateKeyPem, { mode: 0o600 });
  writeFileSync(dir.wireguardKey, `${generateKeyPair().privateKey}\n`, { mode: 0o600 });
  SecondFactorKey.loadOrCreate(dir.secondFactorKey);
  writeFileSync(dir.configFile, `${JSON.stringify(input, null, 2)}\n`, { mode: 0o600 });

  const database = openDatabase(databaseLocation(config, dir));
  try {
    await migrateToLatest(database);
  } finally {
    await database.close();
  }
  return { dir, config };
}
