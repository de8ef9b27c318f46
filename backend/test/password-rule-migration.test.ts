// Migration 0017-password-rule (SQLite or PostgreSQL, as the test engine): users registered before it
// need no password change (password_change_required 0) and have no recorded change (NULL); the region
// has no password policy row (the guideline's defaults) and no authenticator setup is pending.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPasswordPolicy } from '../src/auth/password-policy';
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

describe('migration 0017-password-rule', () => {
  it('keeps the users before it as they were: no change asked, none recorded; the guideline applies', async () => {
    await migrateTo(database, '0015-two-factor');
    const now = new Date().toISOString();
    const facilityId = randomUUID();
    const userId = randomUUID();
    const db = database.db as any;
    await db
      .insertInto('facilities')
      .values({
        id: facilityId,
        name: '旧診療所',
        name_kana: 'キュウシンリョウジョ',
        kind: 'FACILITY_KIND_CLINIC',
        postal_code: '',
        address: '',
        phone: '',
        created_at: now,
      })
      .execute();
    await db
      .insertInto('users')
      .values({
        id: userId,
        login_id: 'dr.old',
        family_name: '古',
        given_name: '太郎',
        family_name_kana: 'フル',
        given_name_kana: 'タロウ',
        profession: 'PROFESSION_DOCTOR',
        facility_id: facilityId,
        password_hash: '$argon2id$x',
        failed_login_count: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();

    expect(await migrateToLatest(database)).toContain('0017-password-rule');
    const user = await database.db
      .selectFrom('users')
      .select(['password_change_required', 'password_changed_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(Number(user.password_change_required)).toBe(0);
    expect(user.password_changed_at).toBeNull();
    expect(await readPasswordPolicy(database)).toEqual({ minLength: 13, minLengthWithSecondFactor: 8 });
    expect(await database.db.selectFrom('authenticator_setups').selectAll().execute()).toEqual([]);
    // One region row only.
    const row = { min_length: 13, min_length_with_second_factor: 8, updated_at: now, updated_by: 'test' };
    await expect(
      database.db
        .insertInto('password_policy')
        .values({ id: 'facility' as 'region', ...row })
        .execute(),
    ).rejects.toThrow();
  });
});
