// Patient search folds voicing marks, small kana and long-vowel spellings (すし = ズシ, こおろぎ =
// コウロギ; proto/src/japanese-search.ts). The stored search keys of patients registered before are
// recomputed with that rule, or a search would miss them until their names were written again.
//
// The rule is the code's, not a copy frozen here: a later change to it needs its own migration
// like this one, which is a no-op for rows already in the current form.
import type { Kysely, Migration } from 'kysely';
import { searchKeysOf } from '@renkei/proto';

/** Rows read and written per round trip: bounded memory on a region's hundred thousand patients. */
const BATCH = 500;

export async function refoldPatientSearchKeys(db: Kysely<any>): Promise<number> {
  let changed = 0;
  // Keyset pagination by id (a uuid on PostgreSQL: no '' sentinel, the first page has no bound).
  let after: string | undefined;
  for (;;) {
    const rows: {
      id: string;
      family_name: string;
      given_name: string;
      family_name_kana: string;
      given_name_kana: string;
      search_written: string;
      search_reading: string;
    }[] = await db
      .selectFrom('patients')
      .select(['id', 'family_name', 'given_name', 'family_name_kana', 'given_name_kana', 'search_written', 'search_reading'])
      .$if(after !== undefined, (q) => q.where('id', '>', after!))
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return changed;
    for (const row of rows) {
      const keys = searchKeysOf({ family: row.family_name, given: row.given_name, familyKana: row.family_name_kana, givenKana: row.given_name_kana });
      if (keys.written === row.search_written && keys.reading === row.search_reading) continue;
      await db.updateTable('patients').set({ search_written: keys.written, search_reading: keys.reading }).where('id', '=', row.id).execute();
      changed++;
    }
    after = rows[rows.length - 1]!.id;
  }
}

export function searchFoldingMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await refoldPatientSearchKeys(db);
    },
  };
}
