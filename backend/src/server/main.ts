// renkei-server: runs the cloud until SIGTERM/SIGINT. SIGHUP (sent by renkei-admin after a device
// is approved or revoked) applies device changes to WireGuard at once.
import { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../cli/admin-context';
import { createLogger } from '../logger';
import { RenkeiServer } from './renkei-server';

export async function runServer(argv: string[]): Promise<void> {
  const options = new Command('renkei-server')
    .option('--data-dir <dir>', 'data directory (default: $RENKEI_DATA_DIR or ./.renkei/backend)')
    .parse(argv, { from: 'user' })
    .opts<{ dataDir?: string }>();
  const logger = createLogger('renkei-server');
  const server = await RenkeiServer.start({ dataDir: resolve(options.dataDir ?? process.env.RENKEI_DATA_DIR ?? DEFAULT_DATA_DIR), logger });
  process.on('SIGHUP', () => void server.reconcileTunnel());
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping');
      void server.stop().then(() => process.exit(0));
    });
  }
}
