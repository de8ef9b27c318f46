// Users: the people who log in. Each belongs to one facility and has one profession.
import { randomUUID } from 'node:crypto';
import { PROFESSIONS } from '@renkei/proto';
import type { User } from '@renkei/proto/generated/renkei/v1/User';
import { z } from 'zod';
import { requireAcceptablePassword } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { recordAudit } from '../audit/audit-log';
import { recordPatientsChanged } from '../sync/change-feed';
import { transaction, type Store } from '../db/database';
import type { UserRow } from '../db/schema';
import { personNameOf } from '../person-name';
import { fieldViolation, invalidRequest, kanaReading, loginId, newPassword, parseInput, personName, phone, uuid } from '../validation';

export const userInput = z.object({
  loginId,
  familyName: personName,
  givenName: personName,
  familyNameKana: kanaReading,
  givenNameKana: kanaReading,
  profession: z.enum(PROFESSIONS),
  facilityId: uuid,
  password: newPassword,
  contactPhone: phone.default(''),
});

export async function createUser(store: Store, input: z.input<typeof userInput>, now: Date): Promise<UserRow> {
  const valid = parseInput(userInput, input);
  await requireAcceptablePassword(store, { loginId: valid.loginId }, valid.password, 'password');
  const existing = await store.db.selectFrom('users').select('id').where('login_id', '=', valid.loginId).executeTakeFirst();
  if (existing) {
    throw invalidRequest([fieldViolation('loginId', 'LOGIN_ID_TAKEN', { loginId: valid.loginId })]);
  }
  const row: UserRow = {
    id: randomUUID(),
    login_id: valid.loginId,
    family_name: valid.familyName,
    given_name: valid.givenName,
    family_name_kana: valid.familyNameKana,
    given_name_kana: valid.givenNameKana,
    profession: valid.profession,
    facility_id: valid.facilityId,
    contact_phone: valid.contactPhone,
    password_hash: await hashPassword(valid.password),
    failed_login_count: 0,
    locked_until: null,
    last_login_at: null,
    disabled_at: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    password_change_required: 0,
    password_changed_at: now.toISOString(),
  };
  await store.db.insertInto('users').values(row).execute();
  return row;
}

/** The user as the app shows who is logged in: name, profession and office. */
export async function userProfile(store: Store, user: UserRow): Promise<User> {
  const facility = await store.db.selectFrom('facilities').selectAll().where('id', '=', user.facility_id).executeTakeFirstOrThrow();
  return {
    id: user.id,
    loginId: user.login_id,
    name: personNameOf(user),
    profession: user.profession as User['profession'],
    facility: {
      id: facility.id,
      name: facility.name,
      kind: facility.kind as 'FACILITY_KIND_CLINIC',
      phone: facility.phone,
      address: facility.address,
      fax: facility.fax,
      postalCode: facility.postal_code,
    },
  };
}

export function listUsers(store: Store): Promise<UserRow[]> {
  return store.db.selectFrom('users').selectAll().orderBy('family_name_kana').orderBy('given_name_kana').execute();
}

async function findUserByLoginId(store: Store, login: string): Promise<UserRow | undefined> {
  return store.db.selectFrom('users').selectAll().where('login_id', '=', login.trim().toLowerCase()).executeTakeFirst();
}

export async function requireUser(store: Store, login: string): Promise<UserRow> {
  const user = await findUserByLoginId(store, login);
  if (!user) {
    throw invalidRequest([fieldViolation('user', 'UNKNOWN_USER', { loginId: login })]);
  }
  return user;
}

/**
 * Sets a user's password as the regional office gives it (renkei-admin user set-password), checked
 * against the user's rule. With `changeRequired` (renkei-admin user password) the user must change it
 * at their next login (a temporary one). Audited.
 */
export async function setPassword(
  store: Store,
  user: UserRow,
  password: string,
  options: { actorLabel: string; changeRequired?: boolean },
  now: Date,
): Promise<void> {
  const valid = parseInput(newPassword, password);
  await requireAcceptablePassword(store, { userId: user.id, loginId: user.login_id }, valid, 'password');
  const hash = await hashPassword(valid);
  await transaction(store, async (tx) => {
    await tx.db
      .updateTable('users')
      .set({
        password_hash: hash,
        failed_login_count: 0,
        locked_until: null,
        password_changed_at: now.toISOString(),
        ...(options.changeRequired !== undefined && { password_change_required: options.changeRequired ? 1 : 0 }),
        updated_at: now.toISOString(),
      })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(
      tx,
      {
        action: options.changeRequired ? 'user.password.change-required' : 'user.password.set',
        outcome: 'ok',
        actorLabel: options.actorLabel,
        detail: { userId: user.id, loginId: user.login_id, temporaryPassword: Boolean(options.changeRequired) },
      },
      now,
    );
  });
}

/**
 * Asks the user for a new password at their next login (renkei-admin user password): until they have
 * changed it, their sessions may only change it (access/authenticate.ts). Audited.
 */
export async function requirePasswordChange(store: Store, user: UserRow, actorLabel: string, now: Date): Promise<void> {
  await transaction(store, async (tx) => {
    await tx.db.updateTable('users').set({ password_change_required: 1, updated_at: now.toISOString() }).where('id', '=', user.id).execute();
    await recordAudit(
      tx,
      { action: 'user.password.change-required', outcome: 'ok', actorLabel, detail: { userId: user.id, loginId: user.login_id, temporaryPassword: false } },
      now,
    );
  });
}

/** Lifts a lockout after repeated failed logins (the regional office, after checking who asks). */
export async function unlockUser(store: Store, userId: string, now: Date): Promise<void> {
  await store.db.updateTable('users').set({ failed_login_count: 0, locked_until: null, updated_at: now.toISOString() }).where('id', '=', userId).execute();
}

/** Disables a user and ends their sessions. Their name stays on past records. */
export async function disableUser(store: Store, userId: string, now: Date): Promise<void> {
  await transaction(store, async (tx) => {
    await tx.db.updateTable('users').set({ disabled_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', userId).execute();
    await tx.db.updateTable('sessions').set({ ended_at: now.toISOString() }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
    // Care-team lists show members; everyone's cached overview of these patients must refresh.
    const patients = await tx.db.selectFrom('care_team_memberships').select('patient_id').where('user_id', '=', userId).where('left_at', 'is', null).execute();
    await recordPatientsChanged(
      tx,
      patients.map((p) => p.patient_id),
      now,
    );
  });
}
