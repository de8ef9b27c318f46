// The hospital data (病院データ) of a page of overviews, as each viewer may read it
// (hospital_data.proto): allergies and diagnoses for every care-team member, prescriptions for
// whom the chart policy lets read MEDICATIONS, lab results for whom it lets read LAB_RESULTS,
// nothing for the regional office (views === null: it sees no clinical record), and the links
// always. Six queries however many patients: a sync page of hundreds costs the same.
//
// Prescriptions: those whose period has not ended (end day today or later, Japan time), or, for a
// patient with none, those of the most recent prescription day (often the discharge medication).
// Lab results: the newest 10 of each test, newest first, so a trend can be drawn.
import { japanToday } from '@renkei/proto/calendar';
import type { HospitalData } from '@renkei/proto/generated/renkei/v1/HospitalData';
import type { HospitalSource } from '@renkei/proto/generated/renkei/v1/HospitalSource';
import { sql } from 'kysely';
import type { ChartViews } from '../chart/chart-summary';
import type { Store } from '../db/database';
import { toTimestamp } from '../time';

/** How many values of one test the overview carries. */
export const LAB_RESULTS_PER_TEST = 10;

interface SourceColumns {
  facility_id: string;
  facility_name: string;
  facility_kind: string;
  facility_phone: string;
  facility_on_call_phone: string;
  facility_address: string;
  facility_fax: string;
  facility_postal_code: string;
  hospital_patient_id: string;
  data_type: string;
  order_number: string;
  message_control_id: string;
  created_at: string;
  imported_at: string;
}

function sourceOf(row: SourceColumns): HospitalSource {
  return {
    hospital: {
      id: row.facility_id,
      name: row.facility_name,
      kind: row.facility_kind as 'FACILITY_KIND_HOSPITAL',
      phone: row.facility_phone,
      onCallPhone: row.facility_on_call_phone,
      address: row.facility_address,
      fax: row.facility_fax,
      postalCode: row.facility_postal_code,
    },
    hospitalPatientId: row.hospital_patient_id,
    dataType: row.data_type,
    orderNumber: row.order_number,
    messageControlId: row.message_control_id,
    // Stored to the millisecond (it orders versions); shown to the second, as the proto says.
    createdAt: row.created_at.replace(/\.\d+$/, ''),
    importedAt: toTimestamp(row.imported_at),
  };
}

const strings = (json: string): string[] => JSON.parse(json) as string[];

/** The source's columns of a fact joined with its message (m) and hospital (f). */
const sourceColumns = [
  'f.id as facility_id',
  'f.name as facility_name',
  'f.kind as facility_kind',
  'f.phone as facility_phone',
  'f.on_call_phone as facility_on_call_phone',
  'f.address as facility_address',
  'f.fax as facility_fax',
  'f.postal_code as facility_postal_code',
  'm.hospital_patient_id',
  'm.data_type',
  'm.order_number',
  'm.message_control_id',
  'm.created_at',
  'm.imported_at',
] as const;

/**
 * Hospital data of each patient that has a link, as `views` lets the viewer read it; patients
 * without a link are absent from the map (the overview's hospital_data stays unset).
 */
export async function loadHospitalData(store: Store, patientIds: readonly string[], views: ChartViews, now: Date): Promise<Map<string, HospitalData>> {
  const result = new Map<string, HospitalData>();
  if (patientIds.length === 0) return result;
  // Most patients are linked to no hospital: one query finds those that are, and only they cost more.
  const links = await store.db
    .selectFrom('hospital_patient_links as l')
    .innerJoin('facilities as f', 'f.id', 'l.facility_id')
    .select(['l.patient_id', 'l.facility_id', 'l.hospital_patient_id', 'f.name', 'f.kind', 'f.phone', 'f.on_call_phone', 'f.address', 'f.fax', 'f.postal_code'])
    .where('l.patient_id', 'in', [...patientIds])
    .orderBy('f.name_kana')
    .orderBy('l.hospital_patient_id')
    .execute();
  const ids = [...new Set(links.map((link) => link.patient_id))];
  if (ids.length === 0) return result;
  const team = views === null ? [] : ids.filter((id) => views.get(id) !== undefined);
  const readers = (kind: 'MEDICATIONS' | 'LAB_RESULTS') => team.filter((id) => views?.get(id)?.may(kind, 'read'));
  const prescriptionReaders = readers('MEDICATIONS');
  const labReaders = readers('LAB_RESULTS');
  const today = japanToday(now);

  const [lastImports, allergies, diagnoses, prescriptions, labResults] = await Promise.all([
    store.db
      .selectFrom('hospital_messages')
      .select(['patient_id', 'facility_id', 'hospital_patient_id', (eb) => eb.fn.max('imported_at').as('last_imported_at')])
      .where('patient_id', 'in', ids)
      .groupBy(['patient_id', 'facility_id', 'hospital_patient_id'])
      .execute(),
    team.length === 0
      ? []
      : store.db
          .selectFrom('hospital_allergies as x')
          .innerJoin('hospital_messages as m', 'm.id', 'x.message_id')
          .innerJoin('facilities as f', 'f.id', 'm.facility_id')
          .selectAll('x')
          .select(sourceColumns)
          .where('x.patient_id', 'in', team)
          .orderBy('f.name_kana')
          .orderBy('m.created_at')
          .orderBy('x.position')
          .execute(),
    team.length === 0
      ? []
      : store.db
          .selectFrom('hospital_diagnoses as x')
          .innerJoin('hospital_messages as m', 'm.id', 'x.message_id')
          .innerJoin('facilities as f', 'f.id', 'm.facility_id')
          .selectAll('x')
          .select(sourceColumns)
          .where('x.patient_id', 'in', team)
          .orderBy('x.is_main', 'desc')
          .orderBy('x.start_text', 'desc')
          .orderBy('x.position')
          .execute(),
    prescriptionReaders.length === 0
      ? []
      : store.db
          .selectFrom('hospital_prescriptions as x')
          .innerJoin('hospital_messages as m', 'm.id', 'x.message_id')
          .innerJoin('facilities as f', 'f.id', 'm.facility_id')
          .selectAll('x')
          .select(sourceColumns)
          .where('x.patient_id', 'in', prescriptionReaders)
          .where((eb) =>
            eb.or([
              eb('x.end_on', '>=', today),
              eb(
                'x.start_on',
                '=',
                eb
                  .selectFrom('hospital_prescriptions as q')
                  .select((q) => q.fn.max('q.start_on').as('latest'))
                  .whereRef('q.patient_id', '=', 'x.patient_id'),
              ),
            ]),
          )
          .orderBy('x.start_on', 'desc')
          .orderBy('m.created_at', 'desc')
          .orderBy('x.position')
          .execute(),
    labReaders.length === 0
      ? []
      : store.db
          .selectFrom((db) =>
            db
              .selectFrom('hospital_lab_results as x')
              .innerJoin('hospital_messages as m', 'm.id', 'x.message_id')
              .innerJoin('facilities as f', 'f.id', 'm.facility_id')
              .selectAll('x')
              .select(sourceColumns)
              .select(
                sql<number>`row_number() over (partition by ${sql.ref('x.patient_id')}, ${sql.ref('x.test_system')}, ${sql.ref('x.test_code')} order by ${sql.ref('x.observed_at')} desc, ${sql.ref('m.created_at')} desc, ${sql.ref('x.position')})`.as(
                  'newness',
                ),
              )
              .where('x.patient_id', 'in', labReaders)
              .as('ranked'),
          )
          .selectAll()
          .where('newness', '<=', LAB_RESULTS_PER_TEST)
          .orderBy('observed_at', 'desc')
          .orderBy('created_at', 'desc')
          .orderBy('position')
          .execute(),
  ]);

  const lastImportOf = new Map(lastImports.map((row) => [`${row.patient_id}\u0000${row.facility_id}\u0000${row.hospital_patient_id}`, row.last_imported_at]));
  const dataOf = (patientId: string) => result.get(patientId);
  for (const link of links) {
    let data = result.get(link.patient_id);
    if (!data) result.set(link.patient_id, (data = { allergies: [], diagnoses: [], prescriptions: [], labResults: [], links: [] }));
    data.links!.push({
      hospital: {
        id: link.facility_id,
        name: link.name,
        kind: link.kind as 'FACILITY_KIND_HOSPITAL',
        phone: link.phone,
        onCallPhone: link.on_call_phone,
        address: link.address,
        fax: link.fax,
        postalCode: link.postal_code,
      },
      hospitalPatientId: link.hospital_patient_id,
      lastImportedAt: toTimestamp(lastImportOf.get(`${link.patient_id}\u0000${link.facility_id}\u0000${link.hospital_patient_id}`) as string | undefined),
    });
  }
  // Facts of a link removed since are gone with it (hospital-links.ts); a fact of a patient
  // without a link cannot be, so dataOf() finds every fact's patient.
  for (const row of allergies) {
    dataOf(row.patient_id)?.allergies!.push({
      allergen: { code: row.allergen_code, text: row.allergen_text, system: row.allergen_system },
      allergenType: row.allergen_type,
      severity: row.severity,
      reactions: strings(row.reactions),
      onset: row.onset,
      source: sourceOf(row),
    });
  }
  for (const row of diagnoses) {
    dataOf(row.patient_id)?.diagnoses!.push({
      diagnosis: { code: row.diagnosis_code, text: row.diagnosis_text, system: row.diagnosis_system },
      icd10Code: row.icd10_code,
      start: row.start_text,
      end: row.end_text,
      outcome: row.outcome,
      main: Number(row.is_main) === 1,
      source: sourceOf(row),
    });
  }
  // Not ended, or else the most recent day's: the query brought both, the patient's rule picks.
  const anyInPeriod = new Set(prescriptions.filter((row) => row.end_on !== null && row.end_on >= today).map((row) => row.patient_id));
  for (const row of prescriptions) {
    if (anyInPeriod.has(row.patient_id) && !(row.end_on !== null && row.end_on >= today)) continue;
    dataOf(row.patient_id)?.prescriptions!.push({
      drug: { code: row.drug_code, text: row.drug_text, system: row.drug_system },
      dose: row.dose,
      dailyDose: row.daily_dose,
      usage: { code: row.usage_code, text: row.usage_text, system: row.usage_system },
      days: Number(row.days),
      start: row.start_text,
      end: row.end_text,
      route: row.route,
      prescriptionNumber: row.prescription_number,
      source: sourceOf(row),
    });
  }
  for (const row of labResults) {
    dataOf(row.patient_id)?.labResults!.push({
      test: { code: row.test_code, text: row.test_text, system: row.test_system },
      value: row.value,
      numeric: row.numeric_value === null ? 0 : Number(row.numeric_value),
      hasNumeric: row.numeric_value !== null,
      unit: row.unit,
      referenceRange: row.reference_range,
      abnormalFlags: strings(row.abnormal_flags),
      status: row.status,
      observedAt: row.observed_at,
      specimen: row.specimen,
      testGroup: row.test_group,
      source: sourceOf(row),
    });
  }
  return result;
}
