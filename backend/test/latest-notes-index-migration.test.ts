// Migration 0021-latest-notes-index (SQLite or PostgreSQL, as the test engine): the progress notes
// gain an index in the order the overview and ListNotes read them (newest observation, newest
// recorded, id), which replaces the older one it extends. Notes written before keep their order on
// the overview: progress-notes.test.ts reads the latest notes on the migrated schema.
import { sql } from 'kysely';
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

async function indexesOfNotes(): Promise<string[]> {
  const { rows } =
    database.engine === 'postgres'
      ? await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'progress_note_versions'`.execute(database.db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'progress_note_versions'`.execute(database.db);
  return rows.map((r) => r.name).sort();
}

describe('migration 0021-latest-notes-index', () => {
  it('indexes the notes in the order they are read, in place of the index it extends', async () => {
    await migrateTo(database, '0020-institution-number');
    const before = await indexesOfNotes();
    expect(before).toContain('progress_notes_current');
    expect(before).not.toContain('progress_notes_latest');

    await migrateToLatest(database);
    const after = await indexesOfNotes();
    expect(after).toContain('progress_notes_latest');
    expect(after).not.toContain('progress_notes_current');
    // The other indexes (primary key, uniqueness of versions and request ids) stay.
    expect(after.filter((name) => name !== 'progress_notes_latest')).toEqual(before.filter((name) => name !== 'progress_notes_current'));
  });
});
