// How the core's calls fail: always with a DesktopApiError, whose UserFacingError a screen shows
// as is. Failures of the parts below (the server, the CA check, the tunnel service, a transfer)
// are translated here, in one place, so every module refuses in the same words.
import type { UserFacingError } from '../shared/desktop-api';
import { DesktopApiError } from '../shared/desktop-api-error';
import { ApiError, SERVER_UNREACHABLE } from './api/api-error';
import { TransferIntegrityError } from './api/file-transfer';
import { CaPinMismatchError, ServerUnreachableError } from './device/ca-bootstrap';
import { TunnelServiceError } from './tunnel/tunnel-client';
import { LOCAL_ERRORS, unexpected } from './user-messages';

/** Refuses the call with `detail`. */
export function fail(detail: UserFacingError): never {
  throw new DesktopApiError(detail);
}

/** Any failure, as the error a screen can show. */
export function toDesktopError(error: unknown): DesktopApiError {
  if (error instanceof DesktopApiError) return error;
  if (error instanceof ApiError) return new DesktopApiError(error.toUserFacing());
  if (error instanceof CaPinMismatchError) return new DesktopApiError(LOCAL_ERRORS.caPinMismatch);
  if (error instanceof ServerUnreachableError) return new DesktopApiError(SERVER_UNREACHABLE);
  if (error instanceof TunnelServiceError && error.unreachable) return new DesktopApiError(LOCAL_ERRORS.tunnelServiceUnreachable);
  if (error instanceof TransferIntegrityError) return new DesktopApiError(LOCAL_ERRORS.documentTransferCorrupt);
  return new DesktopApiError(unexpected(error));
}
