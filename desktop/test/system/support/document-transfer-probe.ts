// Run inside the clinic network namespace, in the clinic PC's environment (its data directory and
// keychain): files documents through the real WireGuard tunnel with this PC's device credentials
// and the logged-in user's session, exactly as the app's core holds them, and downloads each filed
// one back. Uses the backend tests' streaming client (chunks of 256 KiB, waiting for 'drain').
// Usage: document-transfer-probe.ts '<json plan>'   plan: { uploads: [{ path, header }] }
// Prints one JSON object: { results: [...] } in the order of the plan.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { CallFailed, closeDocumentClients, downloadDocument, uploadDocument } from '@renkei/backend/test-support';
import { DeviceRecordStore } from '../../../src/core/device/device-record';
import { KeychainAccount, osKeychain } from '../../../src/core/keychain/keychain';

interface PlannedUpload {
  path: string;
  header: Record<string, unknown> & { patientId: string };
}

type Result =
  | {
      ok: true;
      document: any;
      alreadyFiled: boolean;
      uploadMs: number;
      downloadMs: number;
      downloaded: { sha256: string; size: number; chunks: number; largestChunk: number };
    }
  | { ok: false; code: number; reason: string | undefined; message: string };

const plan = JSON.parse(process.argv[2] ?? '{}') as { uploads: PlannedUpload[] };
const dataDir = process.env.RENKEI_DATA_DIR;
if (!dataDir) throw new Error("RENKEI_DATA_DIR must name the clinic PC's data directory");
const record = new DeviceRecordStore(dataDir).read();
if (!record?.clinicalApiAddress) throw new Error('this PC is not enrolled with a clinical address');
const keychain = osKeychain();
const secret = await keychain.get(KeychainAccount.deviceSecret(record.deviceId));
const session = JSON.parse((await keychain.get(KeychainAccount.session)) ?? 'null') as { token: string } | null;
if (!secret || !session) throw new Error('no device secret or session in the keychain: enroll and log in first');

const target = { address: record.clinicalApiAddress, caPem: record.caPem };
const credentials = { device: `${record.deviceId}.${secret}`, session: session.token };
const results: Result[] = [];
try {
  for (const { path, header } of plan.uploads) {
    try {
      const started = performance.now();
      const filed = await uploadDocument(target, credentials, { uploadId: randomUUID(), fileName: basename(path), ...header }, path, { deadlineMs: 300_000 });
      const uploadMs = performance.now() - started;
      const downloadStarted = performance.now();
      const downloaded = await downloadDocument(
        target,
        credentials,
        { patientId: header.patientId, documentId: filed.document.documentId },
        { deadlineMs: 300_000 },
      );
      const downloadMs = performance.now() - downloadStarted;
      results.push({
        ok: true,
        document: filed.document,
        alreadyFiled: filed.alreadyFiled,
        uploadMs,
        downloadMs,
        downloaded: { sha256: downloaded.sha256, size: downloaded.size, chunks: downloaded.chunks, largestChunk: downloaded.largestChunk },
      });
    } catch (error) {
      if (!(error instanceof CallFailed)) throw error;
      results.push({ ok: false, code: error.error.code, reason: error.error.reason, message: error.error.message });
    }
  }
} finally {
  closeDocumentClients();
}
process.stdout.write(JSON.stringify({ results, address: target.address }));
