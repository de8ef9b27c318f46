// Filed documents across the real tunnel: the backend in the "cloud" network namespace behind its
// WireGuard interface, the clinic PC (tunnel service and desktop core) in the "clinic" namespace,
// as in the spine test. Real PDFs, a FAX TIFF and photos go up from the clinic through the tunnel
// and come back byte for byte; every hostile file is refused with its reason and leaves nothing on
// the server; a large PDF measures what the tunnel carries.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { namespaceTestsUnavailable, type TestNetwork } from '@renkei/wireguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_FILES, buildDocumentFixtures, defaultFixtureDirectory, makeLargePdf, type DocumentFixtures, fileDigest } from '@renkei/backend/test-support';
import { startDemoRegion, type DemoRegion } from '../../region/demo-region';
import type { AppStatus } from '../../src/shared/desktop-api';
import { until } from './support/until';

const unavailable = namespaceTestsUnavailable();
if (unavailable && process.env.CI) throw new Error(`CI must run the system test: ${unavailable}`);

const PASSWORD = 'system-test-password-1';
const probe = new URL('./support/document-transfer-probe.ts', import.meta.url).pathname;

describe.skipIf(unavailable)('documents through the real tunnel', { timeout: 300_000 }, () => {
  let region: DemoRegion;
  let net: TestNetwork;
  let files: DocumentFixtures;
  let largePdf: string;
  let patientId: string;
  const logs: string[] = [];

  /** Runs the probe in the clinic namespace, as the clinic PC (its data directory and keychain). */
  function transfer(uploads: { path: string; header: Record<string, unknown> }[]): Promise<{ results: any[]; address: string }> {
    return new Promise((resolve, reject) => {
      const child = net.spawnIn(
        net.clinic,
        process.execPath,
        ['--import', 'tsx', probe, JSON.stringify({ uploads: uploads.map((u) => ({ ...u, header: { patientId, ...u.header } })) })],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, ...region.clinicPc.env },
        },
      );
      let out = '';
      let err = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the probe exited with ${code}:\n${err.slice(-3000)}`))));
    });
  }

  /** Bytes the cloud's WireGuard interface has received from the clinic PC. */
  async function tunnelReceived(): Promise<number> {
    const out = await net.runIn(net.cloud, 'wg', ['show', region.cloudInterface!, 'transfer']);
    return out
      .trim()
      .split('\n')
      .filter(Boolean)
      .reduce((sum, line) => sum + Number(line.split('\t')[1] ?? 0), 0);
  }

  function serverRows(): { versions: number; blobs: number } {
    const db = new Database(join(region.dataDir, 'renkei.sqlite'), { readonly: true });
    try {
      const versions = (db.prepare('select count(*) as n from document_versions').get() as { n: number }).n;
      const blobs = (db.prepare('select count(*) as n from blobs').get() as { n: number }).n;
      return { versions, blobs };
    } finally {
      db.close();
    }
  }

  function serverBlobFiles(): { stored: string[]; temporary: string[] } {
    const root = join(region.dataDir, 'blobs');
    const stored = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.parentPath.startsWith(join(root, 'tmp')))
      .map((e) => e.name);
    return { stored, temporary: readdirSync(join(root, 'tmp')) };
  }

  beforeAll(async () => {
    const fixtureDir = defaultFixtureDirectory();
    [region, files] = await Promise.all([
      startDemoRegion({ network: 'namespaces', password: PASSWORD, loginFailureDelayMs: 200, log: (line) => logs.push(line) }),
      buildDocumentFixtures(fixtureDir),
    ]);
    largePdf = await makeLargePdf(fixtureDir, 20_000_000);
    net = region.net!;
    const { clinic } = region;
    await clinic.enroll({ serverAddress: region.serverAddress, enrollmentCode: await region.inviteCode(), deviceName: '本院 文書登録PC' });
    await region.approvePending();
    await clinic.call('refreshDevice');
    await until(
      'the tunnel to come up',
      () => clinic.call<AppStatus>('getStatus'),
      (s) => s.tunnel.phase === 'up',
    );
    await clinic.call('login', { loginId: 'dr.kuroki', password: PASSWORD });
    const db = new Database(join(region.dataDir, 'renkei.sqlite'), { readonly: true });
    patientId = (
      db
        .prepare(
          "select m.patient_id from care_team_memberships m join users u on u.id = m.user_id where u.login_id = 'dr.kuroki' and m.role = 'CARE_TEAM_ROLE_ATTENDING_DOCTOR' and m.left_at is null order by m.patient_id limit 1",
        )
        .get() as { patient_id: string }
    ).patient_id;
    db.close();
  });

  afterAll(async () => {
    await region?.stop();
    if (process.env.RENKEI_SYSTEM_LOGS) console.log(logs.join('\n'));
  });

  it('files real documents from the clinic through the tunnel and gives them back byte for byte', async () => {
    const accepted = [
      { path: files.referralPdf, header: { documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER', issuedOn: '2025-04-01', issuer: 'みやざき在宅クリニック 黒木健一' } },
      { path: files.multiPagePdf, header: { documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER' } },
      { path: files.faxTiff, header: { documentType: 'DOCUMENT_TYPE_OTHER', title: 'FAX受信 4月1日' } },
      { path: files.photoJpeg, header: { documentType: 'DOCUMENT_TYPE_OTHER' } },
      { path: files.scanPng, header: { documentType: 'DOCUMENT_TYPE_CARE_PLAN' } },
      {
        path: files.referralPdf,
        header: {
          documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
          fileName: '../../etc/訪問看護指示書.pdf',
          validFrom: '2025-04-01',
          validUntil: '2025-09-30',
        },
      },
    ];
    const { results, address } = await transfer(accepted);
    expect(address).toBe(`${net.tunnelAddress(1)}:7444`);
    for (const [index, result] of results.entries()) {
      const digest = await fileDigest(accepted[index]!.path);
      expect(result, basename(accepted[index]!.path)).toMatchObject({
        ok: true,
        alreadyFiled: false,
        document: { size: digest.size, sha256: digest.sha256, patientId },
      });
      expect(result.downloaded).toEqual({
        sha256: digest.sha256,
        size: digest.size,
        chunks: Math.ceil(digest.size / (256 * 1024)),
        largestChunk: Math.min(digest.size, 256 * 1024),
      });
    }
    expect(results.map((r) => r.document.mediaType)).toEqual([
      'MEDIA_TYPE_PDF',
      'MEDIA_TYPE_PDF',
      'MEDIA_TYPE_TIFF',
      'MEDIA_TYPE_JPEG',
      'MEDIA_TYPE_PNG',
      'MEDIA_TYPE_PDF',
    ]);
    expect(results[2].document.pageCount).toBe(3);
    expect(results[5].document).toMatchObject({ fileName: '訪問看護指示書.pdf', validUntil: '2025-09-30' });
    expect(results[0].document.uploadedBy).toMatchObject({ name: { family: '黒木' }, profession: 'PROFESSION_DOCTOR' });
  });

  it('refuses every hostile file sent through the tunnel with its reason, leaving nothing on the server', async () => {
    const before = { rows: serverRows(), files: serverBlobFiles() };
    const hostile = HOSTILE_FILES;
    const { results } = await transfer(
      hostile.map(([key]) => ({ path: files[key], header: { documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER', fileName: `..\\..\\${basename(files[key])}` } })),
    );
    expect(results.map((r) => [r.ok, r.reason])).toEqual(hostile.map(([, reason]) => [false, reason]));
    for (const [index, result] of results.entries()) expect(result.message).toContain(`「${basename(files[hostile[index]![0]])}」`);
    expect(serverRows()).toEqual(before.rows);
    expect(serverBlobFiles()).toEqual({ stored: before.files.stored, temporary: [] });
  });

  it('carries a large PDF through the tunnel (measured)', async () => {
    const digest = await fileDigest(largePdf);
    const received = await tunnelReceived();
    const { results } = await transfer([{ path: largePdf, header: { documentType: 'DOCUMENT_TYPE_DISCHARGE_SUMMARY' } }]);
    const [result] = results;
    expect(result).toMatchObject({
      ok: true,
      document: { sha256: digest.sha256, size: digest.size },
      downloaded: { sha256: digest.sha256, size: digest.size },
    });
    // The bytes really crossed the WireGuard interface (with its overhead), not some other path.
    expect((await tunnelReceived()) - received).toBeGreaterThan(digest.size);
    const mb = digest.size / 1024 / 1024;
    console.log(
      `[documents.system] ${mb.toFixed(1)} MB PDF (${result.document.pageCount} pages) through WireGuard between namespaces: ` +
        `upload ${Math.round(result.uploadMs)} ms (${(mb / (result.uploadMs / 1000)).toFixed(1)} MB/s, including the server's qpdf check), ` +
        `download ${Math.round(result.downloadMs)} ms (${(mb / (result.downloadMs / 1000)).toFixed(1)} MB/s)`,
    );
    expect(serverBlobFiles().temporary).toEqual([]);
  });
});
