// Loads the .proto files at run time for grpc-js. The options here must match the flags in
// scripts/generate.mjs: the generated types describe exactly what this loader produces.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AuthProto } from '../generated/auth';
import type { ProtoGrpcType as ChartProto } from '../generated/chart';
import type { ProtoGrpcType as CoverageProto } from '../generated/coverage';
import type { ProtoGrpcType as EnrollmentProto } from '../generated/enrollment';
import type { ProtoGrpcType as PatientsProto } from '../generated/patients';
import type { ProtoGrpcType as SafetyProto } from '../generated/safety';
import type { ProtoGrpcType as SyncProto } from '../generated/sync';
import type { ProtoGrpcType as MedicationProto } from '../generated/medication';
import type { ProtoGrpcType as TimelineProto } from '../generated/timeline';
import type { ProtoGrpcType as PhrasesProto } from '../generated/phrases';
import type { ProtoGrpcType as AuditLogProto } from '../generated/audit_log';
import type { ProtoGrpcType as TunnelProto } from '../generated/tunnel';

/** The files that make up the Renkei API (renkei.v1) and the local tunnel service API. */
const API_PROTO_FILES = [
  'renkei/v1/enrollment.proto',
  'renkei/v1/auth.proto',
  'renkei/v1/patients.proto',
  'renkei/v1/sync.proto',
  'renkei/v1/chart.proto',
  'renkei/v1/timeline.proto',
  'renkei/v1/safety.proto',
  'renkei/v1/coverage.proto',
  'renkei/v1/medication.proto',
  'renkei/v1/phrases.proto',
  'renkei/v1/audit_log.proto',
] as const;
const TUNNEL_PROTO_FILES = ['renkei/tunnel/v1/tunnel.proto'] as const;

/**
 * Where the .proto files are. Bundled builds (the packaged app, the server bundle) ship them as a
 * resource folder and say so with RENKEI_PROTO_DIR.
 */
export function protoRoot(): string {
  const fromEnv = process.env.RENKEI_PROTO_DIR;
  if (fromEnv) return fromEnv;
  const here = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (existsSync(join(here, 'renkei', 'v1', 'common.proto'))) return here;
  throw new Error(`Renkei .proto files not found next to ${here}; set RENKEI_PROTO_DIR`);
}

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

type ApiGrpcObject = EnrollmentProto &
  AuthProto &
  PatientsProto &
  SyncProto &
  ChartProto &
  TimelineProto &
  SafetyProto &
  CoverageProto &
  MedicationProto &
  PhrasesProto &
  AuditLogProto;
type TunnelGrpcObject = TunnelProto;

interface LoadedApi<T> {
  /** For grpc-js and for server reflection. */
  packageDefinition: protoLoader.PackageDefinition;
  grpcObject: T;
}

let apiCache: LoadedApi<ApiGrpcObject> | undefined;
let tunnelCache: LoadedApi<TunnelGrpcObject> | undefined;

function load<T>(files: readonly string[]): LoadedApi<T> {
  const packageDefinition = protoLoader.loadSync([...files], { ...LOADER_OPTIONS, includeDirs: [protoRoot()] });
  return { packageDefinition, grpcObject: grpc.loadPackageDefinition(packageDefinition) as unknown as T };
}

/**
 * The renkei.v1 API (and any extra files, such as grpc.health.v1) as server reflection describes
 * it: with field names as written in the .proto files, not the camelCase the runtime objects use.
 */
export function loadForReflection(extraFiles: readonly string[] = []): protoLoader.PackageDefinition {
  return protoLoader.loadSync([...API_PROTO_FILES, ...extraFiles], { ...LOADER_OPTIONS, keepCase: true, includeDirs: [protoRoot()] });
}

/** The renkei.v1 API, loaded once per process. */
export function loadApi(): LoadedApi<ApiGrpcObject> {
  apiCache ??= load<ApiGrpcObject>(API_PROTO_FILES);
  return apiCache;
}

/** The local tunnel service API (renkei.tunnel.v1), loaded once per process. */
export function loadTunnelApi(): LoadedApi<TunnelGrpcObject> {
  tunnelCache ??= load<TunnelGrpcObject>(TUNNEL_PROTO_FILES);
  return tunnelCache;
}
