// The names of everything the screens read from the core and keep (TanStack Query keys), in one
// place: per patient, then per record kind, so a change can mark stale exactly what it changed
// ("a note was written" → that patient's notes and overview) and nothing else.
//
//   ['phrases']                                         the user's and their office's 定型文
//   ['patients', searchText]                            the patient list (from this PC's cache)
//   ['patients', 'archived', searchText]                archived patients (from the server, on request)
//   ['patient', id, 'overview']                         the overview, with the chart summary
//   ['patient', id, 'notes' | 'documents' | 'forms' | 'medications' | 'vitals', …] one record kind: its list, a record's
//                                                       history or versions, its content
//   ['patient', id, 'consent']                          the consent status
//   ['watched-folder']                                  this PC's watched folder and its files
//   ['timelines', 'inbox' | key, …]                     the contact timeline: the inbox, one timeline's
//                                                       page, a post's readers
import type { QueryKey } from '@tanstack/react-query';

export const queryKeys = {
  /** The user's and their office's 定型文 (not a patient's). */
  phrases: ['phrases'] as const,
  patientSearch: (text: string) => ['patients', text] as const,
  /** Archived patients found by the server (never cached on the PC), asked for explicitly. */
  archivedPatientSearch: (text: string) => ['patients', 'archived', text] as const,

  /** Everything read about one patient. */
  patient: (patientId: string) => ['patient', patientId] as const,
  overview: (patientId: string) => ['patient', patientId, 'overview'] as const,

  notes: (patientId: string) => ['patient', patientId, 'notes'] as const,
  noteList: (patientId: string, includeEnteredInError: boolean) => ['patient', patientId, 'notes', 'list', { includeEnteredInError }] as const,
  noteHistory: (patientId: string, noteId: string) => ['patient', patientId, 'notes', 'history', noteId] as const,

  documents: (patientId: string) => ['patient', patientId, 'documents'] as const,
  documentList: (patientId: string) => ['patient', patientId, 'documents', 'list'] as const,
  documentHistory: (patientId: string, documentId: string) => ['patient', patientId, 'documents', 'history', documentId] as const,
  /** The file itself; version 0 is the current one. */
  documentContent: (patientId: string, documentId: string, version: number) => ['patient', patientId, 'documents', 'content', documentId, version] as const,

  formList: (patientId: string) => ['patient', patientId, 'forms', 'list'] as const,
  formVersions: (patientId: string, formId: string) => ['patient', patientId, 'forms', 'versions', formId] as const,
  /** A form's current version, as the editor opens it. */
  form: (patientId: string, formId: string) => ['patient', patientId, 'forms', 'form', formId] as const,
  formPdf: (patientId: string, formId: string, version: number) => ['patient', patientId, 'forms', 'pdf', formId, version] as const,

  medications: (patientId: string) => ['patient', patientId, 'medications'] as const,
  /** Every entry, stopped ones too (服薬の履歴). */
  medicationList: (patientId: string) => ['patient', patientId, 'medications', 'list'] as const,
  medicationHistory: (patientId: string, medicationId: string) => ['patient', patientId, 'medications', 'history', medicationId] as const,

  /** The 記録一覧 of vital signs (those entered in error too); the trend reads the overview. */
  vitalSigns: (patientId: string) => ['patient', patientId, 'vitals'] as const,

  consent: (patientId: string) => ['patient', patientId, 'consent'] as const,

  watchedFolder: ['watched-folder'] as const,

  /** Everything read of the contact timeline. */
  timelines: ['timelines'] as const,
  inbox: ['timelines', 'inbox'] as const,
  /** One timeline ("patient:<id>" or "group:<id>"): its newest posts and members. */
  timeline: (key: string) => ['timelines', key] as const,
  postReaders: (key: string, postId: string) => ['timelines', key, 'readers', postId] as const,
  /** The people this PC knows of, to add to a group. */
  colleagues: ['timelines', 'colleagues'] as const,
};

/**
 * What one user has read (patients, their charts, the watched folder's file names, which often
 * name patients): dropped when that user's session ends, so the next user can never be shown it.
 */
export function isSessionData(key: QueryKey): boolean {
  // 定型文 too: a user's own phrases are theirs alone, and they may name a patient.
  return key[0] === 'patients' || key[0] === 'patient' || key[0] === 'watched-folder' || key[0] === 'timelines' || key[0] === 'phrases';
}

/**
 * What a finished sync may have changed: the patient list and the overviews come from the cache
 * it refreshed, and each record kind's list and the consent status are read again, so a chart left
 * open shows what the team added meanwhile. A record's history, versions or content were read when
 * opened and are read again when next opened.
 */
export function isRefreshedBySync(key: QueryKey): boolean {
  // The core reads the 定型文 again after each sync (a colleague's new office phrase).
  if (key[0] === 'patients' || key[0] === 'phrases') return true;
  if (key[0] !== 'patient') return false;
  return key[2] === 'overview' || key[2] === 'consent' || key[3] === 'list';
}
