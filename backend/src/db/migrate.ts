// Brings a database to the current schema. Migrations are listed in code (not read from a
// folder) so that bundled builds carry them.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { RenkeiDatabase } from './database';
import { stockRecordMigration } from './migrations/0001-stock-record';
import { sharedChartMigration } from './migrations/0002-shared-chart';
import { timelineMigration } from './migrations/0003-timeline';
import { patientSafetyMigration } from './migrations/0004-patient-safety';
import { insuranceMigration } from './migrations/0006-insurance';
import { medicationsVitalsMigration } from './migrations/0005-medications-vitals';
import { memberContactMigration } from './migrations/0008-member-contact';
import { searchFoldingMigration } from './migrations/0009-search-folding';
import { phrasesMigration } from './migrations/0007-phrases';
import { vitalsEnteredInErrorMigration } from './migrations/0012-vitals-entered-in-error';
import { auditHeadMigration } from './migrations/0013-audit-head';
import { twoFactorMigration } from './migrations/0015-two-factor';
import { sessionPolicyMigration } from './migrations/0016-session-policy';
import { passwordRuleMigration } from './migrations/0017-password-rule';
import { patientArchiveMigration } from './migrations/0018-patient-archive';
import { hospitalDataMigration } from './migrations/0019-hospital-data';
import { institutionNumberMigration } from './migrations/0020-institution-number';
import { latestNotesIndexMigration } from './migrations/0021-latest-notes-index';

function migrationsFor(database: RenkeiDatabase): Record<string, Migration> {
  return {
    '0001-stock-record': stockRecordMigration(database.engine),
    '0002-shared-chart': sharedChartMigration(database.engine),
    '0003-timeline': timelineMigration(database.engine),
    '0004-patient-safety': patientSafetyMigration(database.engine),
    '0006-insurance': insuranceMigration(database.engine),
    '0005-medications-vitals': medicationsVitalsMigration(database.engine),
    '0008-member-contact': memberContactMigration(),
    '0009-search-folding': searchFoldingMigration(),
    '0007-phrases': phrasesMigration(database.engine),
    '0012-vitals-entered-in-error': vitalsEnteredInErrorMigration(database.engine),
    '0013-audit-head': auditHeadMigration(database.engine),
    '0015-two-factor': twoFactorMigration(database.engine),
    '0016-session-policy': sessionPolicyMigration(database.engine),
    '0017-password-rule': passwordRuleMigration(database.engine),
    '0018-patient-archive': patientArchiveMigration(database.engine),
    '0019-hospital-data': hospitalDataMigration(database.engine),
    '0020-institution-number': institutionNumberMigration(database.engine),
    '0021-latest-notes-index': latestNotesIndexMigration(),
  };
}

export async function migrateToLatest(database: RenkeiDatabase): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(database) };
  const migrator = new Migrator({ db: database.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings a database up to the named migration and no further (tests of a migration's backfill). */
export async function migrateTo(database: RenkeiDatabase, name: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(database) };
  const { error } = await new Migrator({ db: database.db, provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
