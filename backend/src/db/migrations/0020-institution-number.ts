// The 保険医療機関番号 of a facility, and the office a form is addressed to (JP-CLINS, issue 15).
//
//   - facilities.medical_institution_number: the 10 digits a regional 厚生局 gives a clinic,
//     hospital, pharmacy or 訪問看護ステーション (都道府県番号 2 + 点数表番号 1 + 医療機関コード 7).
//     JP-CLINS documents name every office by it, so a 診療情報提供書 is exported only when both
//     offices have one. Set by the regional office (`renkei-admin facility set-institution-number`),
//     checked by facilities/institution-number.ts; NULL: not recorded, as for every facility before.
//   - forms.addressee_facility_id: the care team's office a form was created for (the one chosen,
//     or the usual one), so an export can name the receiving office by its record and not by the
//     text of the letter. NULL: none was known, as for every form before.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database';
import { columnTypes } from './column-types';

export function institutionNumberMigration(engine: Engine): Migration {
  const { id } = columnTypes(engine);
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('facilities').addColumn('medical_institution_number', 'text').execute();
      await db.schema.alterTable('forms').addColumn('addressee_facility_id', id).execute();
    },
  };
}
