// A plain grpc-js client of the Renkei API for backend tests: TLS with the test CA, optional
// device and session credentials, promise-returning calls that reject with the decoded error.
import * as grpc from '@grpc/grpc-js';
import { decodeServiceError, loadApi, type DecodedError } from '@renkei/proto';

export interface Credentials {
  device?: string;
  session?: string;
}

export class CallFailed extends Error {
  constructor(readonly error: DecodedError) {
    super(`${grpc.status[error.code]} ${error.reason ?? ''}: ${error.message}`);
  }
}

export type ServiceName =
  | 'EnrollmentService'
  | 'AuthService'
  | 'PatientService'
  | 'SyncService'
  | 'ConsentService'
  | 'ProgressNoteService'
  | 'DocumentService'
  | 'FormService'
  | 'TimelineService'
  | 'EmergencyInfoService'
  | 'CoverageService'
  | 'MedicationService'
  | 'VitalSignService'
  | 'AuditLogService';

const clients = new Map<string, grpc.Client>();

export function client(service: ServiceName, address: string, caPem: string): grpc.Client {
  const key = `${service}@${address}`;
  let existing = clients.get(key);
  if (!existing) {
    existing = connection(service, address, caPem, false);
    clients.set(key, existing);
  }
  return existing;
}

/**
 * A client of its own, which the caller closes. `separate`: on a TCP connection of its own (grpc-js
 * otherwise shares one per address between clients), as another PC's would be.
 */
export function connection(service: ServiceName, address: string, caPem: string, separate = true): grpc.Client {
  const Ctor = loadApi().grpcObject.renkei.v1[service] as unknown as typeof grpc.Client;
  return new Ctor(address, grpc.credentials.createSsl(Buffer.from(caPem)), separate ? { 'grpc.use_local_subchannel_pool': 1 } : {});
}

export function closeClients(): void {
  for (const c of clients.values()) c.close();
  clients.clear();
}

/** Calls `service.method(request)` and resolves with the response; `ownConnection`: on a new TCP connection, as another PC's. */
export function call<T = any>(
  target: { address: string; caPem: string },
  service: ServiceName,
  method: string,
  request: object,
  credentials: Credentials = {},
  options: { ownConnection?: boolean } = {},
): Promise<T> {
  const metadata = new grpc.Metadata();
  if (credentials.device) metadata.set('renkei-device', credentials.device);
  if (credentials.session) metadata.set('authorization', `Bearer ${credentials.session}`);
  const own = options.ownConnection ? connection(service, target.address, target.caPem) : undefined;
  const c = (own ?? client(service, target.address, target.caPem)) as unknown as Record<string, (...args: any[]) => any>;
  return new Promise<T>((resolve, reject) => {
    c[method]!.call(c, request, metadata, { deadline: Date.now() + 15_000 }, (error: grpc.ServiceError | null, response: T) => {
      if (error) reject(new CallFailed(decodeServiceError(error)));
      else resolve(response);
    });
  }).finally(() => own?.close());
}

/** The decoded error of a call expected to fail. */
export async function failure(promise: Promise<unknown>): Promise<DecodedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CallFailed) return error.error;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
