// A failed call to the Renkei server, as the core reports it: the gRPC status, the server's
// stable reason when it gave one, and the words a clinic user reads, in both languages.
import * as grpc from '@grpc/grpc-js';
import { decodeServiceError, refusalWords, type DecodedError } from '@renkei/proto';
import type { UserFacingError } from '../../shared/desktop-api';

const UNREACHABLE = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);
// Refusals of this PC or of the user's session rather than of what was asked: retrying the same
// call cannot help until the user logs in again (or the PC is approved again).
const SESSION_OR_DEVICE_REFUSALS = new Set([
  'DEVICE_UNKNOWN',
  'DEVICE_PENDING',
  'DEVICE_REVOKED',
  'NOT_THROUGH_TUNNEL',
  'ACCOUNT_DISABLED',
  // The user no longer belongs where this PC is (moved, or the facilities' link removed).
  'DEVICE_OTHER_FACILITY',
  'SESSION_REQUIRED',
  'SESSION_EXPIRED',
]);

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly decoded: DecodedError) {
    super(`${grpc.status[decoded.code] ?? decoded.code}${decoded.reason ? ` ${decoded.reason}` : ''}: ${decoded.message}`);
  }

  get code(): grpc.status {
    return this.decoded.code;
  }

  get reason() {
    return this.decoded.reason;
  }

  /** The server could not be reached (network, tunnel or server down): read from the cache. */
  get unreachable(): boolean {
    return UNREACHABLE.has(this.decoded.code) && this.decoded.reason === undefined;
  }

  /** The server refused this PC or the session, not the call: nothing is gained by asking again now. */
  get refusesSessionOrDevice(): boolean {
    return this.decoded.reason !== undefined && SESSION_OR_DEVICE_REFUSALS.has(this.decoded.reason);
  }

  toUserFacing(): UserFacingError {
    const { reason, metadata, fieldViolations } = this.decoded;
    if (reason) {
      // The server names the reason of the call and of each field; the words are this side's.
      const { message, fields } = refusalWords(reason, metadata, fieldViolations);
      return { reason, message, ...(fields.length > 0 && { fields }) };
    }
    if (this.unreachable) return SERVER_UNREACHABLE;
    return {
      reason: 'UNEXPECTED',
      message: {
        ja: `サーバーから予期しない応答がありました（${grpc.status[this.code] ?? this.code}）。しばらくしてからもう一度お試しください。`,
        en: `The server answered unexpectedly (${grpc.status[this.code] ?? this.code}). Try again in a moment.`,
      },
    };
  }

  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    const status = error as Partial<grpc.ServiceError>;
    if (typeof status?.code === 'number') {
      return new ApiError(decodeServiceError({ code: status.code, details: status.details ?? status.message ?? '', metadata: status.metadata }));
    }
    return new ApiError({ code: grpc.status.UNKNOWN, message: error instanceof Error ? error.message : String(error), metadata: {}, fieldViolations: [] });
  }
}

export const SERVER_UNREACHABLE: UserFacingError = {
  reason: 'SERVER_UNREACHABLE',
  message: {
    ja: 'サーバーに接続できません。VPNとネットワークの接続を確認してください。保存済みの情報は引き続き閲覧できます。',
    en: 'The server cannot be reached. Check the VPN and the network. Saved information can still be read.',
  },
};
