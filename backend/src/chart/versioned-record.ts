// Appending a version to a versioned chart record (progress notes, medications, emergency
// information, insurance): the version the writer based the change on stops being current and
// the new one is stored, in one transaction with the patient's change feed and whatever else the
// change writes (its audit entry). Of two writers of the same version only one wins, whichever
// database: the guarded update clears nothing for the second (PostgreSQL re-checks the guard after
// waiting for the first one's row lock), or the unique (record, version) constraint refuses its
// insert. The loser is told which version is current now (ABORTED …_SUPERSEDED), never a raw error.
import type { Insertable } from 'kysely';
import type { Database } from '../db/schema';
import { isUniqueViolation, transaction, type Store } from '../db/database';
import { recordPatientsChanged } from '../sync/change-feed';

/** The tables that keep every version of a record, the current one marked is_current = 1. */
type VersionTable = 'progress_note_versions' | 'medication_versions' | 'emergency_info_versions' | 'patient_coverage_versions';

export interface NewVersion<T extends VersionTable> {
  table: T;
  patientId: string;
  /** The current version the change is based on (its row id and number); none for a record's first version. */
  replaces: { id: string; version: number } | undefined;
  row: Insertable<Database[T]> & { version: number };
  /** The record's current version number now (the winner's, when this writer lost). */
  currentVersion(store: Store): Promise<number | undefined>;
  /** The refusal naming the current version. */
  superseded(currentVersion: number): Error;
  /** What else the change writes in the same transaction (the audit entry, other tables). */
  alongside(tx: Store): Promise<void>;
}

export async function appendVersion<T extends VersionTable>(store: Store, now: Date, change: NewVersion<T>): Promise<void> {
  // One table's columns stand for all four: each has id and is_current, and the row is that table's own.
  const table = change.table as VersionTable as 'medication_versions';
  try {
    await transaction(store, async (tx) => {
      if (change.replaces) {
        const cleared = await tx.db
          .updateTable(table)
          .set({ is_current: 0 })
          .where('id', '=', change.replaces.id)
          .where('is_current', '=', 1)
          .executeTakeFirst();
        if (Number(cleared.numUpdatedRows) !== 1) throw change.superseded(Number((await change.currentVersion(tx)) ?? change.replaces.version));
      }
      await tx.db
        .insertInto(table)
        .values(change.row as unknown as Insertable<Database['medication_versions']>)
        .execute();
      await recordPatientsChanged(tx, [change.patientId], now);
      await change.alongside(tx);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw change.superseded(Number((await change.currentVersion(store)) ?? change.row.version));
    throw error;
  }
}
