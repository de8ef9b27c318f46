// Medications (服薬) and vital signs (バイタル) on the shared chart (medications/, vital-signs/).
//
// Medications are versioned like progress notes: each change is a new row of the entry
// (medication_id, version) and the replaced row only loses is_current, so a dose change or a stop
// keeps who changed what, when and why. Vital signs are one row per observation, never changed.
// Both kinds join the chart policy, seeded from the defaults (access/default-chart-policy.ts).
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';
import { seedChartPolicy } from './chart-policy-seed';

export function medicationsVitalsMigration(engine: Engine): Migration {
  const { id, instant, date } = columnTypes(engine);
  const real = engine === 'postgres' ? 'double precision' : 'real';

  return {
    async up(db: Kysely<any>) {
      await seedChartPolicy(db, (kind) => kind === 'MEDICATIONS' || kind === 'VITAL_SIGNS', '0005-medications-vitals');

      await db.schema
        .createTable('medication_versions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('medication_id', id, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('drug_name', 'text', (c) => c.notNull())
        .addColumn('dose', 'text', (c) => c.notNull())
        .addColumn('usage', 'text', (c) => c.notNull())
        .addColumn('prescriber', 'text', (c) => c.notNull())
        .addColumn('started_on', date)
        .addColumn('stopped_on', date)
        // MedicationHandling names, comma-separated in the order given (a handful at most).
        .addColumn('handling', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('change_reason', 'text', (c) => c.notNull())
        .addColumn('author_user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('author_profession', 'text', (c) => c.notNull())
        .addColumn('author_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('author_device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('recorded_at', instant, (c) => c.notNull())
        .addColumn('client_request_id', id, (c) => c.unique())
        .addColumn('is_current', 'integer', (c) => c.notNull())
        .addUniqueConstraint('medication_versions_once', ['medication_id', 'version'])
        .execute();
      await db.schema.createIndex('medications_current').on('medication_versions').columns(['patient_id', 'is_current']).execute();

      await db.schema
        .createTable('vital_sign_records')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('observed_at', instant, (c) => c.notNull())
        // NULL: not measured.
        .addColumn('systolic_mmhg', 'integer')
        .addColumn('diastolic_mmhg', 'integer')
        .addColumn('pulse_per_min', 'integer')
        .addColumn('temperature_celsius', real)
        .addColumn('spo2_percent', 'integer')
        .addColumn('respiration_per_min', 'integer')
        .addColumn('weight_kg', real)
        .addColumn('blood_glucose_mg_dl', 'integer')
        // The progress note written in the same action (its O carries these values as text).
        .addColumn('note_id', id)
        .addColumn('author_user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('author_profession', 'text', (c) => c.notNull())
        .addColumn('author_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('author_device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('recorded_at', instant, (c) => c.notNull())
        .addColumn('client_request_id', id, (c) => c.unique())
        .execute();
      await db.schema.createIndex('vital_signs_by_patient').on('vital_sign_records').columns(['patient_id', 'observed_at']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('vital_sign_records').execute();
      await db.schema.dropTable('medication_versions').execute();
      await db.deleteFrom('chart_policy').where('record_kind', 'in', ['MEDICATIONS', 'VITAL_SIGNS']).execute();
    },
  };
}
