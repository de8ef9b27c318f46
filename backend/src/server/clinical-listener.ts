// The clinical API: every service clinic PCs call through the tunnel (AuthService, PatientService,
// SyncService, the shared chart's ConsentService, ProgressNoteService, DocumentService and
// FormService, and the contact timeline's TimelineService), with grpc.health.v1 and reflection, on
// one TLS listener, and the event hub that wakes this process's live timeline streams.
// A single-process server runs one in the process that owns the tunnel; a region that needs more
// runs it in several processes (clinical-processes.ts), each with its own hub on the one database.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { loadApi, loadForReflection } from '@renkei/proto';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { FailureLimit } from '../access/failure-limit';
import type { SecondFactorKey } from '../auth/second-factor-key';
import type { RefusalAudit } from '../audit/refusal-audit';
import type { DataDirectory, ServerConfig } from '../config/server-config';
import type { DatabaseLocation, RenkeiDatabase } from '../db/database';
import { BlobStore } from '../documents/blob-store';
import type { Logger } from '../logger';
import { implementService } from '../rpc/dispatcher';
import { CLINICAL_SERVER_OPTIONS, addHealthAndReflection, bind, serverCredentials, shutdown } from '../rpc/grpc-listeners';
import { authService } from '../rpc/services/auth-service';
import { consentService } from '../rpc/services/consent-service';
import { coverageService } from '../rpc/services/coverage-service';
import { documentService } from '../rpc/services/document-service';
import { emergencyInfoService } from '../rpc/services/emergency-info-service';
import { phraseService } from '../rpc/services/phrase-service';
import { auditLogService } from '../rpc/services/audit-log-service';
import { formService } from '../rpc/services/form-service';
import { medicationService, vitalSignService } from '../rpc/services/medication-service';
import { patientService } from '../rpc/services/patient-service';
import { progressNoteService } from '../rpc/services/progress-note-service';
import { syncService } from '../rpc/services/sync-service';
import { timelineService } from '../rpc/services/timeline-service';
import { EventHub } from '../timeline/event-hub';
import { DEFAULT_SUBSCRIPTION_OPTIONS, type SubscriptionOptions } from '../timeline/subscription';
import type { Clock } from '../time';
import { parseTunnelSubnet, type TunnelSubnet } from '../tunnel/tunnel-subnet';

const CLINICAL_SERVICES = [
  'renkei.v1.AuthService',
  'renkei.v1.PatientService',
  'renkei.v1.SyncService',
  'renkei.v1.FormService',
  'renkei.v1.ConsentService',
  'renkei.v1.ProgressNoteService',
  'renkei.v1.DocumentService',
  'renkei.v1.TimelineService',
  'renkei.v1.EmergencyInfoService',
  'renkei.v1.CoverageService',
  'renkei.v1.MedicationService',
  'renkei.v1.VitalSignService',
  'renkei.v1.PhraseService',
  'renkei.v1.AuditLogService',
];

/** The live timeline streams' timing (tests shorten it). */
export interface TimelineTiming {
  pollMs?: number;
  ringSize?: number;
  stream?: Partial<SubscriptionOptions>;
}

/** Where the clinical API listens, by the configuration: the tunnel's server address, or without a tunnel its own listen address. */
export function clinicalBinding(config: ServerConfig): { host: string; port: number; tunnel: TunnelSubnet | undefined } {
  if (config.tunnel.mode === 'wireguard') {
    const subnet = parseTunnelSubnet(config.tunnel.subnet);
    return { host: subnet.serverAddress, port: config.clinicalPort, tunnel: subnet };
  }
  const [, host, port] = /^\[?(.*?)\]?:(\d+)$/.exec(config.tunnel.clinicalListen)!;
  return { host: host!, port: Number(port), tunnel: undefined };
}

/** The server's TLS certificate and key from the data directory (both listeners present it). */
export function listenerCredentials(dir: DataDirectory): grpc.ServerCredentials {
  return serverCredentials({ certificateChainPem: readFileSync(dir.serverCertificate, 'utf8'), privateKeyPem: readFileSync(dir.serverKey, 'utf8') });
}

export interface ClinicalListenerOptions {
  config: ServerConfig;
  database: RenkeiDatabase;
  location: DatabaseLocation;
  blobsDir: string;
  credentials: grpc.ServerCredentials;
  /** Where to listen: the tunnel's server address, or the untunneled listen host. */
  host: string;
  port: number;
  /** With a tunnel: its subnet, so each call's source must be the calling device's tunnel address. */
  tunnel: TunnelSubnet | undefined;
  refusals: RefusalAudit;
  loginFailures: FailureLimit;
  /** Encrypts users' TOTP secrets (secrets/second-factor.key). */
  secondFactorKey: SecondFactorKey;
  clock: Clock;
  logger: Logger;
  timeline?: TimelineTiming;
}

export interface ClinicalListener {
  port: number;
  /** Wakes this process's live timeline streams. */
  hub: EventHub;
  stop(): Promise<void>;
}

export async function startClinicalListener(options: ClinicalListenerOptions): Promise<ClinicalListener> {
  const { config, database, clock, logger } = options;
  const v1 = loadApi().grpcObject.renkei.v1;
  // Each process follows the event log itself; on PostgreSQL, other processes' writes wake it.
  const hub = await EventHub.start({
    store: database,
    clock,
    logger,
    ...(options.location.engine === 'postgres' && { listenUrl: options.location.url }),
    ...(options.timeline?.pollMs !== undefined && { pollMs: options.timeline.pollMs }),
    ...(options.timeline?.ringSize !== undefined && { ringSize: options.timeline.ringSize }),
  });
  try {
    const server = new grpc.Server(CLINICAL_SERVER_OPTIONS);
    const deps = { store: database, clock, logger, tunnel: options.tunnel, refusals: options.refusals };
    // Calls of services that write what streams carry (posts, access, overviews) wake the hub.
    const writerDeps = { ...deps, afterCall: () => hub.poke() };
    const auth = authService(
      {
        sessionHours: config.auth.sessionHours,
        failureDelayMs: config.auth.loginFailureDelayMs,
        lockoutThreshold: config.auth.lockoutThreshold,
        lockoutMinutes: config.auth.lockoutMinutes,
      },
      options.loginFailures,
      clock,
      { key: options.secondFactorKey, issuer: `Renkei ${config.regionName}` },
    );
    server.addService(v1.AuthService.service, implementService(v1.AuthService.service, auth, deps));
    server.addService(v1.PatientService.service, implementService(v1.PatientService.service, patientService(), deps));
    server.addService(v1.SyncService.service, implementService(v1.SyncService.service, syncService(), deps));
    server.addService(v1.FormService.service, implementService(v1.FormService.service, formService(), writerDeps));
    server.addService(v1.ConsentService.service, implementService(v1.ConsentService.service, consentService(), writerDeps));
    server.addService(v1.ProgressNoteService.service, implementService(v1.ProgressNoteService.service, progressNoteService(), writerDeps));
    server.addService(v1.EmergencyInfoService.service, implementService(v1.EmergencyInfoService.service, emergencyInfoService(), writerDeps));
    server.addService(v1.CoverageService.service, implementService(v1.CoverageService.service, coverageService(), writerDeps));
    server.addService(v1.MedicationService.service, implementService(v1.MedicationService.service, medicationService(), writerDeps));
    server.addService(v1.VitalSignService.service, implementService(v1.VitalSignService.service, vitalSignService(), writerDeps));
    // One blob store for filed documents and timeline attachments: a photo filed into the chart is the same file.
    const blobs = await BlobStore.open(options.blobsDir);
    const maxUploadMb = config.documents.maxUploadMb;
    const streaming = {
      hub,
      clock,
      options: { ...DEFAULT_SUBSCRIPTION_OPTIONS, retentionDays: config.timeline.eventRetentionDays, ...options.timeline?.stream },
    };
    const timeline = timelineService({ blobs, maxUploadMb, maxUnclaimedUploads: config.timeline.maxUnclaimedUploads, streaming });
    server.addService(v1.TimelineService.service, implementService(v1.TimelineService.service, timeline, writerDeps));
    server.addService(v1.PhraseService.service, implementService(v1.PhraseService.service, phraseService(), writerDeps));
    server.addService(v1.AuditLogService.service, implementService(v1.AuditLogService.service, auditLogService(), deps));
    server.addService(v1.DocumentService.service, implementService(v1.DocumentService.service, documentService({ blobs, maxUploadMb }), writerDeps));
    addHealthAndReflection(server, loadForReflection([healthProtoPath]), CLINICAL_SERVICES);
    const port = await bind(server, `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`, options.credentials);
    return {
      port,
      hub,
      async stop() {
        // Live streams end first (normally: their clients resume from their cursors, here or
        // elsewhere), so that the listener's grace period is not spent waiting for calls that never finish.
        await hub.stop();
        await shutdown(server);
      },
    };
  } catch (error) {
    await hub.stop();
    throw error;
  }
}
