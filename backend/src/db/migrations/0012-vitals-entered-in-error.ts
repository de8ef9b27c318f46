// Vital signs entered in error (入力誤り): a plausible wrong value (158 typed for 128, another
// patient's weight) is withdrawn the way a progress note is, never deleted. The observation keeps
// its values and gains why, by whom (user, profession, office, device) and when it was marked;
// NULL marked_at: in force. Observations recorded before stay in force.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';

export function vitalsEnteredInErrorMigration(engine: Engine): Migration {
  const { id, instant } = columnTypes(engine);
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('vital_sign_records').addColumn('entered_in_error_at', instant).execute();
      await db.schema.alterTable('vital_sign_records').addColumn('entered_in_error_reason', 'text').execute();
      await db.schema
        .alterTable('vital_sign_records')
        .addColumn('entered_in_error_user_id', id, (c) => c.references('users.id'))
        .execute();
      await db.schema.alterTable('vital_sign_records').addColumn('entered_in_error_profession', 'text').execute();
      await db.schema
        .alterTable('vital_sign_records')
        .addColumn('entered_in_error_facility_id', id, (c) => c.references('facilities.id'))
        .execute();
      await db.schema
        .alterTable('vital_sign_records')
        .addColumn('entered_in_error_device_id', id, (c) => c.references('devices.id'))
        .execute();
    },
  };
}
