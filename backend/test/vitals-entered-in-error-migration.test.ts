// Migration 0012-vitals-entered-in-error (SQLite or PostgreSQL, as the test engine): the vital
// sign records gain who marked an observation entered in error, when and why, every column
// nullable with no default, so each observation recorded before stays in force (NULL
// entered_in_error_at). Marking and listing on the migrated schema: medications-vitals.test.ts.
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

const MARK_COLUMNS = [
  'entered_in_error_at',
  'entered_in_error_reason',
  'entered_in_error_user_id',
  'entered_in_error_profession',
  'entered_in_error_facility_id',
  'entered_in_error_device_id',
];

async function columnsOfVitals(): Promise<Map<string, { isNullable: boolean; hasDefaultValue: boolean }>> {
  const tables = await database.db.introspection.getTables();
  const table = tables.find((t) => t.name === 'vital_sign_records')!;
  return new Map(table.columns.map((c) => [c.name, { isNullable: c.isNullable, hasDefaultValue: c.hasDefaultValue }]));
}

describe('migration 0012-vitals-entered-in-error', () => {
  it('adds the mark as nullable columns without defaults: observations recorded before stay in force', async () => {
    await migrateTo(database, '0009-search-folding');
    const before = await columnsOfVitals();
    expect(MARK_COLUMNS.filter((name) => before.has(name))).toEqual([]);

    await migrateToLatest(database);
    const after = await columnsOfVitals();
    for (const name of MARK_COLUMNS) expect(after.get(name), name).toEqual({ isNullable: true, hasDefaultValue: false });
    // The columns the observation had keep their shape.
    for (const [name, shape] of before) expect(after.get(name), name).toEqual(shape);
  });
});
