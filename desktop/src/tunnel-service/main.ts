// The privileged tunnel service of a clinic PC, run as root by the init system:
//   node --import tsx desktop/src/tunnel-service/main.ts --socket /run/renkei/tunnel.sock \
//     --state-dir /var/lib/renkei-tunnel --interface renkei0 [--group renkei] [--poll-ms 1000]
import { parseArgs } from 'node:util';
import { DeviceKeyStore } from './device-key-store';
import { createServiceLog } from './service-log';
import { StateDirectory } from './state-directory';
import { TunnelConfigStore } from './tunnel-config-store';
import { TunnelController } from './tunnel-controller';
import { startTunnelServer } from './tunnel-server';

const log = createServiceLog();

function options() {
  const { values } = parseArgs({
    options: {
      socket: { type: 'string', default: '/run/renkei/tunnel.sock' },
      'state-dir': { type: 'string', default: '/var/lib/renkei-tunnel' },
      interface: { type: 'string', default: 'renkei0' },
      group: { type: 'string', default: 'renkei' },
      'poll-ms': { type: 'string', default: '1000' },
    },
    strict: true,
    allowPositionals: false,
  });
  const pollMs = Number(values['poll-ms']);
  if (!Number.isInteger(pollMs) || pollMs < 50 || pollMs > 60_000) throw new Error(`--poll-ms must be 50..60000, not ${values['poll-ms']}`);
  return { socket: values.socket, stateDir: values['state-dir'], interfaceName: values.interface, group: values.group, pollMs };
}

async function main(): Promise<void> {
  const settings = options();
  if (process.getuid?.() !== 0) log.warn('not_root', { consequence: 'creating the WireGuard interface will fail' });
  const directory = await StateDirectory.open(settings.stateDir);
  const controller = new TunnelController({
    interfaceName: settings.interfaceName,
    keyStore: new DeviceKeyStore(directory),
    configStore: new TunnelConfigStore(directory),
    pollIntervalMs: settings.pollMs,
    log,
  });
  const initial = await controller.start();
  const server = await startTunnelServer({ socketPath: settings.socket, controller, group: settings.group, log });
  log.info('started', { pid: process.pid, interface: settings.interfaceName, stateDir: settings.stateDir, phase: initial.phase });

  const shutdown = (signal: NodeJS.Signals) => {
    log.info('stopping', { signal });
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('stop_failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

process.on('uncaughtException', (error) => {
  log.error('crashed', { error, stack: error.stack });
  process.exit(1);
});

main().catch((error: unknown) => {
  log.error('start_failed', { error });
  process.exit(1);
});
