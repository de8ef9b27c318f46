// Two connections to one SQLite file, as the server and renkei-admin (or a backup) are: a
// transaction that read before the other wrote still commits its own write, because it took the
// write lock when it began; the other writer is the one that waits (and, past its busy timeout, is
// told busy), never the transaction half-way. With SQLite's default deferred BEGIN the transaction's
// write failed with SQLITE_BUSY_SNAPSHOT, which no busy wait cures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, transaction } from '../src/db/database';

const dir = mkdtempSync(join(tmpdir(), 'renkei-sqlite-tx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite transactions beside another process', () => {
  it('take the write lock at BEGIN: the other writer waits, the transaction that read first commits', async () => {
    const path = join(dir, 'renkei.sqlite');
    const server = openDatabase({ engine: 'sqlite', path });
    await sql`create table counter (id integer primary key, n integer not null)`.execute(server.db);
    await sql`insert into counter (id, n) values (1, 0)`.execute(server.db);
    const admin = new SQLite(path);
    admin.pragma('busy_timeout = 50');

    let adminWrite = '';
    await transaction(server, async (tx) => {
      const { rows } = await sql<{ n: number }>`select n from counter where id = 1`.execute(tx.db);
      try {
        admin.prepare('update counter set n = n + 100 where id = 1').run();
        adminWrite = 'written';
      } catch (error) {
        adminWrite = String((error as { code?: unknown }).code);
      }
      await sql`update counter set n = ${rows[0]!.n + 1} where id = 1`.execute(tx.db);
    });

    expect(adminWrite).toBe('SQLITE_BUSY');
    admin.prepare('update counter set n = n + 100 where id = 1').run();
    expect(admin.prepare('select n from counter where id = 1').get()).toEqual({ n: 101 });
    admin.close();
    await server.close();
  });
});
