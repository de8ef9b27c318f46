import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHead, recordAudit, verifyAuditChain } from '../src/audit/audit-log';
import { databaseLocation, dataDirectory, loadServerConfig } from '../src/config/server-config';
import { openDatabase } from '../src/db/database';
import { startTestBackend, TEST_ENGINE, type TestBackend } from './support/test-backend';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await backend?.stop();
});

describe('audit chain', () => {
  it('verifies an untouched log and finds the first altered or removed event', async () => {
    for (let i = 0; i < 5; i++) {
      await recordAudit(backend.database, { action: 'patient.overview.read', outcome: 'ok', actorLabel: `reader-${i}`, detail: { i } }, backend.clock.now());
    }
    const intact = await verifyAuditChain(backend.database);
    expect(intact.brokenAtSeq).toBeUndefined();
    expect(intact.events).toBeGreaterThanOrEqual(5);

    const rows = await backend.database.db.selectFrom('audit_events').select('seq').where('actor_label', 'like', 'reader-%').orderBy('seq').execute();
    const third = Number(rows[2]!.seq);
    await backend.database.db.updateTable('audit_events').set({ actor_label: 'someone-else' }).where('seq', '=', third).execute();
    expect((await verifyAuditChain(backend.database)).brokenAtSeq).toBe(third);

    // Removing an event breaks the chain at its successor.
    await backend.database.db.updateTable('audit_events').set({ actor_label: 'reader-2' }).where('seq', '=', third).execute();
    expect((await verifyAuditChain(backend.database)).brokenAtSeq).toBeUndefined();
    await sql`delete from audit_events where seq = ${third}`.execute(backend.database.db);
    expect((await verifyAuditChain(backend.database)).brokenAtSeq).toBe(Number(rows[3]!.seq));
  });

  it('finds a truncated tail, and an event appended after the truncation does not seal it over', async () => {
    await recordAudit(backend.database, { action: 'note.list', outcome: 'ok', actorLabel: 'tail-1' }, backend.clock.now());
    await recordAudit(backend.database, { action: 'note.list', outcome: 'ok', actorLabel: 'tail-2' }, backend.clock.now());
    // The earlier test left a gap in the middle; start this one from a chain that verifies to its head.
    await sql`delete from audit_events`.execute(backend.database.db);
    await backend.database.db
      .updateTable('audit_head')
      .set({ seq: 0, hash: '0'.repeat(64), at: null })
      .execute();
    for (const label of ['a', 'b', 'c']) await recordAudit(backend.database, { action: 'note.list', outcome: 'ok', actorLabel: label }, backend.clock.now());
    const intact = await verifyAuditChain(backend.database);
    expect(intact).toMatchObject({ events: 3 });
    expect(intact.truncated).toBeUndefined();
    expect((await readHead(backend.database)).seq).toBe(intact.head.seq);

    const last = intact.head.seq;
    await sql`delete from audit_events where seq = ${last}`.execute(backend.database.db);
    expect(await verifyAuditChain(backend.database)).toMatchObject({ events: 2, truncated: { lastSeq: last - 1, headSeq: last } });

    await recordAudit(backend.database, { action: 'note.list', outcome: 'ok', actorLabel: 'after' }, backend.clock.now());
    expect((await verifyAuditChain(backend.database)).brokenAtSeq).toBe(last + 1);

    await sql`delete from audit_head`.execute(backend.database.db);
    expect((await verifyAuditChain(backend.database)).headMissing).toBe(true);
  });

  it('appends events that arrive together in arrival order, each caller answered once its own is stored, a bad one failing alone', async () => {
    // The earlier tests broke the chain on purpose; start from an empty one.
    await sql`delete from audit_events`.execute(backend.database.db);
    await sql`delete from audit_head`.execute(backend.database.db);
    await backend.database.db
      .insertInto('audit_head')
      .values({ id: 1, seq: 0, hash: '0'.repeat(64), at: null })
      .execute();
    const events = Array.from({ length: 30 }, (_, i) => ({ action: 'patient.overview.read', outcome: 'ok' as const, actorLabel: `burst-${i}` }));
    // One event the database refuses (an action is required) among them.
    const outcomes = await Promise.allSettled(
      events.map((event, i) => recordAudit(backend.database, i === 17 ? { ...event, action: null as unknown as string } : event, backend.clock.now())),
    );
    expect(outcomes.filter((o) => o.status === 'rejected').length).toBe(1);
    expect(outcomes[17]!.status).toBe('rejected');

    const stored = await backend.database.db.selectFrom('audit_events').select(['seq', 'actor_label']).orderBy('seq').execute();
    expect(stored.map((row) => row.actor_label)).toEqual(events.map((e) => e.actorLabel).filter((label) => label !== 'burst-17'));
    const verified = await verifyAuditChain(backend.database);
    expect(verified).toMatchObject({ events: 29 });
    expect(verified.brokenAtSeq).toBeUndefined();
    expect(verified.truncated).toBeUndefined();
    expect(verified.head.seq).toBe(Number(stored.at(-1)!.seq));
  });

  // PostgreSQL only: there an event appended alone is one statement, its chaining done by the
  // database under the head row's lock. (Two SQLite handles in one thread cannot take turns:
  // better-sqlite3 waits for the write lock synchronously, so the holder never gets to commit.)
  it.runIf(TEST_ENGINE === 'postgres')('keeps one chain while two processes append at once (the server and renkei-admin beside it)', async () => {
    const dir = dataDirectory(backend.dataDir);
    const other = openDatabase(databaseLocation(loadServerConfig(dir), dir));
    try {
      const before = await verifyAuditChain(backend.database);
      // Each side appends one event at a time, so every append is alone (on PostgreSQL the
      // one-statement append) and the two sides' appends meet at the head.
      const appendAll = async (database: typeof other, side: string) => {
        for (let i = 0; i < 25; i += 1) await recordAudit(database, { action: 'note.list', outcome: 'ok', actorLabel: `${side}-${i}` }, backend.clock.now());
      };
      await Promise.all([appendAll(backend.database, 'server'), appendAll(other, 'admin')]);

      const verified = await verifyAuditChain(backend.database);
      expect(verified.brokenAtSeq).toBeUndefined();
      expect(verified.truncated).toBeUndefined();
      expect(verified.events).toBe(before.events + 50);
      const labels = await backend.database.db.selectFrom('audit_events').select('actor_label').where('seq', '>', before.head.seq).execute();
      expect(labels.map((row) => row.actor_label).sort()).toEqual(
        ['server', 'admin'].flatMap((side) => Array.from({ length: 25 }, (_, i) => `${side}-${i}`)).sort(),
      );
    } finally {
      await other.close();
    }
  });
});
