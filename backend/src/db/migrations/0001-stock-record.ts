// The first schema: facilities, users, patients with allergies and diagnoses, care teams,
// devices and their enrollment codes, sessions, the change feed and the audit chain.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';

export function stockRecordMigration(engine: Engine): Migration {
  const pg = engine === 'postgres';
  const { id, instant, date } = columnTypes(engine);

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('server_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      // The epoch names this database's change feed; cursors from another epoch force a full sync.
      await db.insertInto('server_meta').values({ key: 'epoch', value: randomUUID() }).execute();

      await db.schema
        .createTable('facilities')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('name_kana', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('postal_code', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('login_id', 'text', (c) => c.notNull().unique())
        .addColumn('family_name', 'text', (c) => c.notNull())
        .addColumn('given_name', 'text', (c) => c.notNull())
        .addColumn('family_name_kana', 'text', (c) => c.notNull())
        .addColumn('given_name_kana', 'text', (c) => c.notNull())
        .addColumn('profession', 'text', (c) => c.notNull())
        .addColumn('facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('failed_login_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', instant)
        .addColumn('last_login_at', instant)
        .addColumn('disabled_at', instant)
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('patients')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('family_name', 'text', (c) => c.notNull())
        .addColumn('given_name', 'text', (c) => c.notNull())
        .addColumn('family_name_kana', 'text', (c) => c.notNull())
        .addColumn('given_name_kana', 'text', (c) => c.notNull())
        .addColumn('search_written', 'text', (c) => c.notNull())
        .addColumn('search_reading', 'text', (c) => c.notNull())
        .addColumn('birth_date', date, (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('postal_code', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('care_level', 'text', (c) => c.notNull())
        .addColumn('key_person', 'text', (c) => c.notNull())
        .addColumn('registered_by_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('patients_reading').on('patients').columns(['family_name_kana', 'given_name_kana']).execute();

      for (const table of ['allergies', 'diagnoses'] as const) {
        let builder = db.schema
          .createTable(table)
          .addColumn('id', id, (c) => c.primaryKey())
          .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'));
        builder =
          table === 'allergies'
            ? builder
                .addColumn('substance', 'text', (c) => c.notNull())
                .addColumn('reaction', 'text', (c) => c.notNull())
                .addColumn('severity', 'text', (c) => c.notNull())
                .addColumn('noted_on', date)
            : builder
                .addColumn('name', 'text', (c) => c.notNull())
                .addColumn('icd10_code', 'text', (c) => c.notNull())
                .addColumn('onset_date', date)
                .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
                .addColumn('note', 'text', (c) => c.notNull());
        await builder.addColumn('created_at', instant, (c) => c.notNull()).execute();
        await db.schema.createIndex(`${table}_patient`).on(table).column('patient_id').execute();
      }

      await db.schema
        .createTable('care_team_memberships')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('joined_at', instant, (c) => c.notNull())
        .addColumn('left_at', instant)
        .execute();
      // One current membership per user and patient; ended ones stay as history.
      await db.schema
        .createIndex('care_team_current_member')
        .on('care_team_memberships')
        .columns(['patient_id', 'user_id'])
        .unique()
        .where(sql.ref('left_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('care_team_by_user')
        .on('care_team_memberships')
        .columns(['user_id', 'patient_id'])
        .where(sql.ref('left_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('enrollment_codes')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
        .addColumn('facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('expires_at', instant, (c) => c.notNull())
        .addColumn('used_at', instant)
        .addColumn('device_id', id)
        .execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('hostname', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('wireguard_public_key', 'text', (c) => c.notNull().unique())
        .addColumn('tunnel_host', 'integer', (c) => c.notNull().unique())
        .addColumn('tunnel_address', 'text', (c) => c.notNull().unique())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('enrollment_code_id', id, (c) => c.notNull().unique().references('enrollment_codes.id'))
        .addColumn('enrolled_at', instant, (c) => c.notNull())
        .addColumn('approved_at', instant)
        .addColumn('approved_by', 'text')
        .addColumn('revoked_at', instant)
        .addColumn('revoked_by', 'text')
        .addColumn('last_seen_at', instant)
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('expires_at', instant, (c) => c.notNull())
        .addColumn('last_seen_at', instant, (c) => c.notNull())
        .addColumn('ended_at', instant)
        .execute();

      await db.schema
        .createTable('patient_changes')
        .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('user_id', id, (c) => c.references('users.id'))
        .addColumn('changed_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('patient_changes_by_user').on('patient_changes').columns(['user_id', 'seq']).execute();
      await db.schema.createIndex('patient_changes_by_patient').on('patient_changes').columns(['patient_id', 'seq']).execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('at', instant, (c) => c.notNull())
        .addColumn('actor_user_id', id)
        .addColumn('actor_device_id', id)
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('patient_id', id)
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_by_patient').on('audit_events').columns(['patient_id', 'seq']).execute();
    },
  };
}
