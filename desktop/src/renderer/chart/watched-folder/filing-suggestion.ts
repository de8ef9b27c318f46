// Whose document a PDF from the watched folder is, and what kind, guessed from its file name and
// its text, so it is not filed onto whichever chart happens to be open. Business systems name their
// exports after the patient and the document (「退院時サマリー_山田太郎_S23.3.2.pdf」) and print the
// name, its reading and the birth date on the first page.
//
// Only the logged-in user's own patients (their PC cache's list) are considered: a PC is shared by
// offices' staff, and a guess must never name a patient the user may not see. The names are
// compared as the patient search compares them (proto's japanese-search: width, kana, old kanji),
// and birth dates are read as people write them (1948-03-02, 19480302, S23.3.2, 昭和23年3月2日).
import { parseDayInput } from '@renkei/proto/calendar';
import { normalizeForSearch } from '@renkei/proto/japanese-search';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES } from '@renkei/proto/labels';
import type { PatientListItem } from '../../../shared/desktop-api';

export type MatchedBy = 'name' | 'reading' | 'birth-date';

export interface PatientMatch {
  patient: PatientListItem;
  matchedBy: MatchedBy[];
}

export interface FilingSuggestion {
  /** The one patient the file points to; null when none of the user's patients, or several equally. */
  patient: PatientMatch | null;
  /** Several of the user's patients match equally well: the file cannot say which. */
  ambiguous: boolean;
  /** DOCUMENT_TYPE_* the file name names, or null. */
  documentType: string | null;
  /** Every patient of the user's the file names in any way, best first. */
  matches: PatientMatch[];
}

/** A name written with separators between its parts (山田_太郎, ヤマダ-タロウ) still reads as one. */
const comparable = (text: string) => normalizeForSearch(text).replace(/[_\-‐－.,、，()（）「」[\]【】]/g, '');

const ERA_DAY = /(?<![A-Za-z])(?:明治|大正|昭和|平成|令和|[MTSHRmtshr])\s*(?:元|\d{1,2})\s*(?:年|[./-])\s*\d{1,2}\s*(?:月|[./-])\s*\d{1,2}\s*日?/g;
const WESTERN_DAY = /(?<!\d)\d{4}\s*(?:年|[./-])\s*\d{1,2}\s*(?:月|[./-])\s*\d{1,2}\s*日?/g;
const COMPACT_DAY = /(?<!\d)\d{8}(?!\d)/g;

/** Every real day written in a text, as YYYY-MM-DD. */
export function daysWrittenIn(text: string): Set<string> {
  const input = text.normalize('NFKC');
  const days = new Set<string>();
  for (const pattern of [ERA_DAY, WESTERN_DAY, COMPACT_DAY]) {
    for (const match of input.matchAll(pattern)) {
      const read = parseDayInput(match[0]);
      if ('day' in read) days.add(read.day.toString());
    }
  }
  return days;
}

/** Other names people give these documents in file names, beyond the label itself. */
const DOCUMENT_TYPE_ALIASES: readonly [string, string][] = [
  ['DOCUMENT_TYPE_HOME_MEDICAL_MANAGEMENT_REPORT', '居宅療養管理指導'],
  ['DOCUMENT_TYPE_CARE_PLAN', '居宅サービス計画'],
  ['DOCUMENT_TYPE_DISCHARGE_SUMMARY', '退院サマリー'],
  ['DOCUMENT_TYPE_DISCHARGE_SUMMARY', 'サマリー'],
  ['DOCUMENT_TYPE_REFERRAL_LETTER', '紹介状'],
  ['DOCUMENT_TYPE_REFERRAL_LETTER', '情報提供書'],
  ['DOCUMENT_TYPE_PHYSICIAN_OPINION', '意見書'],
  ['DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', '指示書'],
  ['DOCUMENT_TYPE_VISITING_NURSING_PLAN', '看護計画'],
  ['DOCUMENT_TYPE_VISITING_NURSING_REPORT', '看護報告'],
  ['DOCUMENT_TYPE_CONSENT_FORM', '同意書'],
];

/** The document type a file name names (「退院時サマリー_…」), the full label before any alias. */
export function documentTypeFromFileName(fileName: string): string | null {
  const name = comparable(fileName);
  for (const type of DOCUMENT_TYPES) {
    if (type !== 'DOCUMENT_TYPE_OTHER' && name.includes(comparable(DOCUMENT_TYPE_LABELS[type].ja))) return type;
  }
  return DOCUMENT_TYPE_ALIASES.find(([, alias]) => name.includes(comparable(alias)))?.[0] ?? null;
}

/** How well each patient matches the file's name and text; best first, non-matching left out. */
export function matchPatients(fileName: string, text: string, patients: readonly PatientListItem[]): PatientMatch[] {
  const haystack = comparable(`${fileName}\n${text}`);
  const days = daysWrittenIn(`${fileName}\n${text}`);
  const matches: PatientMatch[] = [];
  for (const patient of patients) {
    const { name } = patient;
    const matchedBy: MatchedBy[] = [];
    const written = comparable(name.family + name.given);
    const reading = comparable(name.familyKana + name.givenKana);
    // The whole name: a family name alone (山田) is shared by too many patients to point to one.
    if (name.given.trim() !== '' && written !== '' && haystack.includes(written)) matchedBy.push('name');
    if (name.givenKana.trim() !== '' && reading !== '' && haystack.includes(reading)) matchedBy.push('reading');
    if (patient.birthDate !== '' && days.has(patient.birthDate)) matchedBy.push('birth-date');
    if (matchedBy.length > 0) matches.push({ patient, matchedBy });
  }
  return matches.sort((a, b) => score(b) - score(a));
}

/** A name (written or read) counts more than a birth date, which many patients share; both most. */
function score(match: PatientMatch): number {
  const name = match.matchedBy.includes('name') || match.matchedBy.includes('reading') ? 2 : 0;
  return name + (match.matchedBy.includes('birth-date') ? 1 : 0);
}

export function suggestFiling(fileName: string, text: string, patients: readonly PatientListItem[]): FilingSuggestion {
  const matches = matchPatients(fileName, text, patients);
  const [best, second] = matches;
  const ambiguous = best !== undefined && second !== undefined && score(second) === score(best);
  return { patient: ambiguous ? null : (best ?? null), ambiguous, documentType: documentTypeFromFileName(fileName), matches };
}

/**
 * Whether a file names one of the user's other patients and not `patientId`: its best match is
 * someone else, or it is ambiguous among others only. A file that names nobody says nothing
 * either way. For a file the user dropped onto this chart themselves, only this asks them to
 * confirm the patient.
 */
export function namesAnotherPatient(suggestion: FilingSuggestion, patientId: string): boolean {
  if (suggestion.patient !== null) return suggestion.patient.patient.id !== patientId;
  if (!suggestion.ambiguous) return false;
  const best = score(suggestion.matches[0]!);
  return !suggestion.matches.some((match) => score(match) === best && match.patient.id === patientId);
}
