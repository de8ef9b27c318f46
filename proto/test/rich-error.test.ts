import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { RenkeiError, decodeServiceError, describeError, describeViolation, protoRoot, toServiceError } from '../src';

describe('rich errors', () => {
  it('carries reason, metadata, field violations and the Japanese text through the status trailer', () => {
    const sent = toServiceError(
      new RenkeiError({
        reason: 'ACCOUNT_LOCKED',
        metadata: { lockedUntil: '14:35' },
        fieldViolations: [{ field: 'login_id', reason: 'TOO_LONG', parameters: { max: '64' } }],
      }),
    );
    expect(sent.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(sent.details).toContain('14:35 まで');
    const decoded = decodeServiceError({ code: sent.code!, details: sent.details!, metadata: sent.metadata! });
    expect(decoded.reason).toBe('ACCOUNT_LOCKED');
    expect(decoded.metadata).toEqual({ lockedUntil: '14:35' });
    expect(decoded.fieldViolations).toEqual([{ field: 'login_id', reason: 'TOO_LONG', parameters: { max: '64' } }]);
    expect(describeError(decoded.reason!, decoded.metadata, 'en')).toContain('locked until 14:35');
  });

  it("says a field violation in the reader's language, and gives foreign clients both texts in the standard BadRequest", async () => {
    const sent = toServiceError(
      new RenkeiError({
        reason: 'INVALID_REQUEST',
        metadata: { fields: 'title' },
        fieldViolations: [{ field: 'title', reason: 'TOO_LONG', parameters: { max: '1' } }],
      }),
    );
    const decoded = decodeServiceError({ code: sent.code!, details: sent.details!, metadata: sent.metadata! });
    const [violation] = decoded.fieldViolations;
    expect(describeViolation(violation!.reason, violation!.parameters, 'en')).toBe('Use at most 1 character.');
    expect(describeViolation('TOO_LONG', { max: '200' }, 'en')).toBe('Use at most 200 characters.');
    expect(describeViolation(violation!.reason, { max: '10000' }, 'ja')).toBe('10,000文字以内で入力してください。');
    // What any gRPC client sees: google.rpc.BadRequest with the reason, English and Japanese texts.
    const protobuf = (await import('protobufjs')).default;
    const root = new protobuf.Root();
    root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'].map((f) => `${protoRoot()}/${f}`));
    const status = root.lookupType('google.rpc.Status').decode(sent.metadata!.get('grpc-status-details-bin')[0] as Buffer) as unknown as {
      details: { type_url: string; value: Uint8Array }[];
    };
    const badRequest = status.details.find((d) => d.type_url.endsWith('google.rpc.BadRequest'))!;
    expect(root.lookupType('google.rpc.BadRequest').toObject(root.lookupType('google.rpc.BadRequest').decode(badRequest.value))).toEqual({
      fieldViolations: [
        {
          field: 'title',
          reason: 'TOO_LONG',
          description: 'Use at most 1 character.',
          localizedMessage: { locale: 'ja-JP', message: '1文字以内で入力してください。' },
        },
      ],
    });
  });

  it('decodes a plain gRPC error from something that is not Renkei without inventing a reason', () => {
    const decoded = decodeServiceError({ code: grpc.status.UNAVAILABLE, details: 'connect ECONNREFUSED', metadata: new grpc.Metadata() });
    expect(decoded.reason).toBeUndefined();
    expect(decoded.message).toBe('connect ECONNREFUSED');
  });
});
