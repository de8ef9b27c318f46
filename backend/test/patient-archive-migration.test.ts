// Migration 0018-patient-archive (SQLite or PostgreSQL, as the test engine): patients gain when,
// by whom and why they were archived, every column nullable with no default, so each patient
// registered before stays in every list (NULL archived_at). Archiving on the migrated schema:
// patient-archive.test.ts.
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

const ARCHIVE_COLUMNS = ['archived_at', 'archived_by', 'archive_reason'];

async function columnsOfPatients(): Promise<Map<string, { isNullable: boolean; hasDefaultValue: boolean }>> {
  const tables = await database.db.introspection.getTables();
  const table = tables.find((t) => t.name === 'patients')!;
  return new Map(table.columns.map((c) => [c.name, { isNullable: c.isNullable, hasDefaultValue: c.hasDefaultValue }]));
}

describe('migration 0018-patient-archive', () => {
  it('adds the archive as nullable columns without defaults: patients registered before stay listed', async () => {
    await migrateTo(database, '0015-two-factor');
    const before = await columnsOfPatients();
    expect(ARCHIVE_COLUMNS.filter((name) => before.has(name))).toEqual([]);

    await migrateToLatest(database);
    const after = await columnsOfPatients();
    for (const name of ARCHIVE_COLUMNS) expect(after.get(name), name).toEqual({ isNullable: true, hasDefaultValue: false });
  });
});
