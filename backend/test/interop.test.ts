// Any gRPC client can discover and call the API: Python's grpcio (a different implementation from
// grpc-js, on the C core) checks health, lists services by reflection and calls Enroll from the
// reflected descriptors, over TLS with the region's CA.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from './support/test-backend';

const require = createRequire(import.meta.url);
const healthProtoDir = join(dirname(require.resolve('grpc-health-check/package.json')), 'proto');
const reflectionProtoDir = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
const renkeiProtoDir = dirname(require.resolve('@renkei/proto/package.json'));
// Debian's python3-grpcio and python3-grpc-tools live with the system interpreter.
const python = '/usr/bin/python3';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await backend?.stop();
});

function runClient(address: string): Promise<any> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      [
        new URL('./interop/grpcio_client.py', import.meta.url).pathname,
        address,
        join(backend.dataDir, 'tls', 'ca.pem'),
        healthProtoDir,
        reflectionProtoDir,
        renkeiProtoDir,
      ],
      { timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    );
  });
}

describe('a Python grpcio client', () => {
  it('checks health, discovers the enrollment API by reflection and gets a standard rich error', async () => {
    const result = await runClient(backend.enrollmentAddress);
    expect(result.health).toEqual({ '': 'SERVING', 'renkei.v1.EnrollmentService': 'SERVING' });
    expect(result.services).toEqual(['grpc.health.v1.Health', 'renkei.v1.EnrollmentService']);
    expect(result.enroll).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'ENROLLMENT_CODE_MALFORMED', locales: ['en-US', 'ja-JP'] });
    expect(result.enroll.details).toContain('登録コードの形式が正しくありません');
  });
});
