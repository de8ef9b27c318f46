// A person's name in its API shape, from the name columns users and patients share. A leaf: the
// chart's record authors, the patient overview and the directory all build names, and none of
// them may depend on another for it.
import type { PersonName } from '@renkei/proto/generated/renkei/v1/PersonName';

interface NameColumns {
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
}

export function personNameOf(row: NameColumns): PersonName {
  return { family: row.family_name, given: row.given_name, familyKana: row.family_name_kana, givenKana: row.given_name_kana };
}
