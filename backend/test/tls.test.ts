// The listeners speak TLS 1.3, or TLS 1.2 with ECDHE and an AEAD cipher only (IPA's 高セキュリティ型):
// a client offering only what the guideline leaves out gets no connection. Probed with Node's TLS
// client, offering one suite at a time, against the real listeners.
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await backend?.stop();
});

/** The cipher the listener agreed to, or the reason it refused. */
function handshake(
  address: string,
  options: { ciphers?: string; minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; maxVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' },
) {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  return new Promise<{ cipher?: string; refused?: string }>((resolve) => {
    const socket = connect({ host, port, ca: backend.caPem, ALPNProtocols: ['h2'], checkServerIdentity: () => undefined, ...options }, () => {
      resolve({ cipher: socket.getCipher().name });
      socket.destroy();
    });
    socket.once('error', (error) => resolve({ refused: error.message }));
  });
}

describe('TLS on the listeners', () => {
  for (const listener of ['enrollment', 'clinical'] as const) {
    it(`${listener}: agrees to TLS 1.3 and to ECDHE with AEAD on TLS 1.2`, async () => {
      const address = listener === 'enrollment' ? backend.enrollmentAddress : backend.clinicalAddress;
      expect((await handshake(address, { maxVersion: 'TLSv1.3', minVersion: 'TLSv1.3' })).cipher).toMatch(/^TLS_/);
      for (const suite of ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305']) {
        expect(await handshake(address, { ciphers: suite, maxVersion: 'TLSv1.2' })).toEqual({ cipher: suite });
      }
    });

    it(`${listener}: refuses CBC and CCM suites on TLS 1.2, and TLS 1.1`, async () => {
      const address = listener === 'enrollment' ? backend.enrollmentAddress : backend.clinicalAddress;
      for (const suite of [
        'ECDHE-ECDSA-AES128-SHA',
        'ECDHE-ECDSA-AES256-SHA',
        'ECDHE-ECDSA-AES128-SHA256',
        'ECDHE-ECDSA-AES256-SHA384',
        'ECDHE-ECDSA-AES128-CCM8',
        'ECDHE-ECDSA-AES128-CCM',
      ]) {
        const answer = await handshake(address, { ciphers: suite, maxVersion: 'TLSv1.2' });
        expect(answer.cipher, suite).toBeUndefined();
        expect(answer.refused, suite).toMatch(/handshake failure|no shared cipher|no ciphers available/i);
      }
      const old = await handshake(address, { ciphers: 'DEFAULT@SECLEVEL=0', minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
      expect(old.cipher).toBeUndefined();
    });
  }
});
