// What people read for the record's enumerations. The stored values are proto enum names; a value
// this build does not know (a newer server) is shown as it is rather than hidden or mislabelled.
import { ALLERGY_SEVERITY_LABELS, CARE_LEVEL_LABELS, CARE_TEAM_ROLE_LABELS, PROFESSION_LABELS, SEX_LABELS, type Label } from '@renkei/proto/labels';
import type { Locale } from '../../shared/desktop-api';

function lookup(table: Readonly<Record<string, Label>>, value: string, locale: Locale): string {
  return Object.hasOwn(table, value) ? table[value]![locale] : value;
}

export const careLevelLabel = (value: string, locale: Locale) => lookup(CARE_LEVEL_LABELS, value, locale);
export const careTeamRoleLabel = (value: string, locale: Locale) => lookup(CARE_TEAM_ROLE_LABELS, value, locale);
export const professionLabel = (value: string, locale: Locale) => lookup(PROFESSION_LABELS, value, locale);
export const sexLabel = (value: string, locale: Locale) => lookup(SEX_LABELS, value, locale);
export const allergySeverityLabel = (value: string, locale: Locale) => lookup(ALLERGY_SEVERITY_LABELS, value, locale);

/** Severe reactions must stand out on screen; an unknown severity is treated with caution, not as mild. */
export type AllergyEmphasis = 'severe' | 'moderate' | 'mild' | 'unknown';

export function allergyEmphasis(severity: string): AllergyEmphasis {
  switch (severity) {
    case 'ALLERGY_SEVERITY_SEVERE':
      return 'severe';
    case 'ALLERGY_SEVERITY_MODERATE':
      return 'moderate';
    case 'ALLERGY_SEVERITY_MILD':
      return 'mild';
    default:
      return 'unknown';
  }
}

/** Most severe first, so the one that matters is read first. */
export function allergySeverityRank(severity: string): number {
  return ['severe', 'unknown', 'moderate', 'mild'].indexOf(allergyEmphasis(severity));
}
