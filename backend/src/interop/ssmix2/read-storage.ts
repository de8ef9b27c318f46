// Reads an SS-MIX2 standardized storage tree into typed facts, one file at a time: a refused file
// is listed with its path and reason and the rest of the tree is still read. Nothing here touches
// the database; the importer (next step) stores `current` and withdraws `withdrawn`.
//
// Versions, as SS-MIX2 intends: every message of one order (patient, data type, order number) is
// a version, ordered by the 発生日時 in its name. The newest wins; if the newest has condition flag 0
// the order was deleted at the hospital and its facts are withdrawn. ADT-00, ADT-61 and PPR-01 use
// the dummy order number 999999999999999, so their newest message is the patient's current
// demographics, allergy list or diagnosis list. If the newest version was refused, the order is
// held back rather than answered with an older version that the hospital has since replaced.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readAllergies, type Allergy } from './allergies';
import { SS_MIX2_DATA_TYPES, isImportedDataType } from './data-types';
import { readDiagnoses, type Diagnosis } from './diagnoses';
import { parseHl7, type Hl7Message } from './hl7-message';
import { decodeIso2022Jp } from './iso-2022-jp';
import { readLabResults, type LabResult } from './lab-results';
import { checkEnvelope } from './message-envelope';
import { type MessageSource } from './message-source';
import { readPatientDemographics, type PatientDemographics } from './patient-demographics';
import { readPrescriptions, type Prescription } from './prescriptions';
import { Ssmix2Refusal, refuse, type RefusalReason } from './refusal';
import { describeStorageFile, type StorageFile } from './storage-file';
import { patientFolder, walkStorage } from './storage-walk';

export type ImportedFacts =
  | { dataType: 'ADT-00'; patient: PatientDemographics }
  | { dataType: 'ADT-61'; allergies: Allergy[] }
  | { dataType: 'PPR-01'; diagnoses: Diagnosis[] }
  | { dataType: 'OMP-01'; prescriptions: Prescription[] }
  | { dataType: 'OML-11'; labResults: LabResult[] };

export interface ReadMessage {
  file: StorageFile;
  source: MessageSource;
  /** Null for a deletion (condition flag 0): it withdraws, it carries no facts. */
  facts: ImportedFacts | null;
}

export interface Refusal {
  path: string;
  /** The data type from the file name when it could be read, else null. */
  dataType: string | null;
  reason: RefusalReason;
}

export interface OrderKey {
  patientId: string;
  dataType: string;
  orderNumber: string;
}

export interface DataTypeCounts {
  /** Files of an imported type read without fault (deletions included). */
  read: number;
  /** Files of a recognised SS-MIX2 type that Renkei does not import (checked, then set aside). */
  notImported: number;
  refused: number;
  /** Older versions replaced by a newer message of the same order. */
  superseded: number;
  /** Orders whose newest version is a deletion. */
  withdrawn: number;
  /** Orders whose newest version was refused, so no version is imported. */
  heldBack: number;
}

export interface StorageReading {
  current: ReadMessage[];
  withdrawn: ReadMessage[];
  heldBack: OrderKey[];
  refusals: Refusal[];
  /** Per data type; files whose type cannot be told are counted under "unknown". */
  counts: Record<string, DataTypeCounts>;
  /** Files left out by the --since filter. */
  beforeSince: number;
}

export interface ReadStorageOptions {
  /** Only this hospital patient ID's folder. */
  patientId?: string;
  /** Only messages created (発生日時, Japan time) on or after this day, "YYYY-MM-DD". */
  since?: string;
}

const emptyCounts = (): DataTypeCounts => ({ read: 0, notImported: 0, refused: 0, superseded: 0, withdrawn: 0, heldBack: 0 });

function extractFacts(file: StorageFile, message: Hl7Message, source: MessageSource): ImportedFacts {
  switch (file.dataType) {
    case 'ADT-00':
      return { dataType: 'ADT-00', patient: readPatientDemographics(message, source, file.patientId) };
    case 'ADT-61':
      return { dataType: 'ADT-61', allergies: readAllergies(message, source) };
    case 'PPR-01':
      return { dataType: 'PPR-01', diagnoses: readDiagnoses(message, source) };
    case 'OMP-01':
      return { dataType: 'OMP-01', prescriptions: readPrescriptions(message, source) };
    default:
      return { dataType: 'OML-11', labResults: readLabResults(message, source) };
  }
}

/** Decodes, parses and checks one file; the facts too when its type is imported and it is not a deletion. */
export function readStorageMessage(file: StorageFile, bytes: Uint8Array): ReadMessage {
  const message = parseHl7(decodeIso2022Jp(bytes));
  const source = checkEnvelope(file, message);
  const facts = isImportedDataType(file.dataType) && file.valid ? extractFacts(file, message, source) : null;
  return { file, source, facts };
}

function checkSince(since: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(since);
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !day || day.getUTCDate() !== Number(match[3]) || day.getUTCMonth() !== Number(match[2]) - 1) {
    throw new Error(`--since「${since}」は日付ではありません。YYYY-MM-DD の形（例：2024-04-01）で指定してください。`);
  }
  return `${match[1]}${match[2]}${match[3]}`;
}

const orderKey = (file: StorageFile) => `${file.patientId}\u0000${file.dataType}\u0000${file.orderNumber}`;
const newestFirst = (a: StorageFile, b: StorageFile) =>
  a.createdAtDigits !== b.createdAtDigits ? (a.createdAtDigits < b.createdAtDigits ? 1 : -1) : a.path < b.path ? 1 : a.path > b.path ? -1 : 0;

export async function readSsmix2Storage(root: string, options: ReadStorageOptions = {}): Promise<StorageReading> {
  const sinceDay = options.since === undefined ? null : checkSince(options.since);
  const under = options.patientId === undefined ? '' : patientFolder(options.patientId);
  const reading: StorageReading = { current: [], withdrawn: [], heldBack: [], refusals: [], counts: {}, beforeSince: 0 };
  const count = (dataType: string) => (reading.counts[dataType] ??= emptyCounts());
  const read: ReadMessage[] = [];
  const refusedFiles: StorageFile[] = [];

  for (const entry of await walkStorage(root, under)) {
    let file: StorageFile | undefined;
    try {
      // --since looks at the name's 発生日時 alone, so an incremental import does not report old files again.
      const createdAt = entry.path.split('/').at(-1)!.split('_')[4] ?? '';
      if (sinceDay !== null && /^\d{17}$/.test(createdAt) && createdAt.slice(0, 8) < sinceDay) {
        reading.beforeSince++;
        continue;
      }
      if (!entry.regularFile) throw refuse.notAFile();
      file = describeStorageFile(entry.path);
      const message = readStorageMessage(file, await readFile(path.join(root, entry.path)));
      if (isImportedDataType(file.dataType)) {
        count(file.dataType).read++;
        read.push(message);
      } else {
        count(file.dataType).notImported++;
      }
    } catch (error) {
      if (!(error instanceof Ssmix2Refusal)) throw error;
      const typeInName = entry.path.split('/').at(-1)!.split('_')[2];
      const dataType = file?.dataType ?? (typeInName && SS_MIX2_DATA_TYPES.has(typeInName) ? typeInName : null);
      reading.refusals.push({ path: entry.path, dataType, reason: error.reason });
      count(dataType ?? 'unknown').refused++;
      if (file && isImportedDataType(file.dataType)) refusedFiles.push(file);
    }
  }

  const versions = new Map<string, ReadMessage[]>();
  for (const message of read) versions.set(orderKey(message.file), [...(versions.get(orderKey(message.file)) ?? []), message]);
  for (const [key, messages] of versions) {
    messages.sort((a, b) => newestFirst(a.file, b.file));
    const [newest, ...older] = messages as [ReadMessage, ...ReadMessage[]];
    const counts = count(newest.file.dataType);
    counts.superseded += older.length;
    const newerRefused = refusedFiles.some((refused) => orderKey(refused) === key && newestFirst(refused, newest.file) < 0);
    if (newerRefused) {
      counts.heldBack++;
      reading.heldBack.push({ patientId: newest.file.patientId, dataType: newest.file.dataType, orderNumber: newest.file.orderNumber });
    } else if (newest.file.valid) {
      reading.current.push(newest);
    } else {
      counts.withdrawn++;
      reading.withdrawn.push(newest);
    }
  }
  return reading;
}
