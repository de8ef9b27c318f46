// The shared chart: the chart policy (who may read and write which kind of record), patient
// consent, append-only progress notes, filed documents over a content-addressed blob store, and
// versioned shared forms.
//
// Nothing clinical here is ever updated in place or deleted: a correction is a new version row,
// a withdrawal is a date on the consent. The only UPDATEs are of "current version" pointers and
// of the policy, which is configuration, not a record.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';
import { seedChartPolicy } from './chart-policy-seed';

// Kinds added later bring their rules in their own migrations.
const LATER_KINDS = ['TIMELINE', 'EMERGENCY_INFO', 'MEDICATIONS', 'VITAL_SIGNS', 'INSURANCE', 'LAB_RESULTS'];

export function sharedChartMigration(engine: Engine): Migration {
  const { id, instant, date } = columnTypes(engine);

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('chart_policy')
        .addColumn('record_kind', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('can_read', 'integer', (c) => c.notNull())
        .addColumn('can_write', 'integer', (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('chart_policy_pk', ['record_kind', 'role'])
        .execute();
      await seedChartPolicy(db, (kind) => !LATER_KINDS.includes(kind), '0002-shared-chart');

      // Content-addressed file store: the bytes live in the data directory under their SHA-256;
      // a row here says the file is complete and checked.
      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('stored_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('documents')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('document_type', 'text', (c) => c.notNull())
        .addColumn('current_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('documents_by_patient').on('documents').columns(['patient_id', 'updated_at']).execute();

      await db.schema
        .createTable('document_versions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('document_id', id, (c) => c.notNull().references('documents.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('upload_id', id, (c) => c.notNull().unique())
        .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('page_count', 'integer', (c) => c.notNull())
        .addColumn('issued_on', date)
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('valid_from', date)
        .addColumn('valid_until', date)
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('uploaded_by_user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('uploaded_by_profession', 'text', (c) => c.notNull())
        .addColumn('uploaded_by_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('uploaded_by_device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('uploaded_at', instant, (c) => c.notNull())
        .addUniqueConstraint('document_versions_once', ['document_id', 'version'])
        .execute();

      // Patients registered before this migration have no consent row: from now on they are
      // visible only to their registering office until someone records consent, which is what
      // the rules ask for.
      await db.schema
        .createTable('patient_consents')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('obtained_on', date, (c) => c.notNull())
        .addColumn('obtained_by', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('form_document_id', id, (c) => c.references('documents.id'))
        .addColumn('note', 'text', (c) => c.notNull())
        // NULL when recorded by the regional office with renkei-admin (actor_label says who).
        .addColumn('recorded_by_user_id', id, (c) => c.references('users.id'))
        .addColumn('recorded_by_device_id', id, (c) => c.references('devices.id'))
        .addColumn('recorded_by_label', 'text', (c) => c.notNull())
        .addColumn('recorded_at', instant, (c) => c.notNull())
        .addColumn('withdrawn_on', date)
        .addColumn('withdrawal_reason', 'text')
        .addColumn('withdrawn_by_user_id', id, (c) => c.references('users.id'))
        .addColumn('withdrawn_by_label', 'text')
        .addColumn('withdrawn_at', instant)
        .execute();
      await db.schema.createIndex('patient_consents_by_patient').on('patient_consents').columns(['patient_id', 'withdrawn_at']).execute();
      // The offices a CONSENT_SCOPE_LISTED_FACILITIES consent names.
      await db.schema
        .createTable('patient_consent_facilities')
        .addColumn('consent_id', id, (c) => c.notNull().references('patient_consents.id'))
        .addColumn('facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addPrimaryKeyConstraint('patient_consent_facilities_pk', ['consent_id', 'facility_id'])
        .execute();

      await db.schema
        .createTable('progress_note_versions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('note_id', id, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('subjective', 'text', (c) => c.notNull())
        .addColumn('objective', 'text', (c) => c.notNull())
        .addColumn('assessment', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('observed_at', instant, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('correction_reason', 'text', (c) => c.notNull())
        .addColumn('author_user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('author_profession', 'text', (c) => c.notNull())
        .addColumn('author_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('author_device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('recorded_at', instant, (c) => c.notNull())
        // Set on version 1 only: a retried WriteNote finds the note it already wrote.
        .addColumn('client_request_id', id, (c) => c.unique())
        // Cleared (to 0) on the row a newer version replaces; so "current" is one indexed column.
        .addColumn('is_current', 'integer', (c) => c.notNull())
        .addUniqueConstraint('progress_note_versions_once', ['note_id', 'version'])
        .execute();
      await db.schema.createIndex('progress_notes_current').on('progress_note_versions').columns(['patient_id', 'is_current', 'observed_at']).execute();

      await db.schema
        .createTable('forms')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('patient_id', id, (c) => c.notNull().references('patients.id'))
        .addColumn('document_type', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('current_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('forms_by_patient').on('forms').columns(['patient_id', 'updated_at']).execute();

      await db.schema
        .createTable('form_versions')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('form_id', id, (c) => c.notNull().references('forms.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('values_json', 'text', (c) => c.notNull())
        .addColumn('based_on_version', 'integer', (c) => c.notNull())
        .addColumn('saved_by_user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('saved_by_profession', 'text', (c) => c.notNull())
        .addColumn('saved_by_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('saved_by_device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('saved_at', instant, (c) => c.notNull())
        .addColumn('finalised_at', instant)
        .addColumn('finalised_by_user_id', id, (c) => c.references('users.id'))
        .addColumn('finalised_by_device_id', id, (c) => c.references('devices.id'))
        .addUniqueConstraint('form_versions_once', ['form_id', 'version'])
        .execute();
    },
    async down() {
      throw new Error('0002-shared-chart cannot be undone: clinical records are never dropped');
    },
  };
}
