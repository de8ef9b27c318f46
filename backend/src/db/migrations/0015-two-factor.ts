// Two-factor login (TOTP, RFC 6238), as MHLW's guideline asks of systems in service from FY2027.
//   second_factors       one authenticator per user: its secret encrypted with the server's key
//                        (secrets/second-factor.key, never in the database), in force once a first
//                        code confirmed it, and the last time step accepted, so a code is used once.
//   recovery_codes       ten single-use codes per confirmed authenticator, argon2id-hashed.
//   second_factor_policy whether two-factor login is required: one row for the region (facility_id
//                        NULL) and one per facility that differs; no row: optional.
//   login_challenges     the short-lived proof that the password step passed, for the code step or
//                        the setup; only its token's hash is stored.
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';

export function twoFactorMigration(engine: Engine): Migration {
  const { id, instant } = columnTypes(engine);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('second_factors')
        .addColumn('user_id', id, (c) => c.primaryKey().references('users.id'))
        .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('confirmed_at', instant)
        .addColumn('last_used_step', 'bigint')
        .execute();
      await db.schema
        .createTable('recovery_codes')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('used_at', instant)
        .execute();
      await db.schema.createIndex('recovery_codes_by_user').on('recovery_codes').column('user_id').execute();
      await db.schema
        .createTable('second_factor_policy')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('facility_id', id, (c) => c.references('facilities.id'))
        .addColumn('required', 'integer', (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      // One region row and one row per facility; a unique index on an expression treats NULL as one value.
      await sql`create unique index second_factor_policy_scope on second_factor_policy (coalesce(facility_id, ${sql.raw(
        engine === 'postgres' ? `'00000000-0000-0000-0000-000000000000'::uuid` : `''`,
      )}))`.execute(db);
      await db.schema
        .createTable('login_challenges')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('expires_at', instant, (c) => c.notNull())
        .addColumn('used_at', instant)
        .execute();
    },
  };
}
