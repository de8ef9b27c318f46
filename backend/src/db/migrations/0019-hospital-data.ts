// Hospital data (病院データ, issue 15): facts a hospital keeps in its SS-MIX2 standardized storage,
// imported by the regional office (`renkei-admin import ssmix2`, hospital-data/).
//
//   - hospital_patient_links: which Renkei patient a hospital's patient ID (PID-3) is, per hospital
//     (a facility of kind HOSPITAL). Set by the office by hand (`renkei-admin hospital link`): a
//     patient is never matched by name. One hospital patient ID is one Renkei patient; one Renkei
//     patient may be linked to several hospitals.
//   - hospital_messages: one row per order (hospital, hospital patient ID, data type, order number)
//     holding its newest imported version with its source: the file (relative to the storage root),
//     MSH-10 and the 発生日時 of its name. A newer version replaces the row and its facts; a deletion
//     (condition flag 0) removes them. Imported facts are a copy of the hospital's record, not a
//     Renkei record: the hospital keeps the history, the audit log keeps what each import did.
//   - one table per kind of fact, each row pointing at its message: allergies (ADT-61), diagnoses
//     (PPR-01), prescriptions (OMP-01, one row per drug, queryable by start and end day) and lab
//     results (OML-11, one row per OBX, queryable by patient + test + time for a trend). Typed
//     columns carry what the app shows; detail_json keeps the whole fact as the reader read it.
//   - the chart policy gains LAB_RESULTS (検査結果), read like vital signs and written by nobody.
//
// Renkei's own allergies, diagnoses and medications tables are not touched: imported facts are
// shown beside them, never merged into them.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';
import { seedChartPolicy } from './chart-policy-seed';

export function hospitalDataMigration(engine: Engine): Migration {
  const { id, instant, date } = columnTypes(engine);
  const real = engine === 'postgres' ? 'double precision' : 'real';

  return {
    async up(db: Kysely<any>) {
      await seedChartPolicy(db, (kind) => kind === 'LAB_RESULTS', '0019-hospital-data');

      await db.schema
        .createTable('hospital_patient_links')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('hospital_patient_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('linked_at', instant, (c) => c.notNull())
        // The admin tool's label (admin:<account>@<host>), as in the audit log.
        .addColumn('linked_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('hospital_patient_links_once', ['facility_id', 'hospital_patient_id'])
        .execute();
      await db.schema.createIndex('hospital_patient_links_by_patient').on('hospital_patient_links').column('patient_id').execute();

      await db.schema
        .createTable('hospital_messages')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('hospital_patient_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('data_type', 'text', (c) => c.notNull())
        .addColumn('order_number', 'text', (c) => c.notNull())
        // Relative to the storage root, '/'-separated, as the reader names it.
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('message_control_id', 'text', (c) => c.notNull())
        // 発生日時 of the file name, Japan time as written to the millisecond ("2011-12-20T22:44:47.339").
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('imported_at', instant, (c) => c.notNull())
        .addUniqueConstraint('hospital_messages_one_version', ['facility_id', 'hospital_patient_id', 'data_type', 'order_number'])
        .execute();
      await db.schema.createIndex('hospital_messages_by_patient').on('hospital_messages').columns(['patient_id', 'data_type']).execute();

      // Columns every fact table shares: its message (the source), its patient, its place in the message.
      const factTable = (name: string) =>
        db.schema
          .createTable(name)
          .addColumn('id', id, (c) => c.primaryKey())
          .addColumn('message_id', id, (c) => c.notNull().references('hospital_messages.id'))
          .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
          .addColumn('position', 'integer', (c) => c.notNull());

      await factTable('hospital_allergies')
        .addColumn('allergen_code', 'text', (c) => c.notNull())
        .addColumn('allergen_text', 'text', (c) => c.notNull())
        .addColumn('allergen_system', 'text', (c) => c.notNull())
        .addColumn('allergen_type', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        // JSON array of strings.
        .addColumn('reactions', 'text', (c) => c.notNull())
        .addColumn('onset', 'text', (c) => c.notNull())
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hospital_allergies_by_patient').on('hospital_allergies').column('patient_id').execute();
      await db.schema.createIndex('hospital_allergies_by_message').on('hospital_allergies').column('message_id').execute();

      await factTable('hospital_diagnoses')
        .addColumn('diagnosis_code', 'text', (c) => c.notNull())
        .addColumn('diagnosis_text', 'text', (c) => c.notNull())
        .addColumn('diagnosis_system', 'text', (c) => c.notNull())
        .addColumn('icd10_code', 'text', (c) => c.notNull())
        .addColumn('start_text', 'text', (c) => c.notNull())
        .addColumn('end_text', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('is_main', 'integer', (c) => c.notNull())
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hospital_diagnoses_by_patient').on('hospital_diagnoses').column('patient_id').execute();
      await db.schema.createIndex('hospital_diagnoses_by_message').on('hospital_diagnoses').column('message_id').execute();

      await factTable('hospital_prescriptions')
        .addColumn('drug_code', 'text', (c) => c.notNull())
        .addColumn('drug_text', 'text', (c) => c.notNull())
        .addColumn('drug_system', 'text', (c) => c.notNull())
        .addColumn('dose', 'text', (c) => c.notNull())
        .addColumn('daily_dose', 'text', (c) => c.notNull())
        .addColumn('usage_code', 'text', (c) => c.notNull())
        .addColumn('usage_text', 'text', (c) => c.notNull())
        .addColumn('usage_system', 'text', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        // As written (precision kept), '' when not sent.
        .addColumn('start_text', 'text', (c) => c.notNull())
        .addColumn('end_text', 'text', (c) => c.notNull())
        // The calendar days of the period, for "not ended" and "most recent": start (or, without
        // one, the order's day) and start + days − 1; NULL when not known to the day.
        .addColumn('start_on', date)
        .addColumn('end_on', date)
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('prescription_number', 'text', (c) => c.notNull())
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hospital_prescriptions_by_period').on('hospital_prescriptions').columns(['patient_id', 'end_on', 'start_on']).execute();
      await db.schema.createIndex('hospital_prescriptions_by_message').on('hospital_prescriptions').column('message_id').execute();

      await factTable('hospital_lab_results')
        .addColumn('test_code', 'text', (c) => c.notNull())
        .addColumn('test_text', 'text', (c) => c.notNull())
        .addColumn('test_system', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        // The value when numeric (OBX-2 NM), else NULL.
        .addColumn('numeric_value', real)
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('reference_range', 'text', (c) => c.notNull())
        // JSON array of strings.
        .addColumn('abnormal_flags', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        // Japan time as written ("2011-12-19T10:20"), '' when the message had none: sorts as time.
        .addColumn('observed_at', 'text', (c) => c.notNull())
        .addColumn('specimen', 'text', (c) => c.notNull())
        .addColumn('test_group', 'text', (c) => c.notNull())
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hospital_lab_results_trend').on('hospital_lab_results').columns(['patient_id', 'test_code', 'observed_at']).execute();
      await db.schema.createIndex('hospital_lab_results_by_message').on('hospital_lab_results').column('message_id').execute();
    },
    async down(db: Kysely<any>) {
      for (const table of [
        'hospital_lab_results',
        'hospital_prescriptions',
        'hospital_diagnoses',
        'hospital_allergies',
        'hospital_messages',
        'hospital_patient_links',
      ]) {
        await db.schema.dropTable(table).execute();
      }
      await db.deleteFrom('chart_policy').where('record_kind', '=', 'LAB_RESULTS').execute();
    },
  };
}
