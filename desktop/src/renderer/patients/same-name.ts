// Two patients of one name on a user's list (two 黒木 昭子 of 76 and 77) are the classic way to
// open the wrong chart. Names are compared as the search compares them (width, kana and old kanji
// forms folded), so 髙橋 and 高橋 count as the same name: that is exactly the confusion to warn of.
import { useQuery } from '@tanstack/react-query';
import { normalizeForSearch } from '@renkei/proto/japanese-search';
import type { PatientListItem, PersonName } from '../../shared/desktop-api';
import { queryKeys } from '../api/query-keys';
import { useDesktopApi } from '../app/desktop-api-context';

function nameKey(name: PersonName): string {
  return normalizeForSearch(`${name.family}${name.given}`);
}

/** The ids of the patients in `patients` who share their name with another in it. */
export function patientsSharingName(patients: readonly PatientListItem[]): Set<string> {
  const byName = new Map<string, string[]>();
  for (const patient of patients) {
    const key = nameKey(patient.name);
    byName.set(key, [...(byName.get(key) ?? []), patient.id]);
  }
  return new Set([...byName.values()].filter((ids) => ids.length > 1).flat());
}

/**
 * The patients on the user's whole list who share a name with another on it (not only among a
 * search's results: searching 「昭子」 still warns of the other 黒木 昭子). The list is the one the
 * patient list screen reads with an empty search, so this costs nothing more.
 */
export function useSameNamePatients(): Set<string> {
  const api = useDesktopApi();
  const everyone = useQuery({
    queryKey: queryKeys.patientSearch(''),
    queryFn: async () => ({ ...(await api.searchPatients('')), searchedFor: '' }),
  });
  return patientsSharingName(everyone.data?.patients ?? []);
}
