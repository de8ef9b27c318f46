// Migration 0020-institution-number (SQLite or PostgreSQL, as the test engine): facilities gain
// medical_institution_number and forms addressee_facility_id, both nullable with no default, so
// every facility registered before has no number (its letters are refused for export, as before)
// and every form before has no addressee on record. Using them: fhir-export-rpc.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenkeiDatabase } from '../src/db/database';
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

async function columnsOf(name: string): Promise<Map<string, { isNullable: boolean; hasDefaultValue: boolean }>> {
  const tables = await database.db.introspection.getTables();
  const table = tables.find((t) => t.name === name)!;
  return new Map(table.columns.map((c) => [c.name, { isNullable: c.isNullable, hasDefaultValue: c.hasDefaultValue }]));
}

describe('migration 0020-institution-number', () => {
  it('adds the number and the addressee as nullable columns without defaults; a facility from before has none', async () => {
    await migrateTo(database, '0019-hospital-data');
    expect((await columnsOf('facilities')).has('medical_institution_number')).toBe(false);
    expect((await columnsOf('forms')).has('addressee_facility_id')).toBe(false);
    await database.db
      .insertInto('facilities')
      .values({
        id: '00000000-0000-4000-8000-000000000001',
        name: 'みやざき在宅クリニック',
        name_kana: 'ミヤザキザイタククリニック',
        kind: 'FACILITY_KIND_CLINIC',
        postal_code: '',
        address: '',
        phone: '',
        fax: '',
        created_at: new Date().toISOString(),
      } as never)
      .execute();

    await migrateToLatest(database);
    expect((await columnsOf('facilities')).get('medical_institution_number')).toEqual({ isNullable: true, hasDefaultValue: false });
    expect((await columnsOf('forms')).get('addressee_facility_id')).toEqual({ isNullable: true, hasDefaultValue: false });
    const before = await database.db.selectFrom('facilities').select('medical_institution_number').executeTakeFirstOrThrow();
    expect(before.medical_institution_number).toBeNull();
  });
});
