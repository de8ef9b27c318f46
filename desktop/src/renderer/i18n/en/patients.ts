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
  archivedSearch: 'Also search archived patients',
  archivedSearchHint:
    'Archived patients are in no list and are not saved on this PC. While connected to the server, you can find those registered by your office (the search is logged).',
  archivedResultsTitle: 'Archived (“{query}”)',
  archivedNoneMatch: 'No archived patient matches “{query}”.',
  archivedTag: 'Archived',
  archivedSearchAgain: 'Search again',
  archivedNotice:
    'Archived by the regional office on {date}. The record is read-only and is not saved on this PC. To add to it, ask the regional office to restore the patient from the archive.',
  noPatientsYet: 'None of your patients can be shown yet. If a sync is running, wait until it finishes.',
} satisfies Record<keyof typeof ja, string>;
