// Migration 0019-hospital-data (SQLite or PostgreSQL, as the test engine): the hospital patient
// links and the imported facts' tables, and LAB_RESULTS in the chart policy seeded from the
// defaults (read like vital signs, written by nobody) without touching a rule the region changed.
// The import on the migrated schema: hospital-data.test.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHART_POLICY } from '../src/access/default-chart-policy';
import { isUniqueViolation, type RenkeiDatabase } from '../src/db/database';
import { migrateTo, migrateToLatest } from '../src/db/migrate';
import { openEmptyDatabase } from './support/empty-database';

let database: RenkeiDatabase;
let remove: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ database, remove } = await openEmptyDatabase());
});
afterAll(async () => {
  await remove?.();
});

const TABLES = ['hospital_patient_links', 'hospital_messages', 'hospital_allergies', 'hospital_diagnoses', 'hospital_prescriptions', 'hospital_lab_results'];

describe('migration 0019-hospital-data', () => {
  it('adds the hospital data tables and LAB_RESULTS to the chart policy, leaving the rules a region changed', async () => {
    await migrateTo(database, '0018-patient-archive');
    const before = new Set((await database.db.introspection.getTables()).map((t) => t.name));
    expect(TABLES.filter((name) => before.has(name))).toEqual([]);
    // The region let care workers read vital signs: that stays.
    await database.db
      .updateTable('chart_policy')
      .set({ can_read: 1, updated_by: 'admin:test' })
      .where('record_kind', '=', 'VITAL_SIGNS')
      .where('role', '=', 'CARE_TEAM_ROLE_CARE_WORKER')
      .execute();
    const policyBefore = await database.db.selectFrom('chart_policy').selectAll().orderBy('record_kind').orderBy('role').execute();
    expect(policyBefore.filter((rule) => rule.record_kind === 'LAB_RESULTS')).toEqual([]);

    await migrateToLatest(database);
    const after = new Set((await database.db.introspection.getTables()).map((t) => t.name));
    expect(TABLES.filter((name) => !after.has(name))).toEqual([]);
    const policyAfter = await database.db.selectFrom('chart_policy').selectAll().orderBy('record_kind').orderBy('role').execute();
    expect(policyAfter.filter((rule) => rule.record_kind !== 'LAB_RESULTS')).toEqual(policyBefore);
    const labRules = policyAfter
      .filter((rule) => rule.record_kind === 'LAB_RESULTS')
      .map((rule) => ({ role: rule.role, canRead: Number(rule.can_read) === 1, canWrite: Number(rule.can_write) === 1, by: rule.updated_by }));
    const defaults = DEFAULT_CHART_POLICY.filter((rule) => rule.recordKind === 'LAB_RESULTS').map((rule) => ({
      role: rule.role,
      canRead: rule.canRead,
      canWrite: false,
      by: 'migration:0019-hospital-data',
    }));
    expect(labRules.sort((a, b) => a.role.localeCompare(b.role))).toEqual(defaults.sort((a, b) => a.role.localeCompare(b.role)));
    expect(labRules.find((rule) => rule.role === 'CARE_TEAM_ROLE_CARE_WORKER')?.canRead).toBe(false);
    expect(labRules.find((rule) => rule.role === 'CARE_TEAM_ROLE_VISITING_NURSE')?.canRead).toBe(true);
  });

  it('links one hospital patient ID to one patient per hospital', async () => {
    const at = new Date().toISOString();
    const facility = {
      id: randomUUID(),
      name: '宮崎中央病院',
      name_kana: 'ミヤザキ',
      kind: 'FACILITY_KIND_HOSPITAL',
      postal_code: '',
      address: '',
      phone: '',
      fax: '',
      created_at: at,
    };
    await database.db.insertInto('facilities').values(facility).execute();
    const patient = (n: number) => ({
      id: randomUUID(),
      family_name: '宮崎',
      given_name: 'ハル',
      family_name_kana: 'ミヤザキ',
      given_name_kana: 'ハル',
      search_written: '',
      search_reading: '',
      birth_date: '1938-04-02',
      sex: 'SEX_FEMALE',
      postal_code: '',
      address: '',
      phone: '',
      care_level: 'CARE_LEVEL_CARE_3',
      key_person: '',
      registered_by_facility_id: facility.id,
      created_at: at,
      updated_at: at,
      regional_number: n,
    });
    const [first, second] = [patient(1), patient(2)];
    await database.db.insertInto('patients').values([first, second]).execute();
    const link = (patientId: string, hospitalPatientId: string) => ({
      id: randomUUID(),
      facility_id: facility.id,
      hospital_patient_id: hospitalPatientId,
      patient_id: patientId,
      linked_at: at,
      linked_by: 'admin:test',
    });
    await database.db
      .insertInto('hospital_patient_links')
      .values([link(first.id, '9999013'), link(first.id, '9999014')])
      .execute();
    const twice = await database.db
      .insertInto('hospital_patient_links')
      .values(link(second.id, '9999013'))
      .execute()
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isUniqueViolation(twice)).toBe(true);
  });
});
