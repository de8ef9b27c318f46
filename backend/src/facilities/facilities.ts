// Facilities (施設・事業所): the clinics, stations, pharmacies and offices whose staff use Renkei.
import { randomUUID } from 'node:crypto';
import { FACILITY_KINDS } from '@renkei/proto';
import { z } from 'zod';
import type { Store } from '../db/database';
import type { FacilityRow } from '../db/schema';
import { fieldViolation, invalidRequest, kanaReading, parseInput, phone, postalCode, singleLine } from '../validation';

export const facilityInput = z.object({
  name: singleLine(80, 1),
  nameKana: kanaReading,
  kind: z.enum(FACILITY_KINDS),
  postalCode: postalCode.default(''),
  address: z.string().trim().max(200).default(''),
  phone: phone.default(''),
  fax: phone.default(''),
});

export async function createFacility(store: Store, input: z.input<typeof facilityInput>, now: Date): Promise<FacilityRow> {
  const valid = parseInput(facilityInput, input);
  const row: FacilityRow = {
    id: randomUUID(),
    name: valid.name,
    name_kana: valid.nameKana,
    kind: valid.kind,
    postal_code: valid.postalCode,
    address: valid.address,
    phone: valid.phone,
    fax: valid.fax,
    created_at: now.toISOString(),
  };
  await store.db.insertInto('facilities').values(row).execute();
  return row;
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
