// Imports a hospital's SS-MIX2 standardized storage into Renkei (`renkei-admin import ssmix2`):
// the pure reader (interop/ssmix2) reads the tree; this stores, per linked patient, the newest
// version of each order with its source, and says what it did.
//
//   - A hospital patient ID is imported only when the office has linked it to a Renkei patient
//     (hospital-links.ts). Unlinked ones are listed, not guessed; with createPatients, a patient is
//     registered from the hospital's ADT-00 (name, kana, birth date, sex, address, phone) and linked.
//   - Each order (data type + order number) keeps one stored version: a newer message replaces the
//     order's facts, it does not add to them; a deletion (condition flag 0) removes them. Removed
//     facts are deleted, not kept: they are a copy of the hospital's record (the hospital keeps its
//     history and can be asked), showing a withdrawn order beside the current ones would mislead,
//     and the audit log keeps which message was replaced or withdrawn by which import.
//   - A message already stored (same path, MSH-10 and 発生日時) is unchanged: importing the same
//     tree again changes nothing and puts no patient in the change feed.
//   - Renkei's own allergies, diagnoses and medications are never touched.
//   - An archived patient's record is closed: nothing is imported for them (they are listed).
//   - A linked patient whose ADT-00 gives another birth date or sex than Renkei's record is not
//     imported at all, and one whose name, address or phone differ is reported (patient-identity.ts).
//   - One transaction per patient (a fault in one patient's data leaves the others imported), each
//     audited and put in the change feed when something changed, so the PCs fetch the overview.
import { statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { describeError, RenkeiError } from '@renkei/proto';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import type { FacilityRow } from '../db/schema';
import { IMPORTED_DATA_TYPES } from '../interop/ssmix2/data-types';
import { isoDay, type JapanTime } from '../interop/ssmix2/hl7-datetime';
import type { PatientDemographics } from '../interop/ssmix2/patient-demographics';
import { readSsmix2Storage, type ImportedFacts, type ReadMessage, type Refusal, type StorageReading } from '../interop/ssmix2/read-storage';
import { registerPatient } from '../patients/patients';
import { recordPatientsChanged } from '../sync/change-feed';
import { fieldViolation, invalidRequest, isoDate } from '../validation';
import { checkHospitalPatientId, deleteMessages, linksOfHospital, requireHospital } from './hospital-links';
import { compareIdentity, type IdentityDifference } from './patient-identity';

export interface ImportOptions {
  storageRoot: string;
  /** The hospital, by id or exact name (a facility of kind HOSPITAL). */
  hospital: string;
  /** Only this hospital patient ID. */
  patientId?: string;
  /** Only messages created on or after this day (YYYY-MM-DD, Japan time). */
  since?: string;
  /** Register (and link) a Renkei patient from ADT-00 for each unlinked hospital patient. */
  createPatients?: boolean;
}

export interface ImportCounts {
  /** Orders stored for the first time. */
  imported: number;
  /** Orders already stored as they are (or a deletion already applied). */
  unchanged: number;
  /** Stored orders replaced by a newer version of the same order. */
  superseded: number;
  /** Stored orders removed because the hospital deleted them (condition flag 0). */
  withdrawn: number;
  /** Orders whose newest version was refused: the stored version, if any, stays. */
  heldBack: number;
  /** Files refused (each is listed in refusals). */
  refused: number;
  /** Sound files of a type Renkei does not import. */
  notImported: number;
}

export interface UnmatchedPatient {
  hospitalPatientId: string;
  /** Orders read for this patient and not imported. */
  orders: number;
  /** Why the patient could not be registered (createPatients only). */
  notCreated?: { ja: string; en: string };
}

export interface ImportedPatient {
  hospitalPatientId: string;
  patientId: string;
  /** Registered from ADT-00 by this import. */
  created: boolean;
  /** Whether anything of the patient's hospital data changed. */
  changed: boolean;
  /** Where the hospital's ADT-00 names the patient, or says where they live, otherwise than Renkei. */
  differences: IdentityDifference[];
}

/** A linked patient the regional office archived: their record is closed, nothing is added to it. */
export interface ArchivedPatient {
  hospitalPatientId: string;
  patientId: string;
  orders: number;
}

/** A linked patient the hospital's ADT-00 says is someone else (birth date, sex): nothing imported. */
export interface IdentityMismatch {
  hospitalPatientId: string;
  patientId: string;
  orders: number;
  mismatches: IdentityDifference[];
}

export interface ImportResult {
  hospital: { id: string; name: string };
  storageRoot: string;
  counts: Record<string, ImportCounts>;
  patients: ImportedPatient[];
  unmatched: UnmatchedPatient[];
  identityMismatches: IdentityMismatch[];
  archived: ArchivedPatient[];
  refusals: Refusal[];
  /** Files left out by `since`. */
  beforeSince: number;
}

const emptyCounts = (): ImportCounts => ({ imported: 0, unchanged: 0, superseded: 0, withdrawn: 0, heldBack: 0, refused: 0, notImported: 0 });

/**
 * Japan time as the hospital wrote it, without the "+09:00" every reading carries (all of it is
 * Japan time) and, unless kept, without milliseconds: "2011-07-01T00:00", "2011-12-20T22:44:47".
 */
export function asWritten(time: JapanTime | null, keepMilliseconds = false): string {
  if (!time) return '';
  const local = time.iso.replace(/\+09:00$/, '');
  return keepMilliseconds ? local : local.replace(/\.\d+$/, '');
}

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // Missing, unreadable, or under a file (ENOTDIR): not a storage root either way.
    return false;
  }
}

/** The input checked before anything is read: precise Japanese errors, nothing changed. */
async function checkOptions(store: Store, options: ImportOptions): Promise<FacilityRow> {
  const hospital = await requireHospital(store, options.hospital);
  if (options.patientId !== undefined) checkHospitalPatientId(options.patientId);
  if (options.since !== undefined && !isoDate.safeParse(options.since).success) throw invalidRequest([fieldViolation('since', 'NOT_A_DAY')]);
  if (!isFolder(options.storageRoot)) throw invalidRequest([fieldViolation('storageRoot', 'STORAGE_ROOT_NOT_FOUND', { root: options.storageRoot })]);
  return hospital;
}

export async function importSsmix2(store: Store, options: ImportOptions, actorLabel: string, now: Date): Promise<ImportResult> {
  const hospital = await checkOptions(store, options);
  const reading = await readSsmix2Storage(options.storageRoot, { patientId: options.patientId, since: options.since });
  const counts: Record<string, ImportCounts> = {};
  const count = (dataType: string) => (counts[dataType] ??= emptyCounts());
  for (const dataType of IMPORTED_DATA_TYPES) count(dataType);
  for (const [dataType, read] of Object.entries(reading.counts)) {
    count(dataType).refused += read.refused;
    count(dataType).notImported += read.notImported;
  }

  const byPatient = groupByPatient(reading);
  const links = await linksOfHospital(store, hospital.id);
  const patients: ImportedPatient[] = [];
  const unmatched: UnmatchedPatient[] = [];
  const identityMismatches: IdentityMismatch[] = [];
  const archived: ArchivedPatient[] = [];

  for (const [hospitalPatientId, held] of byPatient) {
    let patientId = links.get(hospitalPatientId);
    let created = false;
    const orders = held.current.length + held.withdrawn.length + held.heldBack;
    if (patientId === undefined && !options.createPatients) {
      unmatched.push({ hospitalPatientId, orders });
      continue;
    }
    const linked = patientId === undefined ? undefined : await linkedPatient(store, patientId);
    if (linked?.archived_at) {
      archived.push({ hospitalPatientId, patientId: patientId!, orders });
      continue;
    }
    const adt00 = newestDemographics(held.current);
    const identity = linked && adt00 ? compareIdentity(adt00, linked) : undefined;
    if (identity && identity.mismatches.length > 0) {
      identityMismatches.push({ hospitalPatientId, patientId: patientId!, orders, mismatches: identity.mismatches });
      continue;
    }
    try {
      const outcome = await transaction(store, async (tx) => {
        if (patientId === undefined) {
          patientId = await registerFromDemographics(tx, hospital, hospitalPatientId, held.current, actorLabel, now);
          created = true;
        }
        return storePatientMessages(tx, hospital, hospitalPatientId, patientId, held, identity?.differences ?? [], actorLabel, now);
      });
      for (const [dataType, stored] of Object.entries(outcome.counts)) {
        const total = count(dataType);
        total.imported += stored.imported;
        total.unchanged += stored.unchanged;
        total.superseded += stored.superseded;
        total.withdrawn += stored.withdrawn;
        total.heldBack += stored.heldBack;
      }
      patients.push({ hospitalPatientId, patientId: patientId!, created, changed: outcome.changed, differences: identity?.differences ?? [] });
    } catch (error) {
      if (!(error instanceof NotCreated)) throw error;
      unmatched.push({ hospitalPatientId, orders, notCreated: error.reason });
    }
  }

  const result: ImportResult = {
    hospital: { id: hospital.id, name: hospital.name },
    storageRoot: options.storageRoot,
    counts,
    patients,
    unmatched,
    identityMismatches,
    archived,
    refusals: reading.refusals,
    beforeSince: reading.beforeSince,
  };
  await recordAudit(
    store,
    {
      action: 'hospital.import.run',
      outcome: 'ok',
      actorLabel,
      detail: {
        facilityId: hospital.id,
        storageRoot: options.storageRoot,
        patientFilter: options.patientId ?? null,
        since: options.since ?? null,
        createPatients: options.createPatients === true,
        counts,
        patients: patients.length,
        created: patients.filter((p) => p.created).length,
        unmatched: unmatched.map((u) => u.hospitalPatientId),
        // Which fields, not their values: the log names patients, it does not copy their records.
        identityMismatches: identityMismatches.map((m) => ({
          hospitalPatientId: m.hospitalPatientId,
          patientId: m.patientId,
          fields: m.mismatches.map((d) => d.field),
        })),
        archived: archived.map((a) => a.patientId),
        refusals: reading.refusals.length,
      },
    },
    now,
  );
  return result;
}

interface PatientMessages {
  current: ReadMessage[];
  withdrawn: ReadMessage[];
  heldBack: number;
  heldBackByType: Record<string, number>;
}

function groupByPatient(reading: StorageReading): Map<string, PatientMessages> {
  const groups = new Map<string, PatientMessages>();
  const of = (id: string) => {
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { current: [], withdrawn: [], heldBack: 0, heldBackByType: {} }));
    return group;
  };
  for (const message of reading.current) of(message.file.patientId).current.push(message);
  for (const message of reading.withdrawn) of(message.file.patientId).withdrawn.push(message);
  for (const order of reading.heldBack) {
    const group = of(order.patientId);
    group.heldBack++;
    group.heldBackByType[order.dataType] = (group.heldBackByType[order.dataType] ?? 0) + 1;
  }
  return groups;
}

/** The patient as the identity check and the archive rule need them. */
function linkedPatient(store: Store, patientId: string) {
  return store.db
    .selectFrom('patients')
    .select(['family_name', 'given_name', 'family_name_kana', 'given_name_kana', 'birth_date', 'sex', 'address', 'phone', 'archived_at'])
    .where('id', '=', patientId)
    .executeTakeFirstOrThrow();
}

/** The hospital's patient as its newest ADT-00 in this import has them; undefined without one. */
function newestDemographics(current: ReadMessage[]): PatientDemographics | undefined {
  const adt00 = current.find((message) => message.facts?.dataType === 'ADT-00')?.facts as Extract<ImportedFacts, { dataType: 'ADT-00' }> | undefined;
  return adt00?.patient;
}

class NotCreated extends Error {
  constructor(readonly reason: { ja: string; en: string }) {
    super(reason.en);
  }
}

/** Registers the Renkei patient from the hospital's ADT-00 and links it; NotCreated when it cannot. */
async function registerFromDemographics(
  tx: Store,
  hospital: FacilityRow,
  hospitalPatientId: string,
  current: ReadMessage[],
  actorLabel: string,
  now: Date,
): Promise<string> {
  const demographics = newestDemographics(current);
  if (!demographics) {
    throw new NotCreated({
      ja: '患者基本情報（ADT-00）がないため登録できません。`renkei-admin hospital link` で既存の患者に紐づけてください。',
      en: 'No patient demographics (ADT-00) to register from. Link an existing patient with `renkei-admin hospital link`.',
    });
  }
  const name = demographics.kanjiName;
  const kana = demographics.kanaName;
  const birthDate = isoDay(demographics.birthDate);
  if (!name || !kana || !birthDate) {
    throw new NotCreated({
      ja: 'ADT-00 に漢字氏名・カナ氏名・生年月日（日まで）がそろっていないため登録できません。',
      en: 'ADT-00 lacks the kanji name, the kana name or a birth date to the day; not registered.',
    });
  }
  const address = demographics.addresses.find((a) => a.type === 'H') ?? demographics.addresses[0];
  const phone = demographics.phones.find((p) => p.use === 'PRN') ?? demographics.phones[0];
  let patient;
  try {
    patient = await registerPatient(
      tx,
      {
        familyName: name.family,
        givenName: name.given,
        familyNameKana: kana.family,
        givenNameKana: kana.given,
        birthDate,
        sex: demographics.sex === 'male' ? 'SEX_MALE' : demographics.sex === 'female' ? 'SEX_FEMALE' : 'SEX_UNSPECIFIED',
        postalCode: address?.postalCode ?? '',
        address: address?.text ?? '',
        phone: phone?.number ?? '',
        registeredByFacilityId: hospital.id,
      },
      now,
    );
  } catch (error) {
    // Validation runs before any statement: the transaction is still sound.
    if (!(error instanceof RenkeiError)) throw error;
    throw new NotCreated({
      ja: `ADT-00 の内容では登録できません：${describeError(error.reason, error.metadata, 'ja', error.fieldViolations)}`,
      en: `ADT-00 cannot be registered as it is: ${describeError(error.reason, error.metadata, 'en', error.fieldViolations)}`,
    });
  }
  await tx.db
    .insertInto('hospital_patient_links')
    .values({
      id: randomUUID(),
      facility_id: hospital.id,
      hospital_patient_id: hospitalPatientId,
      patient_id: patient.id,
      linked_at: now.toISOString(),
      linked_by: actorLabel,
    })
    .execute();
  await recordAudit(
    tx,
    {
      action: 'hospital.import.patient-created',
      outcome: 'ok',
      actorLabel,
      patientId: patient.id,
      detail: { facilityId: hospital.id, hospitalPatientId, regionalNumber: patient.regional_number, source: demographics.source.path },
    },
    now,
  );
  return patient.id;
}

interface StoredOutcome {
  counts: Record<string, Pick<ImportCounts, 'imported' | 'unchanged' | 'superseded' | 'withdrawn' | 'heldBack'>>;
  changed: boolean;
}

/** One patient's messages against what is stored: insert, replace, remove or leave. */
async function storePatientMessages(
  tx: Store,
  hospital: FacilityRow,
  hospitalPatientId: string,
  patientId: string,
  held: PatientMessages,
  differences: IdentityDifference[],
  actorLabel: string,
  now: Date,
): Promise<StoredOutcome> {
  const counts: StoredOutcome['counts'] = {};
  const count = (dataType: string) => (counts[dataType] ??= { imported: 0, unchanged: 0, superseded: 0, withdrawn: 0, heldBack: 0 });
  for (const [dataType, n] of Object.entries(held.heldBackByType)) count(dataType).heldBack += n;

  const stored = await tx.db
    .selectFrom('hospital_messages')
    .selectAll()
    .where('facility_id', '=', hospital.id)
    .where('hospital_patient_id', '=', hospitalPatientId)
    .execute();
  const storedByOrder = new Map(stored.map((row) => [`${row.data_type}\u0000${row.order_number}`, row]));
  const orderOf = (message: ReadMessage) => storedByOrder.get(`${message.file.dataType}\u0000${message.file.orderNumber}`);
  const replaced: string[] = [];
  const removed: { path: string; messageControlId: string }[] = [];
  const added: { path: string; messageControlId: string }[] = [];

  for (const message of held.current) {
    const row = orderOf(message);
    const createdAt = asWritten(message.source.createdAt, true);
    const tally = count(message.file.dataType);
    // The same message, or (files removed from the storage since) a newer one than the tree's newest.
    if (
      row &&
      ((row.path === message.source.path && row.message_control_id === message.source.messageControlId && row.created_at === createdAt) ||
        row.created_at > createdAt)
    ) {
      tally.unchanged++;
      continue;
    }
    if (row) {
      replaced.push(row.id);
      tally.superseded++;
    } else {
      tally.imported++;
    }
    added.push({ path: message.source.path, messageControlId: message.source.messageControlId });
  }
  for (const message of held.withdrawn) {
    const row = orderOf(message);
    const tally = count(message.file.dataType);
    if (row && row.created_at < asWritten(message.source.createdAt, true)) {
      replaced.push(row.id);
      removed.push({ path: message.source.path, messageControlId: message.source.messageControlId });
      tally.withdrawn++;
    } else {
      tally.unchanged++;
    }
  }

  const changed = replaced.length > 0 || added.length > 0;
  if (!changed) return { counts, changed };
  await deleteMessages(tx, replaced);
  const addedPaths = new Set(added.map((a) => a.path));
  for (const message of held.current) {
    if (addedPaths.has(message.source.path)) await insertMessage(tx, hospital.id, hospitalPatientId, patientId, message, now);
  }
  await recordPatientsChanged(tx, [patientId], now);
  await recordAudit(
    tx,
    {
      action: 'hospital.import',
      outcome: 'ok',
      actorLabel,
      patientId,
      detail: { facilityId: hospital.id, hospitalPatientId, counts, stored: added, withdrawn: removed, differences: differences.map((d) => d.field) },
    },
    now,
  );
  return { counts, changed };
}

async function insertMessage(tx: Store, facilityId: string, hospitalPatientId: string, patientId: string, message: ReadMessage, now: Date): Promise<void> {
  const messageId = randomUUID();
  await tx.db
    .insertInto('hospital_messages')
    .values({
      id: messageId,
      facility_id: facilityId,
      hospital_patient_id: hospitalPatientId,
      patient_id: patientId,
      data_type: message.file.dataType,
      order_number: message.file.orderNumber,
      path: message.source.path,
      message_control_id: message.source.messageControlId,
      created_at: asWritten(message.source.createdAt, true),
      imported_at: now.toISOString(),
    })
    .execute();
  const facts = message.facts;
  if (!facts) return;
  const common = (position: number, fact: { source: unknown }) => {
    const { source: _source, ...detail } = fact;
    return { id: randomUUID(), message_id: messageId, patient_id: patientId, position, detail_json: JSON.stringify(detail) };
  };
  const text = (value: { code: string; name: string } | null) => (value ? value.name || value.code : '');
  switch (facts.dataType) {
    case 'ADT-00':
      // The hospital's demographics are not copied onto the Renkei patient: the profile is what the
      // team keeps (a hospital's old address or phone would overwrite a newer one). The message is
      // kept as the source of the link's last import.
      return;
    case 'ADT-61':
      if (facts.allergies.length === 0) return;
      await tx.db
        .insertInto('hospital_allergies')
        .values(
          facts.allergies.map((allergy, i) => ({
            ...common(i, allergy),
            allergen_code: allergy.allergen.code,
            allergen_text: allergy.allergen.name,
            allergen_system: allergy.allergen.system,
            allergen_type: text(allergy.allergenType),
            severity: text(allergy.severity),
            reactions: JSON.stringify(allergy.reactions),
            onset: asWritten(allergy.onset) || (allergy.onsetText ?? ''),
          })),
        )
        .execute();
      return;
    case 'PPR-01':
      if (facts.diagnoses.length === 0) return;
      await tx.db
        .insertInto('hospital_diagnoses')
        .values(
          facts.diagnoses.map((diagnosis, i) => ({
            ...common(i, diagnosis),
            diagnosis_code: diagnosis.diagnosis.code,
            diagnosis_text: diagnosis.diagnosis.name,
            diagnosis_system: diagnosis.diagnosis.system,
            icd10_code: diagnosis.icd10 ?? '',
            start_text: asWritten(diagnosis.start),
            end_text: asWritten(diagnosis.end),
            outcome: text(diagnosis.outcome),
            is_main: diagnosis.main ? 1 : 0,
          })),
        )
        .execute();
      return;
    case 'OMP-01':
      await tx.db
        .insertInto('hospital_prescriptions')
        .values(
          facts.prescriptions.map((prescription, i) => {
            const startDay = isoDay(prescription.start);
            const endDay = startDay && prescription.days ? addDays(startDay, prescription.days - 1) : null;
            const quantity = (q: { value: number; unit: { code: string; name: string } | null } | null) =>
              q ? [String(q.value), text(q.unit)].filter((part) => part !== '').join(' ') : '';
            return {
              ...common(i, prescription),
              drug_code: prescription.drug.code,
              drug_text: prescription.drug.name,
              drug_system: prescription.drug.system,
              dose: quantity(prescription.dosePerAdministration),
              daily_dose: quantity(prescription.dailyDose),
              usage_code: prescription.usage?.code ?? '',
              usage_text: prescription.usage?.name ?? '',
              usage_system: prescription.usage?.system ?? '',
              days: prescription.days ?? 0,
              start_text: asWritten(prescription.start),
              end_text: endDay ?? '',
              start_on: startDay ?? isoDay(prescription.orderedAt),
              end_on: endDay,
              route: text(prescription.route),
              prescription_number: prescription.prescriptionNumber ?? '',
            };
          }),
        )
        .execute();
      return;
    case 'OML-11':
      if (facts.labResults.length === 0) return;
      await tx.db
        .insertInto('hospital_lab_results')
        .values(
          facts.labResults.map((result, i) => ({
            ...common(i, result),
            test_code: result.test.code,
            test_text: result.test.name,
            test_system: result.test.system,
            value: result.value,
            numeric_value: result.numeric,
            unit: text(result.unit),
            reference_range: result.referenceRange ?? '',
            abnormal_flags: JSON.stringify(result.abnormalFlags),
            status: result.resultStatus ?? '',
            observed_at: asWritten(result.observedAt),
            specimen: text(result.specimen),
            test_group: text(result.testGroup),
          })),
        )
        .execute();
      return;
  }
}
