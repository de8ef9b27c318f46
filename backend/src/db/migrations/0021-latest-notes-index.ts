// The overview's latest progress notes (progress-notes.ts loadLatestNotes) read in index order.
// Until now the only index on the notes was (patient_id, is_current, observed_at), so the latest
// five of each patient on a sync page were found by sorting every current note of those patients
// (issue 14's prefecture bench: patients in care for years have hundreds of notes each, and a page
// of 200 of them sorted tens of thousands of rows, spilling to disk). This index has the whole
// order the notes are read in (newest observation, then newest recorded, then id), so the latest
// notes of a patient are its first index entries; ListNotes pages in the same order.
// It replaces progress_notes_current, whose columns are its prefix (read backwards, it also serves
// the oldest-first order): one index fewer to keep up on every note written.
import type { Kysely, Migration } from 'kysely';

export function latestNotesIndexMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('progress_notes_latest')
        .on('progress_note_versions')
        .columns(['patient_id', 'is_current', 'observed_at desc', 'recorded_at desc', 'id desc'])
        .execute();
      await db.schema.dropIndex('progress_notes_current').execute();
    },
  };
}
