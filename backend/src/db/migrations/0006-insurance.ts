// Insurance and certification (保険・認定, record kind INSURANCE): one row per version of a
// patient's record, append-only like the progress notes. The only UPDATE clears is_current on the
// version a new one replaces. The card's numbers travel as JSON (a 医療保険 carries a list of 公費);
// the 認定's end is a column of its own because lists and alerts select by it.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';
import { seedChartPolicy } from './chart-policy-seed';

export function insuranceMigration(engine: Engine): Migration {
  const { id, instant, date } = columnTypes(engine);

  return {
    async up(db: Kysely<any>) {
      // The chart policy gains INSURANCE (access/default-chart-policy.ts says who and why).
      await seedChartPolicy(db, (kind) => kind === 'INSURANCE', '0006-insurance');

      await db.schema
        .createTable('patient_coverage_versions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('is_current', 'integer', (c) => c.notNull())
        .addColumn('medical', 'text')
        .addColumn('long_term_care', 'text')
        .addColumn('certification_level', 'text')
        .addColumn('certification_from', date)
        .addColumn('certification_until', date)
        .addColumn('disability_independence', 'text', (c) => c.notNull())
        .addColumn('dementia_independence', 'text', (c) => c.notNull())
        .addColumn('change_reason', 'text', (c) => c.notNull())
        .addColumn('author_user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('author_profession', 'text', (c) => c.notNull())
        .addColumn('author_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('author_device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('recorded_at', instant, (c) => c.notNull())
        // Two writers of the same base version: only one version n+1 can exist.
        .addUniqueConstraint('patient_coverage_versions_version', ['patient_id', 'version'])
        .execute();
      await db.schema.createIndex('patient_coverage_current').on('patient_coverage_versions').columns(['patient_id', 'is_current']).execute();
    },
  };
}
