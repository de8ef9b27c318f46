// Failures the tunnel service reports to its client as they are. Each class says which gRPC status
// the server answers with; anything else that escapes an operation is reported as INTERNAL.

/** The request is fine but the service is not in a state to carry it out (FAILED_PRECONDITION). */
export class TunnelPreconditionError extends Error {
  override name = 'TunnelPreconditionError';
}

export interface ConfigViolation {
  /** The TunnelConfig field as spelled in the .proto, e.g. "allowed_ips[1]". */
  field: string;
  description: string;
}

/** A TunnelConfig that must not be stored (INVALID_ARGUMENT). */
export class InvalidTunnelConfigError extends Error {
  override name = 'InvalidTunnelConfigError';
  constructor(readonly violations: readonly ConfigViolation[]) {
    super(`invalid tunnel configuration: ${violations.map((v) => `${v.field}: ${v.description}`).join('; ')}`);
  }
}
