// Facilities (施設・事業所): the clinics, stations, pharmacies and offices whose staff use Renkei.
import { randomUUID } from 'node:crypto';
import { FACILITY_KINDS } from '@renkei/proto';
import { z } from 'zod';
import { transaction, type Store } from '../db/database';
import type { FacilityRow } from '../db/schema';
import { recordAudit } from '../audit/audit-log';
import { recordPatientsChanged } from '../sync/change-feed';
import { institutionNumber } from './institution-number';
import { fieldViolation, invalidRequest, kanaReading, parseInput, phone, postalCode, singleLine } from '../validation';

export const facilityInput = z.object({
  name: singleLine(80, 1),
  nameKana: kanaReading,
  kind: z.enum(FACILITY_KINDS),
  postalCode: postalCode.default(''),
  address: z.string().trim().max(200).default(''),
  phone: phone.default(''),
  /** 24時間連絡先: whom the team calls at night and on holidays about this office's patients. */
  onCallPhone: phone.default(''),
  fax: phone.default(''),
});

export async function createFacility(store: Store, input: z.input<typeof facilityInput>, now: Date): Promise<FacilityRow> {
  const valid = parseInput(facilityInput, input);
  const row = {
    id: randomUUID(),
    name: valid.name,
    name_kana: valid.nameKana,
    kind: valid.kind,
    postal_code: valid.postalCode,
    address: valid.address,
    phone: valid.phone,
    fax: valid.fax,
    created_at: now.toISOString(),
    on_call_phone: valid.onCallPhone,
  };
  // The 保険医療機関番号 is left out (NULL): it is recorded later, and the migration tests create
  // facilities on schemas from before 0020.
  await store.db.insertInto('facilities').values(row).execute();
  return { ...row, medical_institution_number: null };
}

export function listFacilities(store: Store): Promise<FacilityRow[]> {
  return store.db.selectFrom('facilities').selectAll().orderBy('name_kana').execute();
}

/** A facility by id or exact name, as an administrator would refer to it. */
export async function findFacility(store: Store, idOrName: string): Promise<FacilityRow> {
  const byId = z.uuid().safeParse(idOrName).success;
  const row = await store.db
    .selectFrom('facilities')
    .selectAll()
    .where(byId ? 'id' : 'name', '=', idOrName)
    .executeTakeFirst();
  if (!row) {
    throw invalidRequest([fieldViolation('facility', 'UNKNOWN_FACILITY', { name: idOrName })]);
  }
  return row;
}

/** Sets (or with '' removes) an office's 24-hour on-call number; every overview of its patients carries it. */
export async function setFacilityOnCallPhone(store: Store, idOrName: string, onCallPhone: string, now: Date): Promise<FacilityRow> {
  const number = parseInput(facilityInput.shape.onCallPhone, onCallPhone);
  const facility = await findFacility(store, idOrName);
  await transaction(store, async (tx) => {
    await tx.db.updateTable('facilities').set({ on_call_phone: number }).where('id', '=', facility.id).execute();
    // The overviews of its members' patients show the number: they are synced again.
    const patients = await tx.db
      .selectFrom('care_team_memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.patient_id')
      .distinct()
      .where('u.facility_id', '=', facility.id)
      .where('m.left_at', 'is', null)
      .execute();
    await recordPatientsChanged(
      tx,
      patients.map((p) => p.patient_id),
      now,
    );
  });
  return { ...facility, on_call_phone: number };
}

const institutionNumberInput = z.object({ medicalInstitutionNumber: institutionNumber.nullable() });

/**
 * Records (or with null removes) an office's 保険医療機関番号 (facilities/institution-number.ts),
 * which JP-CLINS exports name it by. A number that breaks the rule is refused and nothing changes.
 * Audited as facility.institution-number with the number before and after: it is public (the
 * 厚生局's lists), and which office a letter claims to come from must be traceable.
 */
export async function setFacilityInstitutionNumber(store: Store, idOrName: string, number: string | null, actorLabel: string, now: Date): Promise<FacilityRow> {
  const { medicalInstitutionNumber } = parseInput(institutionNumberInput, { medicalInstitutionNumber: number });
  const facility = await findFacility(store, idOrName);
  await transaction(store, async (tx) => {
    await tx.db.updateTable('facilities').set({ medical_institution_number: medicalInstitutionNumber }).where('id', '=', facility.id).execute();
    await recordAudit(
      tx,
      {
        action: 'facility.institution-number',
        outcome: 'ok',
        actorLabel,
        detail: { facilityId: facility.id, before: facility.medical_institution_number, after: medicalInstitutionNumber },
      },
      now,
    );
  });
  return { ...facility, medical_institution_number: medicalInstitutionNumber };
}
