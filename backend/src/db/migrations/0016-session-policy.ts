// Shared clinic terminals (issue 13, the server's part):
//   idle_lock_policy  minutes without input after which the app locks its screen: one row for the
//                     region (facility_id NULL) and one per facility that differs; no row: 10.
//   session_policy    the longest a session lasts, set by the regional office: one row (id 1); no
//                     row: the server configuration's auth.sessionHours.
//   facility_links    whose users may sign in on whose devices besides their own facility's: the
//                     users of facility_id on the devices of host_facility_id (a substitute doctor
//                     of one clinic covering at another). One way; the reverse is its own row.
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';

export function sessionPolicyMigration(engine: Engine): Migration {
  const { id, instant } = columnTypes(engine);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('idle_lock_policy')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('facility_id', id, (c) => c.references('facilities.id'))
        .addColumn('minutes', 'integer', (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      // One region row and one row per facility; a unique index on an expression treats NULL as one value.
      await sql`create unique index idle_lock_policy_scope on idle_lock_policy (coalesce(facility_id, ${sql.raw(
        engine === 'postgres' ? `'00000000-0000-0000-0000-000000000000'::uuid` : `''`,
      )}))`.execute(db);
      await db.schema
        .createTable('session_policy')
        // Always 1: the region has one setting, and the check keeps it so.
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('max_hours', 'integer', (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('facility_links')
        .addColumn('facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('host_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('facility_links_pk', ['facility_id', 'host_facility_id'])
        .execute();
      await db.schema.createIndex('facility_links_by_host').on('facility_links').column('host_facility_id').execute();
      // Housekeeping deletes a user's expired challenges when it issues a new one (auth/login-challenges.ts).
      await db.schema.createIndex('login_challenges_by_user').on('login_challenges').columns(['user_id', 'expires_at']).execute();
    },
  };
}
