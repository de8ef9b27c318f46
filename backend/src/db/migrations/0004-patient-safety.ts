// Which patient, and what the team must know in an emergency (issue 12):
//   - every patient gets a regional number (地域患者番号), unique in the region: existing patients
//     are numbered in the order they were registered, new ones by patients/regional-number.ts;
//   - every office may give a 24-hour on-call number (24時間連絡先);
//   - the emergency information (緊急時情報) is a versioned record like the progress notes: a change
//     is a new row, the replaced one only loses is_current;
//   - the chart policy gains EMERGENCY_INFO as a record kind, with the default rules.
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';
import { seedChartPolicy } from './chart-policy-seed';

export function patientSafetyMigration(engine: Engine): Migration {
  const { id, instant } = columnTypes(engine);

  return {
    async up(db: Kysely<any>) {
      // The chart policy gains EMERGENCY_INFO (a database whose 0002 ran before 0002 left this kind
      // to this migration has its rules already: they stay as they are).
      await seedChartPolicy(db, (kind) => kind === 'EMERGENCY_INFO', '0004-patient-safety');

      await db.schema
        .alterTable('facilities')
        .addColumn('on_call_phone', 'text', (c) => c.notNull().defaultTo(''))
        .execute();

      // Added without NOT NULL (SQLite cannot add one to a filled table); every row is numbered
      // below, and registration always gives one.
      await db.schema.alterTable('patients').addColumn('regional_number', 'integer').execute();
      const patients = await db.selectFrom('patients').select(['id']).orderBy('created_at').orderBy('id').execute();
      let number = 0;
      for (const patient of patients) {
        number += 1;
        await db.updateTable('patients').set({ regional_number: number }).where('id', '=', patient.id).execute();
      }
      await db.schema.createIndex('patients_regional_number').on('patients').column('regional_number').unique().execute();

      await db.schema
        .createTable('emergency_info_versions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content_json', 'text', (c) => c.notNull())
        .addColumn('author_user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('author_profession', 'text', (c) => c.notNull())
        .addColumn('author_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('author_device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('recorded_at', instant, (c) => c.notNull())
        .addColumn('is_current', 'integer', (c) => c.notNull())
        .addUniqueConstraint('emergency_info_version_unique', ['patient_id', 'version'])
        .execute();
      // One current version per patient: of two writers of the same base version, one wins.
      await db.schema
        .createIndex('emergency_info_current')
        .on('emergency_info_versions')
        .column('patient_id')
        .unique()
        .where(sql.ref('is_current'), '=', 1)
        .execute();
    },
  };
}
