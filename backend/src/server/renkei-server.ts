// The Renkei cloud: the stock record behind two TLS gRPC listeners.
//   - the enrollment listener (public): EnrollmentService only;
//   - the clinical listener, bound to the WireGuard interface's address so nothing clinical is
//     reachable off the tunnel: AuthService, PatientService, SyncService, and the shared chart's
//     ConsentService, ProgressNoteService, DocumentService and FormService, and the contact timeline's
//     TimelineService.
// Both serve grpc.health.v1 and reflection. The WireGuard peers follow the approved devices.
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { caPinOf, loadApi, loadForReflection } from '@renkei/proto';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { databaseLocation, dataDirectory, loadServerConfig, type ServerConfig } from '../config/server-config';
import { openDatabase, type RenkeiDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import type { ClinicalRoute } from '../devices/device-status';
import { BlobStore } from '../documents/blob-store';
import { createLogger, type Logger } from '../logger';
import { RefusalAudit } from '../audit/refusal-audit';
import { FailureLimit } from '../access/failure-limit';
import { certificateDer } from '../pki/certificate-authority';
import { implementService } from '../rpc/dispatcher';
import { CLINICAL_SERVER_OPTIONS, SERVER_OPTIONS, addHealthAndReflection, bind, serverCredentials, shutdown } from '../rpc/grpc-listeners';
import { authService } from '../rpc/services/auth-service';
import { consentService } from '../rpc/services/consent-service';
import { documentService } from '../rpc/services/document-service';
import { enrollmentService } from '../rpc/services/enrollment-service';
import { formService } from '../rpc/services/form-service';
import { patientService } from '../rpc/services/patient-service';
import { progressNoteService } from '../rpc/services/progress-note-service';
import { syncService } from '../rpc/services/sync-service';
import { timelineService } from '../rpc/services/timeline-service';
import { EventHub } from '../timeline/event-hub';
import { pruneTimeline, type Pruned, type PruningOptions } from '../timeline/pruning';
import { DEFAULT_SUBSCRIPTION_OPTIONS, type SubscriptionOptions } from '../timeline/subscription';
import { systemClock, type Clock } from '../time';
import { CloudTunnel } from '../tunnel/cloud-tunnel';
import { parseTunnelSubnet } from '../tunnel/tunnel-subnet';

export interface RenkeiServerOptions {
  dataDir: string;
  logger?: Logger;
  clock?: Clock;
  /** How often WireGuard peers are checked against the database besides on signal. */
  reconcileIntervalMs?: number;
  /** The live timeline streams' timing (tests shorten it). */
  timeline?: { pollMs?: number; ringSize?: number; stream?: Partial<SubscriptionOptions> };
}

const CLINICAL_SERVICES = [
  'renkei.v1.AuthService',
  'renkei.v1.PatientService',
  'renkei.v1.SyncService',
  'renkei.v1.FormService',
  'renkei.v1.ConsentService',
  'renkei.v1.ProgressNoteService',
  'renkei.v1.DocumentService',
  'renkei.v1.TimelineService',
];
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
    private readonly clinicalServer: grpc.Server,
    readonly enrollmentPort: number,
    /** host:port of the clinical API as devices dial it. */
    readonly clinicalAddress: string,
    private readonly tunnel: CloudTunnel | undefined,
    private readonly pidFile: string,
    private readonly logger: Logger,
    private readonly refusals: RefusalAudit,
    /** Wakes this process's live timeline streams. */
    readonly timelineHub: EventHub,
    private readonly pruning: PruningOptions,
    private readonly clock: Clock,
  ) {}

  static async start(options: RenkeiServerOptions): Promise<RenkeiServer> {
    const logger = options.logger ?? createLogger('renkei-server');
    const clock = options.clock ?? systemClock;
    const dir = dataDirectory(options.dataDir);
    const config = loadServerConfig(dir);
    const location = databaseLocation(config, dir);
    const database = openDatabase(location, (error) =>
      logger.warn({ err: error }, 'an idle database connection was closed by the server; the pool will reconnect'),
    );
    const cleanups: (() => Promise<unknown>)[] = [() => database.close()];
    try {
      const applied = await migrateToLatest(database);
      if (applied.length > 0) logger.info({ applied }, 'database migrated');

      const credentials = serverCredentials({
        certificateChainPem: readFileSync(dir.serverCertificate, 'utf8'),
        privateKeyPem: readFileSync(dir.serverKey, 'utf8'),
      });
      const caPin = caPinOf(certificateDer(readFileSync(dir.caCertificate, 'utf8')));
      const subnet = parseTunnelSubnet(config.tunnel.subnet);
      const { grpcObject } = loadApi();
      const reflected = loadForReflection([healthProtoPath]);
      const v1 = grpcObject.renkei.v1;

      let tunnel: CloudTunnel | undefined;
      let clinicalHost: string;
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
        clinicalHost = subnet.serverAddress;
      } else {
        logger.warn('tunnel mode "none": the clinical API is served without WireGuard (demo and tests only)');
        clinicalHost = hostOf(config.tunnel.clinicalListen);
      }

      const clinicalServer = new grpc.Server(CLINICAL_SERVER_OPTIONS);
      const refusals = new RefusalAudit(database, clock);
      cleanups.unshift(() => refusals.stop());
      // Each process follows the event log itself; on PostgreSQL, other processes' writes wake it.
      const timelineHub = await EventHub.start({
        store: database,
        clock,
        logger,
        ...(location.engine === 'postgres' && { listenUrl: location.url }),
        ...(options.timeline?.pollMs !== undefined && { pollMs: options.timeline.pollMs }),
        ...(options.timeline?.ringSize !== undefined && { ringSize: options.timeline.ringSize }),
      });
      cleanups.unshift(() => timelineHub.stop());
      const clinicalDeps = { store: database, clock, logger, tunnel: tunnel ? subnet : undefined, refusals };
      // Calls of services that write what streams carry (posts, access, overviews) wake the hub.
      const writerDeps = { ...clinicalDeps, afterCall: () => timelineHub.poke() };
      clinicalServer.addService(
        v1.AuthService.service,
        implementService(
          v1.AuthService.service,
          authService(
            loginPolicy(config),
            new FailureLimit({ failuresPerSource: config.auth.sourceFailureLimit, windowMinutes: config.auth.lockoutMinutes }),
            clock,
          ),
          clinicalDeps,
        ),
      );
      clinicalServer.addService(v1.PatientService.service, implementService(v1.PatientService.service, patientService(), clinicalDeps));
      clinicalServer.addService(v1.SyncService.service, implementService(v1.SyncService.service, syncService(), clinicalDeps));
      clinicalServer.addService(v1.FormService.service, implementService(v1.FormService.service, formService(), writerDeps));
      clinicalServer.addService(v1.ConsentService.service, implementService(v1.ConsentService.service, consentService(), writerDeps));
      clinicalServer.addService(v1.ProgressNoteService.service, implementService(v1.ProgressNoteService.service, progressNoteService(), writerDeps));
      // One blob store for filed documents and timeline attachments: a photo filed into the chart is the same file.
      const blobs = await BlobStore.open(dir.blobsDir);
      const pruning: PruningOptions = { store: database, blobs, logger, eventRetentionDays: config.timeline.eventRetentionDays };
      clinicalServer.addService(
        v1.TimelineService.service,
        implementService(
          v1.TimelineService.service,
          timelineService({
            blobs,
            maxUploadMb: config.documents.maxUploadMb,
            maxUnclaimedUploads: config.timeline.maxUnclaimedUploads,
            streaming: {
              hub: timelineHub,
              clock,
              options: { ...DEFAULT_SUBSCRIPTION_OPTIONS, retentionDays: config.timeline.eventRetentionDays, ...options.timeline?.stream },
            },
          }),
          writerDeps,
        ),
      );
      clinicalServer.addService(
        v1.DocumentService.service,
        implementService(v1.DocumentService.service, documentService({ blobs, maxUploadMb: config.documents.maxUploadMb }), writerDeps),
      );
      addHealthAndReflection(clinicalServer, reflected, CLINICAL_SERVICES);
      const requestedClinicalPort = config.tunnel.mode === 'none' ? Number(/:(\d+)$/.exec(config.tunnel.clinicalListen)![1]) : config.clinicalPort;
      const clinicalPort = await bind(
        clinicalServer,
        `${clinicalHost.includes(':') ? `[${clinicalHost}]` : clinicalHost}:${requestedClinicalPort}`,
        credentials,
      );
      cleanups.unshift(() => shutdown(clinicalServer));
      const advertisedHost = clinicalHost === '0.0.0.0' || clinicalHost === '::' ? hostOf(config.enrollment.publicAddress) : clinicalHost;
      const clinicalAddress = `${advertisedHost}:${clinicalPort}`;

      const route = (): ClinicalRoute =>
        tunnel && config.tunnel.mode === 'wireguard'
          ? { kind: 'tunnel', subnet, serverPublicKey: tunnel.publicKey, endpoint: config.tunnel.endpoint, clinicalPort }
          : { kind: 'untunneled', address: clinicalAddress };
      const enrollmentServer = new grpc.Server(SERVER_OPTIONS);
      enrollmentServer.addService(
        v1.EnrollmentService.service,
        implementService(
          v1.EnrollmentService.service,
          enrollmentService({ caPin, subnet, route, failures: new FailureLimit({ failuresPerSource: config.enrollmentFailureLimit, windowMinutes: 15 }) }),
          { store: database, clock, logger, refusals },
        ),
      );
      addHealthAndReflection(enrollmentServer, reflected, ENROLLMENT_SERVICES);
      const enrollmentPort = await bind(enrollmentServer, config.enrollment.listen, credentials);

      writeFileSync(dir.pidFile, `${process.pid}\n`);
      const server = new RenkeiServer(
        config,
        database,
        enrollmentServer,
        clinicalServer,
        enrollmentPort,
        clinicalAddress,
        tunnel,
        dir.pidFile,
        logger,
        refusals,
        timelineHub,
        pruning,
        clock,
      );
      // Every process prunes (on PostgreSQL they may overlap: each delete is safe to repeat).
      server.pruneTimer = setInterval(() => void server.prune(), config.timeline.pruneIntervalMinutes * 60_000);
      server.pruneTimer.unref();
      if (tunnel) {
        server.reconcileTimer = setInterval(() => void server.reconcileTunnel(), options.reconcileIntervalMs ?? 5000);
        server.reconcileTimer.unref();
      }
      logger.info({ enrollmentPort, clinicalAddress, engine: database.engine, tunnel: config.tunnel.mode }, 'Renkei server ready');
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
    // Live streams end first (normally: their clients resume from their cursors, here or elsewhere),
    // so that the listeners' grace period is not spent waiting for calls that never finish.
    await this.timelineHub.stop();
    await Promise.all([shutdown(this.enrollmentServer), shutdown(this.clinicalServer)]);
    await this.refusals.stop().catch((error: unknown) => this.logger.error({ err: error }, 'could not record the last refusal counts'));
    await this.tunnel?.stop().catch((error: unknown) => this.logger.error({ err: error }, 'tunnel stop failed'));
    await this.database.close();
    rmSync(this.pidFile, { force: true });
    this.logger.info('Renkei server stopped');
  }
}

function loginPolicy(config: ServerConfig) {
  return {
    sessionHours: config.auth.sessionHours,
    failureDelayMs: config.auth.loginFailureDelayMs,
    lockoutThreshold: config.auth.lockoutThreshold,
    lockoutMinutes: config.auth.lockoutMinutes,
  };
}
