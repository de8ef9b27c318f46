// Saving a patient's record as FHIR through the desktop core, against a real backend (TLS, SQLite
// or PostgreSQL) and the real OS keychain: the patient's JP Core Bundle is fetched, then saved where
// the save dialog says, the server recording the export; a cancelled dialog writes nothing; a draft
// 診療情報提供書 is refused with the server's reason, writing nothing; someone not on the care team
// is refused; without a dialog (a page of its own) the core says so.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDevice, TEST_PASSWORD, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import { osKeychain } from '../../src/core/keychain/keychain';
import { RenkeiCore } from '../../src/core/renkei-core';
import { failure } from './support/clinic-pc';

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
}, 120_000);
afterAll(async () => {
  await backend?.stop();
});

async function coreFor(office: TestRegion, loginId: string, dataDir: string): Promise<RenkeiCore> {
  const core = await RenkeiCore.start({
    dataDir,
    tunnel: null,
    keychain: osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`),
    syncIntervalMs: 3_600_000,
  });
  const status = await core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await office.code(), deviceName: '診察室PC' });
  await approveDevice(backend.database, (status.device as { deviceId: string }).deviceId, 'admin:jimukyoku@renkei-server', backend.clock.now());
  await core.refreshDevice();
  await core.login({ loginId, password: TEST_PASSWORD });
  return core;
}

describe('FHIR export on a clinic PC', () => {
  const work = mkdtempSync(join(tmpdir(), 'renkei-desktop-fhir-'));
  const saveDir = join(work, 'saved');
  let doctor: RenkeiCore;
  let outsider: RenkeiCore;
  let patientId: string;

  beforeAll(async () => {
    const doctorUser = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    const otherUser = await region.user('PROFESSION_DOCTOR', ['他人', '一郎']);
    patientId = (await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミライト' })).id;
    await region.join(patientId, doctorUser.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    doctor = await coreFor(region, doctorUser.login_id, join(work, 'doctor'));
    outsider = await coreFor(region, otherUser.login_id, join(work, 'outsider'));
    mkdirSync(saveDir);
  }, 180_000);
  afterAll(async () => {
    await doctor?.stop();
    await outsider?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('saves the patient’s JP Core Bundle where the dialog says, and the server records it; a cancelled dialog writes nothing', async () => {
    const cancelled = await doctor.saveFhirExportTo({ patientId, formId: '' }, async (name) => {
      expect(name).toMatch(/^fhir-patient-\d{6}-\d{8}\.json$/);
      return null;
    });
    expect(cancelled.saved).toBe(false);
    expect(readdirSync(saveDir)).toEqual([]);

    const saved = await doctor.saveFhirExportTo({ patientId, formId: '' }, async (name) => join(saveDir, name));
    expect(saved.saved).toBe(true);
    const bundle = JSON.parse(readFileSync(join(saveDir, saved.fileName), 'utf8'));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry[0].resource.name.map((n: { text: string }) => n.text)).toEqual(['宮崎 未来斗', 'ミヤザキ ミライト']);
    const recorded = await backend.database.db
      .selectFrom('audit_events')
      .select('outcome')
      .where('action', '=', 'patient.fhir.export')
      .where('patient_id', '=', patientId)
      .execute();
    expect(recorded.map((r) => r.outcome)).toEqual(['ok', 'ok']);
  });

  it('refuses a draft 診療情報提供書 with the server’s reason, writing nothing', async () => {
    const form = await doctor.createForm({ patientId, documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER', title: '', values: {} });
    const target = join(work, 'draft.json');
    const refused = await failure(doctor.saveFhirExportTo({ patientId, formId: form.formId }, async () => target));
    expect(refused.reason).toBe('FHIR_EXPORT_NOT_FINALISED');
    expect(refused.message.ja).toContain('下書き');
    expect(existsSync(target)).toBe(false);
  });

  it('refuses someone not on the care team, and says a page of its own cannot choose where to save', async () => {
    const target = join(work, 'outsider.json');
    expect((await failure(outsider.saveFhirExportTo({ patientId, formId: '' }, async () => target))).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    expect(existsSync(target)).toBe(false);
    expect((await failure(doctor.saveFhirExport({ patientId, formId: '' }))).reason).toBe('SAVE_DIALOG_UNAVAILABLE');
  });
});
