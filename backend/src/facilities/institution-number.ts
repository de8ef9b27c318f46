// A facility's 保険医療機関番号 as the server keeps it (facilities.medical_institution_number,
// migration 0020): the rule itself is @renkei/proto/chart-rules (institution-number.ts), shared
// with the 診療情報提供書's 紹介先 number and the screens.
import { institutionNumberDigits, institutionNumberProblem } from '@renkei/proto/chart-rules';
import { z } from 'zod';
import type { Store } from '../db/database';

/** The rule as a field: normalised, then checked; the stored value is the 10 ASCII digits. */
export const institutionNumber = z
  .string()
  .transform(institutionNumberDigits)
  .superRefine((number, context) => {
    const problem = institutionNumberProblem(number);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** The recorded 保険医療機関番号 of the facilities that have one, by facility id. */
export async function institutionNumbersOf(store: Store, facilityIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(facilityIds.filter((id) => id !== ''))];
  if (ids.length === 0) return new Map();
  const rows = await store.db
    .selectFrom('facilities')
    .select(['id', 'medical_institution_number'])
    .where('id', 'in', ids)
    .where('medical_institution_number', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.medical_institution_number!]));
}
