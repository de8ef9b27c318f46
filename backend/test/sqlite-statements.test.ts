// The SQLite connection keeps its prepared statements (db/database.ts): a kept statement must
// answer as a fresh one would — after another process changed the schema (renkei-admin migrating
// beside the server), and after a stream of its rows was given up half-way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database';

const dir = mkdtempSync(join(tmpdir(), 'renkei-sqlite-statements-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kept SQLite statements', () => {
  it('read a column another process added after the statement was first used', async () => {
    const path = join(dir, 'schema.sqlite');
    const server = openDatabase({ engine: 'sqlite', path });
    await sql`create table notes (id integer primary key, body text not null)`.execute(server.db);
    await sql`insert into notes (id, body) values (1, '服薬確認')`.execute(server.db);
    const read = () => sql<Record<string, unknown>>`select * from notes where id = ${1}`.execute(server.db);
    expect((await read()).rows).toEqual([{ id: 1, body: '服薬確認' }]);

    const admin = new SQLite(path);
    admin.exec(`alter table notes add column author text not null default '訪問看護師'`);
    admin.close();

    expect((await read()).rows).toEqual([{ id: 1, body: '服薬確認', author: '訪問看護師' }]);
    await server.close();
  });

  it('answer the same query again after a stream of its rows was left half-read', async () => {
    const server = openDatabase({ engine: 'sqlite', path: join(dir, 'busy.sqlite') });
    await sql`create table visits (id integer primary key, day text not null)`.execute(server.db);
    for (let id = 1; id <= 5; id++) await sql`insert into visits (id, day) values (${id}, ${`2026-12-0${id}`})`.execute(server.db);
    const query = server.db
      .selectFrom('visits' as never)
      .select(['id' as never])
      .orderBy('id' as never);

    const streamed: unknown[] = [];
    for await (const row of query.stream()) {
      streamed.push(row);
      if (streamed.length === 2) break;
    }
    // The kept statement was left mid-way; running it again must start over, not fail as busy.
    expect(await query.execute()).toEqual([1, 2, 3, 4, 5].map((id) => ({ id })));
    await server.close();
  });
});
