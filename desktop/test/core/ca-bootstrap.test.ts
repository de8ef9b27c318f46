import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaPinMismatchError, ServerUnreachableError, fetchPinnedCa, splitHostPort } from '../../src/core/device/ca-bootstrap';
import { startTestBackend, type TestBackend } from '@renkei/backend/test-support';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await backend?.stop();
});

describe('trusting the server on first contact', () => {
  it('returns the CA the enrollment code pins', async () => {
    const { port } = splitHostPort(backend.enrollmentAddress, 7443);
    expect(await fetchPinnedCa('127.0.0.1', port, backend.caPin)).toBe(backend.caPem.replace(/\n?$/, '\n'));
  });

  it('refuses a server that cannot show the pinned CA', async () => {
    const { port } = splitHostPort(backend.enrollmentAddress, 7443);
    await expect(fetchPinnedCa('127.0.0.1', port, randomBytes(15))).rejects.toThrow(CaPinMismatchError);
  });

  it('tells an unreachable server apart', async () => {
    await expect(fetchPinnedCa('127.0.0.1', 1, backend.caPin, 2000)).rejects.toThrow(ServerUnreachableError);
  });

  it('reads server addresses with and without a port', () => {
    expect(splitHostPort('renkei.example.jp', 7443)).toEqual({ host: 'renkei.example.jp', port: 7443 });
    expect(splitHostPort('192.0.2.1:9443', 7443)).toEqual({ host: '192.0.2.1', port: 9443 });
    expect(splitHostPort('[2001:db8::1]:8443', 7443)).toEqual({ host: '2001:db8::1', port: 8443 });
  });
});
