// 在宅連絡帳: the care team's contact timeline (timeline/). Patient timelines and groups, posts
// with their versions, mentions and attachments, read markers, confirmations, promotions to the
// chart, and the event log every live subscription reads.
//
// Append-only like the chart: an edit or a retraction is a new version row; the only UPDATEs are
// of "current" pointers (a post's current version, a member's read marker, an attachment's post)
// and of a group membership's end date. The event log (timeline_events) is numbered in commit
// order (db/database.ts serialize), so a subscriber that has seen event n never later finds one
// below n appear.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';
import { seedChartPolicy } from './chart-policy-seed';

export function timelineMigration(engine: Engine): Migration {
  const { id, instant } = columnTypes(engine);
  const pg = engine === 'postgres';
  const serial = pg ? 'bigserial' : 'integer';
  const bigint = pg ? 'bigint' : 'integer';

  return {
    async up(db: Kysely<any>) {
      // The chart policy gains the timeline as a record kind: every team role reads and writes it.
      await seedChartPolicy(db, (kind) => kind === 'TIMELINE', '0003-timeline');

      // One row per patient timeline (made on first use) and per group.
      await db.schema
        .createTable('timelines')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('patient_id', id, (c) => c.unique().references('patients.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('owner_user_id', id, (c) => c.references('users.id'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('created_by', id, (c) => c.references('users.id'))
        .addColumn('client_request_id', id, (c) => c.unique())
        .execute();

      await db.schema
        .createTable('timeline_group_members')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('timeline_id', id, (c) => c.notNull().references('timelines.id'))
        .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('added_at', instant, (c) => c.notNull())
        .addColumn('added_by', id, (c) => c.notNull().references('users.id'))
        .addColumn('removed_at', instant)
        .addColumn('removed_by', id, (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('timeline_group_members_by_user').on('timeline_group_members').columns(['user_id', 'removed_at']).execute();
      await db.schema.createIndex('timeline_group_members_by_group').on('timeline_group_members').columns(['timeline_id', 'removed_at']).execute();

      await db.schema
        .createTable('timeline_events')
        .addColumn('seq', serial, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('timeline_id', id, (c) => c.notNull().references('timelines.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('post_id', id)
        .addColumn('user_id', id, (c) => c.references('users.id'))
        .addColumn('at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('timeline_events_by_timeline').on('timeline_events').columns(['timeline_id', 'seq']).execute();

      await db.schema
        .createTable('timeline_posts')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('timeline_id', id, (c) => c.notNull().references('timelines.id'))
        // The event that created it: posts are ordered, and read up to, by it.
        .addColumn('seq', bigint, (c) => c.notNull().unique())
        .addColumn('reply_to_post_id', id, (c) => c.references('timeline_posts.id'))
        .addColumn('urgent', 'integer', (c) => c.notNull())
        .addColumn('asks_confirmation', 'integer', (c) => c.notNull())
        .addColumn('current_version', 'integer', (c) => c.notNull())
        .addColumn('author_user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('author_profession', 'text', (c) => c.notNull())
        .addColumn('author_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('author_device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('posted_at', instant, (c) => c.notNull())
        .addColumn('client_request_id', id, (c) => c.unique())
        .execute();
      await db.schema.createIndex('timeline_posts_by_timeline').on('timeline_posts').columns(['timeline_id', 'seq']).execute();

      await db.schema
        .createTable('timeline_post_versions')
        .addColumn('post_id', id, (c) => c.notNull().references('timeline_posts.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('retracted', 'integer', (c) => c.notNull())
        .addColumn('device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('recorded_at', instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('timeline_post_versions_pk', ['post_id', 'version'])
        .execute();

      await db.schema
        .createTable('timeline_mentions')
        .addColumn('post_id', id, (c) => c.notNull().references('timeline_posts.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('timeline_mentions_pk', ['post_id', 'version', 'user_id'])
        .execute();
      await db.schema.createIndex('timeline_mentions_by_user').on('timeline_mentions').columns(['user_id', 'post_id']).execute();

      // A file uploaded for a post: stored and checked first, then named by the post.
      await db.schema
        .createTable('timeline_attachments')
        .addColumn('id', id, (c) => c.primaryKey())
        .addColumn('timeline_id', id, (c) => c.notNull().references('timelines.id'))
        .addColumn('upload_id', id, (c) => c.notNull().unique())
        .addColumn('uploaded_by', id, (c) => c.notNull().references('users.id'))
        .addColumn('uploaded_at', instant, (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', bigint, (c) => c.notNull())
        .addColumn('page_count', 'integer', (c) => c.notNull())
        .addColumn('post_id', id, (c) => c.references('timeline_posts.id'))
        .addColumn('ordinal', 'integer')
        .addColumn('filed_document_id', id, (c) => c.references('documents.id'))
        .execute();
      await db.schema.createIndex('timeline_attachments_by_post').on('timeline_attachments').columns(['post_id', 'ordinal']).execute();

      // Each member's "read up to" marker, and every move of it (who read a post, and when).
      await db.schema
        .createTable('timeline_read_markers')
        .addColumn('timeline_id', id, (c) => c.notNull().references('timelines.id'))
        .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('read_up_to', bigint, (c) => c.notNull())
        .addColumn('moved_at', instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('timeline_read_markers_pk', ['timeline_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('timeline_read_moves')
        .addColumn('timeline_id', id, (c) => c.notNull().references('timelines.id'))
        .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('read_up_to', bigint, (c) => c.notNull())
        .addColumn('moved_at', instant, (c) => c.notNull())
        .addColumn('device_id', id, (c) => c.notNull().references('devices.id'))
        .addPrimaryKeyConstraint('timeline_read_moves_pk', ['timeline_id', 'user_id', 'read_up_to'])
        .execute();

      await db.schema
        .createTable('timeline_confirmations')
        .addColumn('post_id', id, (c) => c.notNull().references('timeline_posts.id'))
        .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
        .addColumn('confirmed_at', instant, (c) => c.notNull())
        .addColumn('device_id', id, (c) => c.notNull().references('devices.id'))
        .addPrimaryKeyConstraint('timeline_confirmations_pk', ['post_id', 'user_id'])
        .execute();

      // A post promoted to a progress note (several posts may share one note).
      await db.schema
        .createTable('timeline_promotions')
        .addColumn('post_id', id, (c) => c.primaryKey().references('timeline_posts.id'))
        .addColumn('note_id', id, (c) => c.notNull())
        .addColumn('promoted_by', id, (c) => c.notNull().references('users.id'))
        .addColumn('promoted_by_profession', 'text', (c) => c.notNull())
        .addColumn('promoted_by_facility_id', id, (c) => c.notNull().references('facilities.id'))
        .addColumn('promoted_by_device_id', id, (c) => c.notNull().references('devices.id'))
        .addColumn('promoted_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('timeline_promotions_by_note').on('timeline_promotions').columns(['note_id']).execute();
    },
  };
}
