// PostgreSQL connections keep their statements prepared by name (db/database.ts): a kept statement
// must answer as a fresh one would — after renkei-admin changed a table's shape beside the server,
// and inside a transaction — and no connection keeps more than its bound. The SQLite project runs
// its own (sqlite-statements.test.ts).
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, transaction } from '../src/db/database';
import { TEST_ENGINE, createPostgresDatabase } from './support/test-backend';

const onPostgres = it.runIf(TEST_ENGINE === 'postgres');
const databases: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function freshDatabase() {
  const database = await createPostgresDatabase();
  databases.push(database);
  return database.url;
}

/** The names of the statements this transaction's connection has prepared. */
async function preparedHere(tx: Parameters<Parameters<typeof transaction>[1]>[0]): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(tx.db);
  return rows.map((r) => r.statement);
}

describe('kept PostgreSQL statements', () => {
  onPostgres('prepare a query with parameters once per connection, and not one without', async () => {
    const server = openDatabase({ engine: 'postgres', url: await freshDatabase() });
    await sql`create table notes (id integer primary key, body text not null)`.execute(server.db);
    await sql`insert into notes (id, body) values (${1}, ${'服薬確認'})`.execute(server.db);
    await transaction(server, async (tx) => {
      const read = () => sql<{ body: string }>`select body from notes where id = ${1}`.execute(tx.db);
      expect((await read()).rows).toEqual([{ body: '服薬確認' }]);
      expect((await read()).rows).toEqual([{ body: '服薬確認' }]);
      const prepared = await preparedHere(tx);
      expect(prepared.filter((text) => text === 'select body from notes where id = $1')).toHaveLength(1);
      expect(prepared.some((text) => text.includes('pg_prepared_statements'))).toBe(false);
    });
    await server.close();
  });

  onPostgres('read a column another process added after the statement was first used', async () => {
    const url = await freshDatabase();
    const server = openDatabase({ engine: 'postgres', url });
    await sql`create table notes (id integer primary key, body text not null)`.execute(server.db);
    await sql`insert into notes (id, body) values (${1}, ${'服薬確認'})`.execute(server.db);
    const read = () => sql<Record<string, unknown>>`select * from notes where id = ${1}`.execute(server.db);
    // Several times, so that every pooled connection that answers has the statement and its plan.
    for (let i = 0; i < 8; i++) expect((await read()).rows).toEqual([{ id: 1, body: '服薬確認' }]);

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`alter table notes add column author text not null default '訪問看護師'`);
    await admin.end();

    for (let i = 0; i < 8; i++) expect((await read()).rows).toEqual([{ id: 1, body: '服薬確認', author: '訪問看護師' }]);
    await server.close();
  });

  onPostgres('keep at most 500 statements on one connection; past that, statements still answer, unnamed', async () => {
    const server = openDatabase({ engine: 'postgres', url: await freshDatabase() });
    await transaction(server, async (tx) => {
      for (let n = 1; n <= 520; n++) {
        // A text per length of the list, as `where id in (…)` makes them.
        const list = Array.from({ length: n }, (_, i) => i + 1);
        const { rows } = await sql<{
          found: number;
        }>`select count(*)::int as found from generate_series(1, 600) as g(id) where id in (${sql.join(list)})`.execute(tx.db);
        expect(rows).toEqual([{ found: n }]);
      }
      expect(await preparedHere(tx)).toHaveLength(500);
    });
    await server.close();
  });
});
