// What a new form starts with: the values Renkei already knows, so nobody copies the patient's
// address, the main diagnosis or their own office's FAX number by hand. The server fills them in
// CreateForm (it knows the author's office and the care team), so the screen and the printed PDF
// show the same first version; the user changes any of it before finalising, and a value the
// client sent wins over the prefilled one.
//
// Two steps: gather the facts in the caller's scope (one query each, here), then map them onto the
// form's fields per kind (prefillValues in @renkei/proto/template-forms, which the screens' test
// double applies too).
import { MEDICATION_HANDLING_LABELS, type MedicationHandlingName } from '@renkei/proto';
import { japanToday } from '@renkei/proto/calendar';
import { addresseeChoices, defaultAddresseeFacilityId, type PrefillFacts, type PrefillOffice, type TemplateKind } from '@renkei/proto/template-forms';
import type { PatientScope } from '../access/call-scope';
import { loadMedications } from '../medications/medications';
import { fieldViolation, invalidRequest } from '../validation';

const personName = (row: { family_name: string; given_name: string }) => [row.family_name, row.given_name].filter((p) => p !== '').join(' ');

/**
 * The patient's current medications as text for 投与中の薬剤 / 処方内容, one drug a line
 * (「フロセミド錠20mg 1錠 1日1回 朝食後（一包化）」), from the structured list (medications/) — only
 * when the author's role may read MEDICATIONS; otherwise empty and the author writes them.
 */
export async function currentMedicationText(scope: PatientScope): Promise<string> {
  if (!scope.chartAccess.may('MEDICATIONS', 'read')) return '';
  const medications = (await loadMedications(scope.store, [scope.patientId], scope.now)).get(scope.patientId) ?? [];
  return medications
    .map(({ details }) => {
      const handling = (details?.handling ?? [])
        .map((name) => MEDICATION_HANDLING_LABELS[name as MedicationHandlingName]?.ja)
        .filter((label): label is string => label !== undefined && label !== '未設定');
      const line = [details?.drugName, details?.dose, details?.usage].filter((part) => part !== undefined && part !== '').join(' ');
      return handling.length > 0 ? `${line}（${handling.join('・')}）` : line;
    })
    .filter((line) => line !== '')
    .join('\n');
}

const officeOf = (row: { id: string; name: string; kind: string; postal_code: string; address: string; phone: string; fax: string }): PrefillOffice => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  postalCode: row.postal_code,
  address: row.address,
  phone: row.phone,
  fax: row.fax,
});

/**
 * The facts for a new form of `kind` in the caller's scope. `addresseeFacilityId` must be an office
 * of someone on the patient's care team now (refused with a field violation otherwise); empty: the
 * team's only office the kind usually goes to, if there is exactly one (form-addressee).
 */
export async function gatherPrefillFacts(scope: PatientScope, kind: TemplateKind, addresseeFacilityId: string): Promise<PrefillFacts> {
  const { store, patientId } = scope;
  const [patient, diagnoses, allergies, team, authorOffice, medication] = await Promise.all([
    store.db.selectFrom('patients').select(['postal_code', 'address', 'phone', 'care_level']).where('id', '=', patientId).executeTakeFirstOrThrow(),
    store.db
      .selectFrom('diagnoses')
      .select(['name', 'icd10_code', 'is_primary'])
      .where('patient_id', '=', patientId)
      .orderBy('is_primary', 'desc')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    store.db.selectFrom('allergies').select(['substance', 'reaction']).where('patient_id', '=', patientId).orderBy('created_at').orderBy('id').execute(),
    store.db
      .selectFrom('care_team_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('facilities as f', 'f.id', 'u.facility_id')
      .select(['m.role', 'u.family_name', 'u.given_name', 'f.id', 'f.name', 'f.kind', 'f.postal_code', 'f.address', 'f.phone', 'f.fax'])
      .where('m.patient_id', '=', patientId)
      .where('m.left_at', 'is', null)
      .orderBy('m.joined_at')
      .orderBy('m.id')
      .execute(),
    store.db.selectFrom('facilities').selectAll().where('id', '=', scope.facilityId).executeTakeFirstOrThrow(),
    currentMedicationText(scope),
  ]);

  const member = (row: (typeof team)[number]): PrefillFacts['attendingDoctors'][number] => ({
    name: personName(row),
    role: row.role,
    facilityId: row.id,
    facilityName: row.name,
  });
  if (addresseeFacilityId !== '' && !team.some((row) => row.id === addresseeFacilityId)) {
    throw invalidRequest([fieldViolation('addresseeFacilityId', 'ADDRESSEE_NOT_ON_CARE_TEAM')]);
  }
  // None chosen: the kind's one usual office on the team, by the rule the screen's choice follows.
  const addressee =
    addresseeFacilityId !== ''
      ? addresseeFacilityId
      : defaultAddresseeFacilityId(
          addresseeChoices(
            kind,
            team.map((row) => ({ facilityId: row.id, facilityName: row.name, role: row.role })),
            [scope.facilityId],
          ),
        );
  const addresseeRows = team.filter((row) => row.id === addressee);
  const primary = diagnoses.find((d) => Number(d.is_primary) === 1);
  return {
    today: japanToday(scope.now),
    patient: { postalCode: patient.postal_code, address: patient.address, phone: patient.phone, careLevel: patient.care_level },
    ...(primary && { mainDiagnosis: { name: primary.name, code: primary.icd10_code } }),
    diagnoses: diagnoses.map((d) => ({ name: d.name, code: d.icd10_code })),
    allergies: allergies.map((a) => ({ substance: a.substance, reaction: a.reaction })),
    medication,
    author: { name: personName(scope.user), profession: scope.user.profession, office: officeOf(authorOffice) },
    ...(addresseeRows.length > 0 && { addressee: { office: officeOf(addresseeRows[0]!), people: addresseeRows.map(member) } }),
    attendingDoctors: team.filter((row) => row.role === 'CARE_TEAM_ROLE_ATTENDING_DOCTOR').map(member),
    careManagers: team.filter((row) => row.role === 'CARE_TEAM_ROLE_CARE_MANAGER').map(member),
  };
}
