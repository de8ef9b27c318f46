// The Renkei cloud: the stock record behind two TLS gRPC listeners.
//   - the enrollment listener (public): EnrollmentService only;
//   - the clinical listener (clinical-listener.ts), bound to the WireGuard interface's address so
//     nothing clinical is reachable off the tunnel: in this process, or in several clinical
//     processes this one forks (clinical-processes.ts, renkei.json `clinicalProcesses`).
// Both serve grpc.health.v1 and reflection. The WireGuard peers follow the approved devices.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { caPinOf, loadApi, loadForReflection } from '@renkei/proto';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { SecondFactorKey } from '../auth/second-factor-key';
import { ConfigError, databaseLocation, dataDirectory, loadServerConfig, type ServerConfig } from '../config/server-config';
import { openDatabase, type RenkeiDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import type { ClinicalRoute } from '../devices/device-status';
import { createLogger, type Logger } from '../logger';
import { RefusalAudit } from '../audit/refusal-audit';
import { FailureLimit } from '../access/failure-limit';
import { certificateDer } from '../pki/certificate-authority';
import { implementService } from '../rpc/dispatcher';
import { SERVER_OPTIONS, addHealthAndReflection, bind, shutdown } from '../rpc/grpc-listeners';
import { enrollmentService } from '../rpc/services/enrollment-service';
import { BlobStore } from '../documents/blob-store';
import type { EventHub } from '../timeline/event-hub';
import { pruneTimeline, type Pruned, type PruningOptions } from '../timeline/pruning';
import { systemClock, type Clock } from '../time';
import { CloudTunnel } from '../tunnel/cloud-tunnel';
import { parseTunnelSubnet } from '../tunnel/tunnel-subnet';
import { clinicalBinding, listenerCredentials, startClinicalListener, type ClinicalListener, type TimelineTiming } from './clinical-listener';
import { ClinicalProcesses } from './clinical-processes';

export interface RenkeiServerOptions {
  dataDir: string;
  logger?: Logger;
  clock?: Clock;
  /** How often WireGuard peers are checked against the database besides on signal. */
  reconcileIntervalMs?: number;
  /** The live timeline streams' timing (tests shorten it; a single process only). */
  timeline?: TimelineTiming;
}

const ENROLLMENT_SERVICES = ['renkei.v1.EnrollmentService'];

function hostOf(hostPort: string): string {
  return hostPort.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
}

export class RenkeiServer {
  private reconcileTimer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;

  private constructor(
    readonly config: ServerConfig,
    readonly database: RenkeiDatabase,
    private readonly enrollmentServer: grpc.Server,
    /** Served here, or by the clinical processes. */
    private readonly clinical: ClinicalListener | ClinicalProcesses,
    readonly enrollmentPort: number,
    /** host:port of the clinical API as devices dial it. */
    readonly clinicalAddress: string,
    private readonly tunnel: CloudTunnel | undefined,
    private readonly pidFile: string,
    private readonly logger: Logger,
    private readonly refusals: RefusalAudit,
    private readonly pruning: PruningOptions,
    private readonly clock: Clock,
  ) {}

  /** Wakes the live timeline streams of this process (undefined when clinical processes serve them). */
  get timelineHub(): EventHub | undefined {
    return this.clinical instanceof ClinicalProcesses ? undefined : this.clinical.hub;
  }

  /** The clinical processes' ids, when they serve the clinical API (else empty). */
  get clinicalProcessIds(): number[] {
    return this.clinical instanceof ClinicalProcesses ? this.clinical.pids : [];
  }

  static async start(options: RenkeiServerOptions): Promise<RenkeiServer> {
    const logger = options.logger ?? createLogger('renkei-server');
    const clock = options.clock ?? systemClock;
    const dir = dataDirectory(options.dataDir);
    const config = loadServerConfig(dir);
    const location = databaseLocation(config, dir);
    if (config.clinicalProcesses > 1 && location.engine !== 'postgres') {
      throw new ConfigError(`clinicalProcesses ${config.clinicalProcesses} needs PostgreSQL (databaseUrl): processes cannot share the embedded SQLite file`);
    }
    const database = openDatabase(location, (error) =>
      logger.warn({ err: error }, 'an idle database connection was closed by the server; the pool will reconnect'),
    );
    const cleanups: (() => Promise<unknown>)[] = [() => database.close()];
    try {
      const applied = await migrateToLatest(database);
      if (applied.length > 0) logger.info({ applied }, 'database migrated');

      const credentials = listenerCredentials(dir);
      // Made here on a data directory from before two-factor login, before any clinical process reads it.
      const secondFactorKey = SecondFactorKey.loadOrCreate(dir.secondFactorKey);
      const caPin = caPinOf(certificateDer(readFileSync(dir.caCertificate, 'utf8')));
      const subnet = parseTunnelSubnet(config.tunnel.subnet);

      let tunnel: CloudTunnel | undefined;
      if (config.tunnel.mode === 'wireguard') {
        tunnel = await CloudTunnel.start({
          interfaceName: config.tunnel.interface,
          subnet,
          listenPort: config.tunnel.listenPort,
          privateKeyFile: dir.wireguardKey,
          implementation: config.tunnel.implementation,
          logger,
        });
        cleanups.unshift(() => tunnel!.stop());
        await tunnel.reconcile(database);
      } else {
        logger.warn('tunnel mode "none": the clinical API is served without WireGuard (demo and tests only)');
      }

      const refusals = new RefusalAudit(database, clock);
      cleanups.unshift(() => refusals.stop());
      const binding = clinicalBinding(config);
      // The tunnel's address exists now: the clinical processes can listen on it.
      const clinical =
        config.clinicalProcesses > 1
          ? await ClinicalProcesses.start(config.clinicalProcesses, logger)
          : await startClinicalListener({
              config,
              database,
              location,
              blobsDir: dir.blobsDir,
              credentials,
              ...binding,
              refusals,
              loginFailures: new FailureLimit({ failuresPerSource: config.auth.sourceFailureLimit, windowMinutes: config.auth.lockoutMinutes }),
              secondFactorKey,
              clock,
              logger,
              ...(options.timeline && { timeline: options.timeline }),
            });
      cleanups.unshift(() => clinical.stop());
      const clinicalPort = clinical.port;
      const advertisedHost = binding.host === '0.0.0.0' || binding.host === '::' ? hostOf(config.enrollment.publicAddress) : binding.host;
      const clinicalAddress = `${advertisedHost}:${clinicalPort}`;

      const route = (): ClinicalRoute =>
        tunnel && config.tunnel.mode === 'wireguard'
          ? { kind: 'tunnel', subnet, serverPublicKey: tunnel.publicKey, endpoint: config.tunnel.endpoint, clinicalPort }
          : { kind: 'untunneled', address: clinicalAddress };
      const v1 = loadApi().grpcObject.renkei.v1;
      const enrollmentServer = new grpc.Server(SERVER_OPTIONS);
      enrollmentServer.addService(
        v1.EnrollmentService.service,
        implementService(
          v1.EnrollmentService.service,
          enrollmentService({ caPin, subnet, route, failures: new FailureLimit({ failuresPerSource: config.enrollmentFailureLimit, windowMinutes: 15 }) }),
          { store: database, clock, logger, refusals },
        ),
      );
      addHealthAndReflection(enrollmentServer, loadForReflection([healthProtoPath]), ENROLLMENT_SERVICES);
      const enrollmentPort = await bind(enrollmentServer, config.enrollment.listen, credentials);

      writeFileSync(dir.pidFile, `${process.pid}\n`);
      const pruning = { store: database, blobs: await BlobStore.open(dir.blobsDir), logger, eventRetentionDays: config.timeline.eventRetentionDays };
      const server = new RenkeiServer(
        config,
        database,
        enrollmentServer,
        clinical,
        enrollmentPort,
        clinicalAddress,
        tunnel,
        dir.pidFile,
        logger,
        refusals,
        pruning,
        clock,
      );
      // This process prunes for the region (its clinical processes, if any, do not).
      server.pruneTimer = setInterval(() => void server.prune(), config.timeline.pruneIntervalMinutes * 60_000);
      server.pruneTimer.unref();
      if (tunnel) {
        server.reconcileTimer = setInterval(() => void server.reconcileTunnel(), options.reconcileIntervalMs ?? 5000);
        server.reconcileTimer.unref();
      }
      logger.info(
        { enrollmentPort, clinicalAddress, engine: database.engine, tunnel: config.tunnel.mode, clinicalProcesses: config.clinicalProcesses },
        'Renkei server ready',
      );
      return server;
    } catch (error) {
      for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      throw error;
    }
  }

  /** Brings WireGuard peers in line with the approved devices now (renkei-admin sends SIGHUP). */
  async reconcileTunnel(): Promise<void> {
    if (!this.tunnel) return;
    try {
      await this.tunnel.reconcile(this.database);
    } catch (error) {
      this.logger.error({ err: error }, 'tunnel reconcile failed');
    }
  }

  /**
   * The periodic maintenance (every timeline.pruneIntervalMinutes; tests call it): prunes the
   * timeline's event log beyond the retention and abandoned uploads. Undefined when it failed (logged; the next run tries again).
   */
  async prune(): Promise<Pruned | undefined> {
    try {
      return await pruneTimeline(this.pruning, this.clock.now());
    } catch (error) {
      this.logger.error({ err: error }, 'timeline pruning failed');
      return undefined;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.reconcileTimer);
    clearInterval(this.pruneTimer);
    await Promise.all([shutdown(this.enrollmentServer), this.clinical.stop()]);
    await this.refusals.stop().catch((error: unknown) => this.logger.error({ err: error }, 'could not record the last refusal counts'));
    await this.tunnel?.stop().catch((error: unknown) => this.logger.error({ err: error }, 'tunnel stop failed'));
    await this.database.close();
    rmSync(this.pidFile, { force: true });
    this.logger.info('Renkei server stopped');
  }
}
