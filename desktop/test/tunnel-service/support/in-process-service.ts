// The tunnel service assembled in the test process, as main.ts assembles it, with its log captured.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceKeyStore } from '../../../src/tunnel-service/device-key-store';
import { createServiceLog } from '../../../src/tunnel-service/service-log';
import { StateDirectory } from '../../../src/tunnel-service/state-directory';
import { TunnelConfigStore } from '../../../src/tunnel-service/tunnel-config-store';
import { TunnelController } from '../../../src/tunnel-service/tunnel-controller';
import { startTunnelServer, type TunnelServer } from '../../../src/tunnel-service/tunnel-server';

export interface ServicePaths {
  base: string;
  stateDir: string;
  socketPath: string;
}

export function servicePaths(): ServicePaths {
  const base = mkdtempSync(join(tmpdir(), 'rk-tunnel-svc-'));
  // Traversable, so that tests can try the socket as other users.
  chmodSync(base, 0o755);
  return { base, stateDir: join(base, 'state'), socketPath: join(base, 'run', 'tunnel.sock') };
}

export interface InProcessService {
  server: TunnelServer;
  controller: TunnelController;
  logLines: string[];
  events(): { event: string; [field: string]: unknown }[];
}

export async function startInProcessService(paths: ServicePaths, options: { group?: string; interfaceName?: string } = {}): Promise<InProcessService> {
  const logLines: string[] = [];
  const log = createServiceLog((line) => logLines.push(line));
  const directory = await StateDirectory.open(paths.stateDir);
  const controller = new TunnelController({
    // Never created by these tests (they do not connect); unique so start() cannot touch a real one.
    interfaceName: options.interfaceName ?? `rks${randomBytes(3).toString('hex')}`,
    keyStore: new DeviceKeyStore(directory),
    configStore: new TunnelConfigStore(directory),
    log,
  });
  await controller.start();
  const server = await startTunnelServer({
    socketPath: paths.socketPath,
    controller,
    group: options.group ?? 'renkei-test-no-such-group',
    log,
    shutdownGraceMs: 2000,
  });
  return {
    server,
    controller,
    logLines,
    events: () => logLines.map((line) => JSON.parse(line) as { event: string }),
  };
}
