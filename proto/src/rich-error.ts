// Encodes and decodes Renkei errors in gRPC's standard richer error model: a google.rpc.Status in
// the `grpc-status-details-bin` trailer with ErrorInfo (the stable reason), BadRequest (which field
// was wrong, with its reason and texts) and LocalizedMessage (ja-JP and en-US texts). Any gRPC
// client can read them; Renkei's own clients also read each field violation's parameters
// (renkei.v1.FieldViolationParameters) and say it in their user's language.
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { ERROR_DOMAIN, ERROR_REASONS, describeError, isErrorReason, type ErrorReason } from './error-reasons';
import { describeViolation, isFieldViolationReason, type FieldViolationReason } from './field-violations';
import { protoRoot } from './load';

const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
const TYPE_PREFIX = 'type.googleapis.com/';

let types:
  | { Status: protobuf.Type; ErrorInfo: protobuf.Type; BadRequest: protobuf.Type; LocalizedMessage: protobuf.Type; FieldViolationParameters: protobuf.Type }
  | undefined;

function rpcTypes() {
  if (!types) {
    const root = new protobuf.Root();
    root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto', 'renkei/v1/errors.proto'].map((file) => join(protoRoot(), file)));
    types = {
      Status: root.lookupType('google.rpc.Status'),
      ErrorInfo: root.lookupType('google.rpc.ErrorInfo'),
      BadRequest: root.lookupType('google.rpc.BadRequest'),
      LocalizedMessage: root.lookupType('google.rpc.LocalizedMessage'),
      FieldViolationParameters: root.lookupType('renkei.v1.FieldViolationParameters'),
    };
  }
  return types;
}

/** One refused field: which, why (a stable reason) and the reason's parameters (TOO_LONG: max). */
export interface FieldViolation {
  field: string;
  reason: FieldViolationReason;
  parameters?: Readonly<Record<string, string>>;
}

interface RenkeiErrorInit {
  reason: ErrorReason;
  metadata?: Record<string, string>;
  fieldViolations?: FieldViolation[];
}

/** A failure the server means to report to the caller, as is. Anything else is INTERNAL. */
export class RenkeiError extends Error {
  override name = 'RenkeiError';
  readonly reason: ErrorReason;
  readonly code: grpc.status;
  readonly metadata: Record<string, string>;
  readonly fieldViolations: FieldViolation[];

  constructor(init: RenkeiErrorInit) {
    super(describeError(init.reason, init.metadata, 'en', init.fieldViolations));
    this.reason = init.reason;
    this.code = ERROR_REASONS[init.reason].code as number as grpc.status;
    this.metadata = init.metadata ?? {};
    this.fieldViolations = init.fieldViolations ?? [];
  }
}

// protobufjs's built-in google.protobuf.Any keeps the snake_case field name `type_url`.
function any(type: protobuf.Type, value: object) {
  return { type_url: TYPE_PREFIX + type.fullName.replace(/^\./, ''), value: type.encode(type.create(value)).finish() };
}

/** The error object a grpc-js server handler passes to its callback (or emits on a stream). */
export function toServiceError(error: RenkeiError): Partial<grpc.ServiceError> {
  const t = rpcTypes();
  const ja = describeError(error.reason, error.metadata, 'ja', error.fieldViolations);
  const details = [
    any(t.ErrorInfo, { reason: error.reason, domain: ERROR_DOMAIN, metadata: error.metadata }),
    any(t.LocalizedMessage, { locale: 'ja-JP', message: ja }),
    any(t.LocalizedMessage, { locale: 'en-US', message: describeError(error.reason, error.metadata, 'en', error.fieldViolations) }),
  ];
  if (error.fieldViolations.length > 0) {
    // Foreign clients read the texts; Renkei's clients read the reason and its parameters.
    const fieldViolations = error.fieldViolations.map((v) => ({
      field: v.field,
      reason: v.reason,
      description: describeViolation(v.reason, v.parameters, 'en'),
      localizedMessage: { locale: 'ja-JP', message: describeViolation(v.reason, v.parameters, 'ja') },
    }));
    details.push(any(t.BadRequest, { fieldViolations }));
    details.push(
      any(t.FieldViolationParameters, { violations: error.fieldViolations.map((v) => ({ field: v.field, reason: v.reason, parameters: v.parameters ?? {} })) }),
    );
  }
  const status = t.Status.encode(t.Status.create({ code: error.code, message: ja, details })).finish();
  const metadata = new grpc.Metadata();
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(status));
  return { code: error.code, details: ja, metadata };
}

export interface DecodedError {
  code: grpc.status;
  /** The status message as sent (Japanese for Renkei errors). */
  message: string;
  reason?: ErrorReason;
  metadata: Record<string, string>;
  fieldViolations: FieldViolation[];
}

/** Reads what a Renkei server said about a failed call; tolerant of errors from anything else. */
export function decodeServiceError(error: Pick<grpc.ServiceError, 'code' | 'details'> & { metadata?: grpc.Metadata }): DecodedError {
  const decoded: DecodedError = { code: error.code, message: error.details, metadata: {}, fieldViolations: [] };
  const raw = error.metadata?.get(STATUS_DETAILS_KEY)[0];
  if (!Buffer.isBuffer(raw)) return decoded;
  const t = rpcTypes();
  try {
    const status = t.Status.toObject(t.Status.decode(raw), { defaults: true }) as { details: { type_url: string; value: Uint8Array }[] };
    for (const detail of status.details) {
      const typeName = detail.type_url.slice(detail.type_url.lastIndexOf('/') + 1);
      if (typeName === 'google.rpc.ErrorInfo') {
        const info = t.ErrorInfo.toObject(t.ErrorInfo.decode(detail.value), { defaults: true }) as {
          reason: string;
          domain: string;
          metadata: Record<string, string>;
        };
        if (info.domain === ERROR_DOMAIN && isErrorReason(info.reason)) decoded.reason = info.reason;
        decoded.metadata = info.metadata;
      } else if (typeName === 'renkei.v1.FieldViolationParameters') {
        const sent = t.FieldViolationParameters.toObject(t.FieldViolationParameters.decode(detail.value), { defaults: true }) as {
          violations: { field: string; reason: string; parameters: Record<string, string> }[];
        };
        // A reason this build does not know (a newer server) is said generically.
        decoded.fieldViolations = sent.violations.map((v) => ({
          field: v.field,
          reason: isFieldViolationReason(v.reason) ? v.reason : 'INVALID',
          ...(Object.keys(v.parameters).length > 0 && { parameters: v.parameters }),
        }));
      }
    }
  } catch {
    // A malformed trailer from a proxy or another server: keep the plain status.
  }
  return decoded;
}
