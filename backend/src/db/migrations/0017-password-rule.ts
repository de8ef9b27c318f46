// Passwords by MHLW's guideline (issue 13): the region's rule, a password change the regional office
// asks for, and an authenticator a user sets up (or replaces) by choice from the app.
//   users.password_change_required  1: the user must change their password before anything else
//                                   (renkei-admin user password); users before this: 0.
//   users.password_changed_at       when the password was last set or changed; NULL: before this.
//   password_policy                 the region's minimum lengths (one row; no row: the guideline's
//                                   13, and 8 with an authenticator in force).
//   authenticator_setups            a secret issued from a session and not yet confirmed by a first
//                                   code; the user's authenticator in force (second_factors) stays
//                                   until then.
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';

export function passwordRuleMigration(engine: Engine): Migration {
  const { id, instant } = columnTypes(engine);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('users')
        .addColumn('password_change_required', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('users').addColumn('password_changed_at', instant).execute();
      await db.schema
        .createTable('password_policy')
        .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id = 'region'`))
        .addColumn('min_length', 'integer', (c) => c.notNull())
        .addColumn('min_length_with_second_factor', 'integer', (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('authenticator_setups')
        .addColumn('user_id', id, (c) => c.primaryKey().references('users.id'))
        .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();
    },
  };
}
