// An empty database of the test engine (SQLite file or a new PostgreSQL database), for tests that
// migrate it step by step themselves; `remove` closes and deletes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type RenkeiDatabase } from '../../src/db/database';
import { TEST_ENGINE, createPostgresDatabase } from './test-backend';

export interface EmptyDatabase {
  database: RenkeiDatabase;
  remove(): Promise<void>;
}

export async function openEmptyDatabase(): Promise<EmptyDatabase> {
  if (TEST_ENGINE === 'postgres') {
    const postgres = await createPostgresDatabase();
    const database = openDatabase({ engine: 'postgres', url: postgres.url });
    return {
      database,
      async remove() {
        await database.close();
        await postgres.drop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'renkei-migration-'));
  const database = openDatabase({ engine: 'sqlite', path: join(dir, 'renkei.sqlite') });
  return {
    database,
    async remove() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
