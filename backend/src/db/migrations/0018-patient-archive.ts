// Archiving a patient (the regional office's `renkei-admin patient archive`): once care has ended,
// the patient leaves every care-team member's lists and PC caches, while the records stay in the
// database untouched (nothing clinical is ever deleted: 診療録 are kept at least 5 years) and the
// registering office can still read them. NULL archived_at: not archived, as every patient before.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';

export function patientArchiveMigration(engine: Engine): Migration {
  const { instant } = columnTypes(engine);
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('patients').addColumn('archived_at', instant).execute();
      // The admin tool's label (admin:<account>@<host>), as in the audit log.
      await db.schema.alterTable('patients').addColumn('archived_by', 'text').execute();
      await db.schema.alterTable('patients').addColumn('archive_reason', 'text').execute();
    },
  };
}
