// renkei-server: runs the cloud until SIGTERM/SIGINT. SIGHUP (sent by renkei-admin after a device
// is approved or revoked) applies device changes to WireGuard at once. Started again by node:cluster
// (renkei.json `clinicalProcesses` > 1), the same command runs one of the clinical processes.
import cluster from 'node:cluster';
import { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../cli/admin-context';
import { createLogger } from '../logger';
import { runClinicalProcess } from './clinical-process';
import { RenkeiServer } from './renkei-server';

export async function runServer(argv: string[]): Promise<void> {
  const options = new Command('renkei-server')
    .option('--data-dir <dir>', 'data directory (default: $RENKEI_DATA_DIR or ./.renkei/backend)')
    .parse(argv, { from: 'user' })
    .opts<{ dataDir?: string }>();
  const dataDir = resolve(options.dataDir ?? process.env.RENKEI_DATA_DIR ?? DEFAULT_DATA_DIR);
  if (cluster.isWorker) return runClinicalProcess(dataDir, createLogger('renkei-clinical'));
  const logger = createLogger('renkei-server');
  const server = await RenkeiServer.start({ dataDir, logger });
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
