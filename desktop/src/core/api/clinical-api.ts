// The clinical API, reached through the tunnel: every call carries the device's credential, and
// after login the session token. Calls that fail because the server is unreachable reject with an
// ApiError whose `unreachable` is true; the core then reads from its cache.
import * as grpc from '@grpc/grpc-js';
import { loadApi } from '@renkei/proto';
import { service as healthService } from 'grpc-health-check';
import type { AuthServiceClient } from '@renkei/proto/generated/renkei/v1/AuthService';
import type { LoginResponse__Output } from '@renkei/proto/generated/renkei/v1/LoginResponse';
import type { AccountSecurity__Output } from '@renkei/proto/generated/renkei/v1/AccountSecurity';
import type { ChangePasswordResponse__Output } from '@renkei/proto/generated/renkei/v1/ChangePasswordResponse';
import type { ConfirmAuthenticatorSetupResponse__Output } from '@renkei/proto/generated/renkei/v1/ConfirmAuthenticatorSetupResponse';
import type { RegenerateRecoveryCodesResponse__Output } from '@renkei/proto/generated/renkei/v1/RegenerateRecoveryCodesResponse';
import type { BeginSecondFactorSetupResponse__Output } from '@renkei/proto/generated/renkei/v1/BeginSecondFactorSetupResponse';
import type { ConfirmSecondFactorSetupResponse__Output } from '@renkei/proto/generated/renkei/v1/ConfirmSecondFactorSetupResponse';
import type { PatientOverview__Output } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import type { PatientServiceClient } from '@renkei/proto/generated/renkei/v1/PatientService';
import type { SearchPatientsResponse__Output } from '@renkei/proto/generated/renkei/v1/SearchPatientsResponse';
import type { PullChangesResponse__Output } from '@renkei/proto/generated/renkei/v1/PullChangesResponse';
import type { SyncServiceClient } from '@renkei/proto/generated/renkei/v1/SyncService';
import type { User__Output } from '@renkei/proto/generated/renkei/v1/User';
import { ChartApi } from './chart-api';
import { deviceMetadata, type DeviceCredential } from './enrollment-api';
import { CHANNEL_OPTIONS, pinnedCredentials, unary, type UnaryMethod } from './grpc-connection';
import { TimelineServiceApi } from './timeline-api';

const SYNC_DEADLINE_MS = 30_000;
// A clinician is waiting for the chart: fall back to the cache rather than wait long.
const READ_DEADLINE_MS = 5_000;
// Login waits out the server's delay after a failed attempt.
const LOGIN_DEADLINE_MS = 20_000;

const HealthClient = grpc.makeClientConstructor(healthService as grpc.ServiceDefinition, 'grpc.health.v1.Health');
type HealthCheck = UnaryMethod<{ service: string }, { status: string }>;

export class ClinicalApi {
  private readonly auth: AuthServiceClient;
  private readonly patients: PatientServiceClient;
  private readonly sync: SyncServiceClient;
  private readonly health: grpc.Client;
  /** The shared chart's services, on the same channel and credentials. */
  readonly chart: ChartApi;
  /** The care team's contact timeline, on the same channel and credentials. */
  readonly timeline: TimelineServiceApi;
  private sessionToken: string | undefined;

  constructor(
    readonly address: string,
    caPem: string,
    private readonly device: DeviceCredential,
  ) {
    const v1 = loadApi().grpcObject.renkei.v1;
    const credentials = pinnedCredentials(caPem);
    // One channel (one TLS connection through the tunnel) shared by every service.
    const channel = new grpc.Channel(address, credentials, CHANNEL_OPTIONS);
    const options = { channelOverride: channel };
    this.auth = new v1.AuthService(address, credentials, options);
    this.patients = new v1.PatientService(address, credentials, options);
    this.sync = new v1.SyncService(address, credentials, options);
    this.health = new HealthClient(address, credentials, options);
    this.chart = new ChartApi(address, credentials, options, () => this.metadata());
    this.timeline = new TimelineServiceApi(address, credentials, options, () => this.metadata());
  }

  setSession(token: string | undefined): void {
    this.sessionToken = token;
  }

  private metadata(): grpc.Metadata {
    const metadata = deviceMetadata(this.device);
    if (this.sessionToken) metadata.set('authorization', `Bearer ${this.sessionToken}`);
    return metadata;
  }

  /**
   * The standard gRPC health check (grpc.health.v1, served next to the clinical API, no session
   * needed): whether the server answers at all within `deadlineMs`. Resolves when it serves.
   */
  async checkHealth(deadlineMs: number): Promise<void> {
    const check = (this.health as unknown as { Check: HealthCheck }).Check;
    await unary(this.health, check, { service: '' }, new grpc.Metadata(), deadlineMs);
  }

  login(loginId: string, password: string): Promise<LoginResponse__Output> {
    return unary(this.auth, this.auth.Login, { loginId, password }, deviceMetadata(this.device), LOGIN_DEADLINE_MS);
  }

  /** The second step of a login: the authenticator's code or a recovery code, with the password step's challenge. */
  verifySecondFactor(challengeToken: string, answer: { code?: string; recoveryCode?: string }): Promise<LoginResponse__Output> {
    const request = { challengeToken, code: answer.code ?? '', recoveryCode: answer.recoveryCode ?? '' };
    return unary(this.auth, this.auth.VerifySecondFactor, request, deviceMetadata(this.device), LOGIN_DEADLINE_MS);
  }

  beginSecondFactorSetup(challengeToken: string): Promise<BeginSecondFactorSetupResponse__Output> {
    return unary(this.auth, this.auth.BeginSecondFactorSetup, { challengeToken }, deviceMetadata(this.device));
  }

  confirmSecondFactorSetup(challengeToken: string, code: string): Promise<ConfirmSecondFactorSetupResponse__Output> {
    return unary(this.auth, this.auth.ConfirmSecondFactorSetup, { challengeToken, code }, deviceMetadata(this.device), LOGIN_DEADLINE_MS);
  }

  getAccountSecurity(): Promise<AccountSecurity__Output> {
    return unary(this.auth, this.auth.GetAccountSecurity, {}, this.metadata());
  }

  changePassword(currentPassword: string, newPassword: string): Promise<ChangePasswordResponse__Output> {
    return unary(this.auth, this.auth.ChangePassword, { currentPassword, newPassword }, this.metadata(), LOGIN_DEADLINE_MS);
  }

  beginAuthenticatorSetup(): Promise<BeginSecondFactorSetupResponse__Output> {
    return unary(this.auth, this.auth.BeginAuthenticatorSetup, {}, this.metadata());
  }

  confirmAuthenticatorSetup(code: string): Promise<ConfirmAuthenticatorSetupResponse__Output> {
    return unary(this.auth, this.auth.ConfirmAuthenticatorSetup, { code }, this.metadata(), LOGIN_DEADLINE_MS);
  }

  regenerateRecoveryCodes(currentPassword: string): Promise<RegenerateRecoveryCodesResponse__Output> {
    return unary(this.auth, this.auth.RegenerateRecoveryCodes, { currentPassword }, this.metadata(), LOGIN_DEADLINE_MS);
  }

  logout(): Promise<unknown> {
    return unary(this.auth, this.auth.Logout, {}, this.metadata());
  }

  currentUser(): Promise<User__Output> {
    return unary(this.auth, this.auth.GetCurrentUser, {}, this.metadata());
  }

  overview(patientId: string): Promise<PatientOverview__Output> {
    return unary(this.patients, this.patients.GetPatientOverview, { patientId }, this.metadata(), READ_DEADLINE_MS);
  }

  /** The server's search; the core asks it only for what its cache cannot hold (archived patients). */
  searchPatients(query: string, includeArchived: boolean): Promise<SearchPatientsResponse__Output> {
    return unary(this.patients, this.patients.SearchPatients, { query, pageSize: 50, includeArchived }, this.metadata(), READ_DEADLINE_MS);
  }

  pullChanges(cursor: string, maxChanges = 0): Promise<PullChangesResponse__Output> {
    return unary(this.sync, this.sync.PullChanges, { cursor, maxChanges }, this.metadata(), SYNC_DEADLINE_MS);
  }

  close(): void {
    this.auth.close();
  }
}
