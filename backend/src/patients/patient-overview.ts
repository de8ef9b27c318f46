// The read-only overview of a patient (profile, care team, allergies, diagnoses, and the chart as
// the viewer may see it) in its API shape. Built in batches: a sync page of hundreds of patients
// costs a constant number of queries, not a number per patient. The chart part depends on who
// views it (the chart policy applies to their role), so an overview is built for one viewer.
import { inClinicalOrder, RenkeiError } from '@renkei/proto';
import type { CareTeamMember } from '@renkei/proto/generated/renkei/v1/CareTeamMember';
import type { PatientOverview } from '@renkei/proto/generated/renkei/v1/PatientOverview';
import type { PatientReadScope, PatientScope } from '../access/call-scope';
import { chartRecordLoads } from '../chart/chart-record-loads';
import { loadChartSummaries, type ChartViews } from '../chart/chart-summary';
import { loadStandings } from '../coverage/patient-standing';
import type { Store } from '../db/database';
import { loadCurrentEmergencyInfos } from '../emergency/emergency-info';
import { loadHospitalData } from '../hospital-data/hospital-data-overview';
import { loadMedications } from '../medications/medications';
import { loadRecentVitalSigns } from '../vital-signs/vital-signs';
import { personNameOf } from '../person-name';
import { recordUpdatedAt } from './record-updated-at';
import { toTimestamp } from '../time';

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * Overviews of the given patients as the viewer sees them, keyed by id: the chart as `views` lets
 * them read it (null: the regional office, which sees the profile and the consent, none of the
 * clinical chart). Callers have checked that the viewer may see these patients. `now` dates the
 * instruction alerts.
 */
export async function loadOverviews(store: Store, patientIds: readonly string[], views: ChartViews, now: Date): Promise<Map<string, PatientOverview>> {
  const result = new Map<string, PatientOverview>();
  if (patientIds.length === 0) return result;
  const ids = [...patientIds];
  // The emergency information goes to whoever the chart policy lets read it (by default everyone
  // on the team; not the regional office, which sees no clinical record).
  const readsEmergency = views === null ? [] : ids.filter((id) => views.get(id)?.may('EMERGENCY_INFO', 'read'));
  // Medications and vital signs only of patients whose chart the viewer's role may read them in.
  const readers = (kind: 'MEDICATIONS' | 'VITAL_SIGNS') => ids.filter((id) => views?.get(id)?.may(kind, 'read'));
  // The chart summary and the standing read the same documents and forms: loaded once for both.
  const loads = chartRecordLoads(store);
  const [patients, members, allergies, diagnoses, charts, emergency, standings, medications, vitalSigns, hospitalData] = await Promise.all([
    store.db.selectFrom('patients').selectAll().where('id', 'in', ids).execute(),
    store.db
      .selectFrom('care_team_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('facilities as f', 'f.id', 'u.facility_id')
      .select([
        'm.patient_id',
        'm.role',
        'm.joined_at',
        'u.id as user_id',
        'u.family_name',
        'u.given_name',
        'u.family_name_kana',
        'u.given_name_kana',
        'u.profession',
        'u.contact_phone',
        'f.id as facility_id',
        'f.name as facility_name',
        'f.kind as facility_kind',
        'f.phone as facility_phone',
        'f.on_call_phone as facility_on_call_phone',
      ])
      .where('m.patient_id', 'in', ids)
      .where('m.left_at', 'is', null)
      .orderBy('m.joined_at')
      .execute(),
    store.db.selectFrom('allergies').selectAll().where('patient_id', 'in', ids).orderBy('created_at').execute(),
    store.db.selectFrom('diagnoses').selectAll().where('patient_id', 'in', ids).orderBy('is_primary', 'desc').orderBy('created_at').execute(),
    loadChartSummaries(store, ids, views, now, loads),
    loadCurrentEmergencyInfos(store, readsEmergency),
    loadStandings(store, ids, views ?? new Map(), now, loads),
    loadMedications(store, readers('MEDICATIONS'), now),
    loadRecentVitalSigns(store, readers('VITAL_SIGNS'), now),
    // Imported from hospitals (SS-MIX2), as far as the viewer may read it; absent without a link.
    loadHospitalData(store, ids, views, now),
  ]);
  const membersByPatient = groupBy(members, (m) => m.patient_id);
  const allergiesByPatient = groupBy(allergies, (a) => a.patient_id);
  const diagnosesByPatient = groupBy(diagnoses, (d) => d.patient_id);

  for (const p of patients) {
    // In clinical order (主治医 first, then who covers…): every screen and cache lists the team as sent.
    const rows = (membersByPatient.get(p.id) ?? []).map((m) => ({ m, role: m.role, name: { familyKana: m.family_name_kana, givenKana: m.given_name_kana } }));
    const careTeam: CareTeamMember[] = inClinicalOrder(rows).map(({ m }) => ({
      userId: m.user_id,
      name: personNameOf(m),
      profession: m.profession as CareTeamMember['profession'],
      facility: {
        id: m.facility_id,
        name: m.facility_name,
        kind: m.facility_kind as 'FACILITY_KIND_CLINIC',
        phone: m.facility_phone,
        onCallPhone: m.facility_on_call_phone,
      },
      role: m.role as CareTeamMember['role'],
      joinedAt: toTimestamp(m.joined_at),
      contactPhone: m.contact_phone,
    }));
    result.set(p.id, {
      patient: {
        id: p.id,
        name: personNameOf(p),
        birthDate: p.birth_date,
        sex: p.sex as 'SEX_MALE',
        postalCode: p.postal_code,
        address: p.address,
        phone: p.phone,
        careLevel: p.care_level as 'CARE_LEVEL_CARE_1',
        keyPerson: p.key_person,
        regionalNumber: Number(p.regional_number ?? 0),
        archivedAt: toTimestamp(p.archived_at),
      },
      careTeam,
      allergies: (allergiesByPatient.get(p.id) ?? []).map((a) => ({
        substance: a.substance,
        reaction: a.reaction,
        severity: a.severity as 'ALLERGY_SEVERITY_MILD',
        notedOn: a.noted_on ?? '',
      })),
      diagnoses: (diagnosesByPatient.get(p.id) ?? []).map((d) => ({
        name: d.name,
        icd10Code: d.icd10_code,
        onsetDate: d.onset_date ?? '',
        primary: d.is_primary === 1,
        note: d.note,
      })),
      updatedAt: toTimestamp(recordUpdatedAt(p.updated_at, charts.get(p.id))),
      chart: charts.get(p.id) ?? null,
      emergencyInfo: emergency.get(p.id) ?? null,
      coverage: standings.get(p.id)?.coverage ?? null,
      instructionInForce: standings.get(p.id)?.instructionInForce ?? null,
      medications: medications.get(p.id) ?? [],
      recentVitalSigns: vitalSigns.get(p.id) ?? [],
      hospitalData: hospitalData.get(p.id) ?? null,
    });
  }
  return result;
}

/** The overview of the scope's patient as its user sees it, not logged: the caller logs what it does with it. */
export async function loadPatientOverview(scope: PatientReadScope): Promise<PatientOverview> {
  const overview = (await loadOverviews(scope.store, [scope.patientId], new Map([[scope.patientId, scope.chartAccess]]), scope.now)).get(scope.patientId);
  if (!overview) throw new RenkeiError({ reason: 'PATIENT_NOT_ON_CARE_TEAM' });
  return overview;
}

/** The overview of the scope's patient as its user sees it; the read is logged. */
export async function readPatientOverview(scope: PatientScope): Promise<PatientOverview> {
  const overview = await loadPatientOverview(scope);
  await scope.audit({ action: 'patient.overview.read', outcome: 'ok' });
  return overview;
}
