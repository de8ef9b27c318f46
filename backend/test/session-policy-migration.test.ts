// Migration 0016-session-policy (SQLite or PostgreSQL, as the test engine): the idle-lock minutes
// (one region row, one per facility), the region's session maximum age (one row) and the links
// between facilities are new tables, empty after the migration, so every login goes on as before
// it: 10 minutes, the configuration's session hours, and each user on their own facility's PCs.
// How they are used: shared-terminals.test.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_LOCK_MINUTES, idleLockMinutes } from '../src/auth/idle-lock-policy';
import { sessionMaxAge } from '../src/auth/session-policy';
import type { RenkeiDatabase } from '../src/db/database';
import { migrateTo, migrateToLatest } from '../src/db/migrate';
import { createFacility } from '../src/facilities/facilities';
import { mayUseDevicesOf } from '../src/facilities/facility-links';
import { openEmptyDatabase } from './support/empty-database';

let database: RenkeiDatabase;
let remove: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ database, remove } = await openEmptyDatabase());
});
afterAll(async () => {
  await remove?.();
});

const NEW_TABLES = ['idle_lock_policy', 'session_policy', 'facility_links'];

describe('migration 0016-session-policy', () => {
  it('adds empty tables: defaults apply and each facility keeps to its own PCs; one region row per setting', async () => {
    await migrateTo(database, '0015-two-factor');
    const now = new Date();
    const clinic = await createFacility(database, { name: '移行診療所', nameKana: 'イコウシンリョウジョ', kind: 'FACILITY_KIND_CLINIC' }, now);
    const station = await createFacility(
      database,
      { name: '移行ステーション', nameKana: 'イコウステーション', kind: 'FACILITY_KIND_VISITING_NURSE_STATION' },
      now,
    );
    const before = new Set((await database.db.introspection.getTables()).map((t) => t.name));
    expect(NEW_TABLES.filter((name) => before.has(name))).toEqual([]);

    await migrateToLatest(database);
    const after = new Set((await database.db.introspection.getTables()).map((t) => t.name));
    expect(NEW_TABLES.filter((name) => !after.has(name))).toEqual([]);
    expect(await idleLockMinutes(database, clinic.id)).toBe(DEFAULT_IDLE_LOCK_MINUTES);
    expect(await sessionMaxAge(database, 12)).toEqual({ hours: 12, source: 'config' });
    expect(await mayUseDevicesOf(database, clinic.id, clinic.id)).toBe(true);
    expect(await mayUseDevicesOf(database, clinic.id, station.id)).toBe(false);

    // The schema itself keeps one region row of each setting and one link per pair.
    const region = { facility_id: null, minutes: 5, updated_at: now.toISOString(), updated_by: 'test' };
    await database.db
      .insertInto('idle_lock_policy')
      .values({ id: randomUUID(), ...region })
      .execute();
    await expect(
      database.db
        .insertInto('idle_lock_policy')
        .values({ id: randomUUID(), ...region })
        .execute(),
    ).rejects.toThrow();
    await expect(
      database.db.insertInto('session_policy').values({ id: 2, max_hours: 8, updated_at: now.toISOString(), updated_by: 'test' }).execute(),
    ).rejects.toThrow();
    const link = { facility_id: clinic.id, host_facility_id: station.id, created_at: now.toISOString(), created_by: 'test' };
    await database.db.insertInto('facility_links').values(link).execute();
    await expect(database.db.insertInto('facility_links').values(link).execute()).rejects.toThrow();
    expect(await mayUseDevicesOf(database, clinic.id, station.id)).toBe(true);
    expect(await mayUseDevicesOf(database, station.id, clinic.id)).toBe(false);
  });
});
