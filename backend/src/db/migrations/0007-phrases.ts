// 定型文 (fixed phrases) staff insert into SOAP notes and form fields, and the office FAX number
// printed on the forms an office issues (訪問看護指示書: 医療機関の電話・FAX).
//
// A phrase belongs to one user (theirs alone) or to one office (every member reads it). Phrases
// are working aids, not chart records, so an edit updates the row; a deletion is kept as
// deleted_at so a PC that cached the phrase learns it is gone on its next list.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';

export function phrasesMigration(engine: Engine): Migration {
  const { id, instant } = columnTypes(engine);

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('facilities')
        .addColumn('fax', 'text', (c) => c.notNull().defaultTo(''))
        .execute();

      await db.schema
        .createTable('phrases')
        .addColumn('id', id, (c) => c.primaryKey())
        // 'user' (owner_user_id set) or 'facility' (facility_id set).
        .addColumn('owner_kind', 'text', (c) => c.notNull())
        .addColumn('owner_user_id', id, (c) => c.references('users.id'))
        .addColumn('facility_id', id, (c) => c.references('facilities.id'))
        // Where the picker offers it: PHRASE_TARGET_* (ANY, SOAP_S … SOAP_P, FORM).
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('created_by', id, (c) => c.notNull().references('users.id'))
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('updated_by', id, (c) => c.notNull().references('users.id'))
        .addColumn('deleted_at', instant)
        .addColumn('deleted_by', id, (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('phrases_by_user').on('phrases').columns(['owner_user_id', 'deleted_at']).execute();
      await db.schema.createIndex('phrases_by_facility').on('phrases').columns(['facility_id', 'deleted_at']).execute();
    },
  };
}
