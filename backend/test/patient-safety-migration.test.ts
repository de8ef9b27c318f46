// Migration 0004-patient-safety on a database that already has patients (SQLite or PostgreSQL, as
// the test engine): every existing patient gets a regional number in the order they were
// registered, the numbers are unique, registration continues after the highest, and the chart
// policy gains EMERGENCY_INFO for every role (care workers read it, and do not write it).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenkeiDatabase } from '../src/db/database';
import { migrateTo, migrateToLatest } from '../src/db/migrate';
import { registerPatient } from '../src/patients/patients';
import { openEmptyDatabase } from './support/empty-database';

let database: RenkeiDatabase;
let remove: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ database, remove } = await openEmptyDatabase());
});
afterAll(async () => {
  await remove?.();
});

describe('migration 0004-patient-safety', () => {
  it('numbers the patients registered before it in registration order, and registration goes on from there', async () => {
    await migrateTo(database, '0003-timeline');
    const facilityId = randomUUID();
    await database.db
      .insertInto('facilities')
      .values({
        id: facilityId,
        name: '移行前診療所',
        name_kana: 'イコウマエ',
        kind: 'FACILITY_KIND_CLINIC',
        postal_code: '',
        address: '',
        phone: '',
        created_at: '2020-01-01T00:00:00.000Z',
      } as never)
      .execute();
    // Registered out of id order: the number follows the registration time, not the id.
    const registered = ['2021-03-01', '2019-05-01', '2020-07-01'].map((day) => ({ id: randomUUID(), at: `${day}T00:00:00.000Z` }));
    for (const [index, patient] of registered.entries()) {
      await database.db
        .insertInto('patients')
        .values({
          id: patient.id,
          family_name: '黒木',
          given_name: '昭子',
          family_name_kana: 'クロキ',
          given_name_kana: 'アキコ',
          search_written: '黒木昭子',
          search_reading: 'くろきあきこ',
          birth_date: `194${index}-01-01`,
          sex: 'SEX_FEMALE',
          postal_code: '',
          address: '',
          phone: '',
          care_level: 'CARE_LEVEL_CARE_1',
          key_person: '長女 黒木由美 090-0000-0000',
          registered_by_facility_id: facilityId,
          created_at: patient.at,
          updated_at: patient.at,
        } as never)
        .execute();
    }

    await migrateToLatest(database);

    const rows = await database.db.selectFrom('patients').select(['id', 'regional_number', 'key_person']).execute();
    const numberOf = new Map(rows.map((r) => [r.id, Number(r.regional_number)]));
    expect(registered.map((p) => numberOf.get(p.id))).toEqual([3, 1, 2]);
    // The free-text key person stays readable as it was.
    expect(rows.every((r) => r.key_person === '長女 黒木由美 090-0000-0000')).toBe(true);

    const next = await registerPatient(
      database,
      {
        familyName: '宮崎',
        givenName: '未来斗',
        familyNameKana: 'ミヤザキ',
        givenNameKana: 'ミクト',
        birthDate: '1948-11-07',
        sex: 'SEX_MALE',
        registeredByFacilityId: facilityId,
      },
      new Date(),
    );
    expect(next.regional_number).toBe(4);
    await expect(database.db.updateTable('patients').set({ regional_number: 1 }).where('id', '=', next.id).execute()).rejects.toThrow();
  });

  it('adds EMERGENCY_INFO to the chart policy: every role reads it, the doctors, the nurse and the care manager write it', async () => {
    const rules = await database.db.selectFrom('chart_policy').selectAll().where('record_kind', '=', 'EMERGENCY_INFO').execute();
    const byRole = new Map(rules.map((r) => [r.role, [Number(r.can_read), Number(r.can_write)]]));
    expect(byRole.get('CARE_TEAM_ROLE_CARE_WORKER')).toEqual([1, 0]);
    expect(byRole.get('CARE_TEAM_ROLE_PHARMACIST')).toEqual([1, 0]);
    expect(byRole.get('CARE_TEAM_ROLE_ATTENDING_DOCTOR')).toEqual([1, 1]);
    expect(byRole.get('CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR')).toEqual([1, 1]);
    expect(byRole.get('CARE_TEAM_ROLE_VISITING_NURSE')).toEqual([1, 1]);
    expect(byRole.get('CARE_TEAM_ROLE_CARE_MANAGER')).toEqual([1, 1]);
    expect(rules.every((r) => Number(r.can_read) === 1)).toBe(true);
  });
});
