// The list of the user’s patients.
import type { patients as ja } from '../ja/patients';

export const patients = {
  patientListTitle: 'My patients',
  searchLabel: 'Search patients',
  searchPlaceholder: 'Name, kana reading or regional number (e.g. やまだ, 山田, No. 000123)',
  searchKeyboardHint: '↓ to move into the list, Enter to open',
  columnName: 'Name',
  columnAge: 'Age',
  columnSex: 'Sex',
  columnCareLevel: 'Care level',
  columnMyRoles: 'My role',
  patientCount: '{count, plural, one {# patient} other {# patients}}',
  asOfTime: 'as of {time}',
  ageYears: '{years} y',
  noPatientsMatch: 'No patient matches “{query}”.',
  noPatientsYet: 'None of your patients can be shown yet. If a sync is running, wait until it finishes.',
} satisfies Record<keyof typeof ja, string>;
