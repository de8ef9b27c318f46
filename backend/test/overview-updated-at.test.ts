// 「記録の最終更新」: the overview's updated_at moves when the chart is written, not only when the
// patient's profile or care team changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closeClients } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

const instant = (timestamp: { seconds: string | number; nanos: number }) => new Date(Number(timestamp.seconds) * 1000 + timestamp.nanos / 1e6).toISOString();

describe('the record’s last update on the overview', () => {
  it('moves to the time a progress note was saved', async () => {
    const doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    const patient = await region.patient();
    await region.join(patient.id, doctor.id);
    const credentials = await region.session(doctor.login_id);
    const overview = () => call(region.clinical, 'PatientService', 'GetPatientOverview', { patientId: patient.id }, credentials);
    const before = instant((await overview()).updatedAt);

    backend.clock.advance(60 * 60_000);
    const note = await call(
      region.clinical,
      'ProgressNoteService',
      'WriteNote',
      { patientId: patient.id, soap: { subjective: '', objective: 'BP 128/76', assessment: '', plan: '' } },
      credentials,
    );
    const after = instant((await overview()).updatedAt);
    expect(after).toBe(instant(note.recordedAt));
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
  });
});
