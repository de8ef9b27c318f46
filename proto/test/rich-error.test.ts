import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { RenkeiError, decodeServiceError, describeError, toServiceError } from '../src';

describe('rich errors', () => {
  it('carries reason, metadata, field violations and the Japanese text through the status trailer', () => {
    const sent = toServiceError(
      new RenkeiError({ reason: 'ACCOUNT_LOCKED', metadata: { lockedUntil: '14:35' }, fieldViolations: [{ field: 'login_id', description: 'x' }] }),
    );
    expect(sent.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(sent.details).toContain('14:35 まで');
    const decoded = decodeServiceError({ code: sent.code!, details: sent.details!, metadata: sent.metadata! });
    expect(decoded.reason).toBe('ACCOUNT_LOCKED');
    expect(decoded.metadata).toEqual({ lockedUntil: '14:35' });
    expect(decoded.fieldViolations).toEqual([{ field: 'login_id', description: 'x' }]);
    expect(describeError(decoded.reason!, decoded.metadata, 'en')).toContain('locked until 14:35');
  });

  it('decodes a plain gRPC error from something that is not Renkei without inventing a reason', () => {
    const decoded = decodeServiceError({ code: grpc.status.UNAVAILABLE, details: 'connect ECONNREFUSED', metadata: new grpc.Metadata() });
    expect(decoded.reason).toBeUndefined();
    expect(decoded.message).toBe('connect ECONNREFUSED');
  });
});
