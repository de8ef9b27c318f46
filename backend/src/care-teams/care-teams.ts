// Care teams (ケアチーム): who looks after a patient, in which role. Membership is what grants
// access to the patient (see access/patient-access.ts), so every change here is also a change in
// the feed for the member concerned.
import { randomUUID } from 'node:crypto';
import { CARE_TEAM_ROLES, type CareTeamRoleName } from '@renkei/proto';
import { z } from 'zod';
import { transaction, type Store } from '../db/database';
import { recordAccessChanged, recordPatientsChanged } from '../sync/change-feed';
import { fieldViolation, invalidRequest, parseInput } from '../validation';

const careTeamRole = z.enum(CARE_TEAM_ROLES);

export async function addCareTeamMember(store: Store, patientId: string, userId: string, role: CareTeamRoleName, now: Date): Promise<void> {
  const validRole = parseInput(careTeamRole, role);
  await transaction(store, async (tx) => {
    const current = await tx.db
      .selectFrom('care_team_memberships')
      .select(['id', 'role'])
      .where('patient_id', '=', patientId)
      .where('user_id', '=', userId)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    if (current?.role === validRole) return;
    if (current) {
      await tx.db.updateTable('care_team_memberships').set({ role: validRole }).where('id', '=', current.id).execute();
    } else {
      await tx.db
        .insertInto('care_team_memberships')
        .values({ id: randomUUID(), patient_id: patientId, user_id: userId, role: validRole, joined_at: now.toISOString(), left_at: null })
        .execute();
    }
    await recordPatientsChanged(tx, [patientId], now);
    await recordAccessChanged(tx, [{ patientId, userId }], now);
  });
}

export async function removeCareTeamMember(store: Store, patientId: string, userId: string, now: Date): Promise<void> {
  await transaction(store, async (tx) => {
    const ended = await tx.db
      .updateTable('care_team_memberships')
      .set({ left_at: now.toISOString() })
      .where('patient_id', '=', patientId)
      .where('user_id', '=', userId)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    if (Number(ended.numUpdatedRows) === 0) {
      throw invalidRequest([fieldViolation('user', 'NOT_ON_CARE_TEAM')]);
    }
    await recordPatientsChanged(tx, [patientId], now);
    await recordAccessChanged(tx, [{ patientId, userId }], now);
  });
}

interface CareTeamListing {
  userId: string;
  loginId: string;
  familyName: string;
  givenName: string;
  profession: string;
  facilityName: string;
  role: string;
  joinedAt: string;
}

export function listCareTeam(store: Store, patientId: string): Promise<CareTeamListing[]> {
  return store.db
    .selectFrom('care_team_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('facilities as f', 'f.id', 'u.facility_id')
    .select([
      'u.id as userId',
      'u.login_id as loginId',
      'u.family_name as familyName',
      'u.given_name as givenName',
      'u.profession as profession',
      'f.name as facilityName',
      'm.role as role',
      'm.joined_at as joinedAt',
    ])
    .where('m.patient_id', '=', patientId)
    .where('m.left_at', 'is', null)
    .orderBy('m.joined_at')
    .execute();
}
