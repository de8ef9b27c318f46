// One clinical process of several (clinical-processes.ts forks it): the clinical API and its event
// hub on the region's PostgreSQL, listening on the same address and port as its siblings. The
// process that forked it owns the tunnel and enrollment; this one stops when told (SIGTERM/SIGINT).
import { FailureLimit } from '../access/failure-limit';
import { SecondFactorKey } from '../auth/second-factor-key';
import { RefusalAudit } from '../audit/refusal-audit';
import { databaseLocation, dataDirectory, loadServerConfig } from '../config/server-config';
import { openDatabase } from '../db/database';
import type { Logger } from '../logger';
import { systemClock } from '../time';
import { clinicalBinding, listenerCredentials, startClinicalListener } from './clinical-listener';
import { LOGIN_FAILURES, type ClinicalReady } from './clinical-processes';

export async function runClinicalProcess(dataDir: string, logger: Logger): Promise<void> {
  const dir = dataDirectory(dataDir);
  const config = loadServerConfig(dir);
  const location = databaseLocation(config, dir);
  const database = openDatabase(location, (error) =>
    logger.warn({ err: error }, 'an idle database connection was closed by the server; the pool will reconnect'),
  );
  const clock = systemClock;
  const refusals = new RefusalAudit(database, clock);
  const binding = clinicalBinding(config);
  const listener = await startClinicalListener({
    config,
    database,
    location,
    blobsDir: dir.blobsDir,
    credentials: listenerCredentials(dir),
    host: binding.host,
    port: binding.port,
    tunnel: binding.tunnel,
    refusals,
    loginFailures: new FailureLimit({
      failuresPerSource: config.auth.sourceFailureLimit,
      windowMinutes: config.auth.lockoutMinutes,
      sharedAs: LOGIN_FAILURES,
    }),
    secondFactorKey: SecondFactorKey.load(dir.secondFactorKey),
    clock,
    logger,
  });
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void (async () => {
        await listener.stop();
        await refusals.stop().catch((error: unknown) => logger.error({ err: error }, 'could not record the last refusal counts'));
        await database.close();
        process.exit(0);
      })();
    });
  }
  const ready: ClinicalReady = { kind: 'clinical-ready', port: listener.port };
  process.send!(ready);
}
