// Logging a user in on an approved device, and out. MHLW's guideline asks for a delay and a lockout after
// failed attempts: every failure is answered only after `failureDelayMs`, and `lockoutThreshold`
// failures in a row lock the user ID for `lockoutMinutes`. An unknown ID fails exactly like a
// wrong password, in the same time. Attempts are counted before the password is checked, so a
// burst of parallel guesses gets no more tries than guesses one after another; and failures are
// limited per device and per address across user IDs too (access/failure-limit.ts).
// When a second factor is due (second-factor.ts), the right password opens no session: it answers a
// short-lived challenge for the code step (or the authenticator's setup), and the code step counts
// toward the same lockout.
import { RenkeiError } from '@renkei/proto';
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UserScope } from '../access/call-scope';
import { recordAudit } from '../audit/audit-log';
import type { Store } from '../db/database';
import type { SessionRow, UserRow } from '../db/schema';
import { addMinutes } from '../time';
import { spendVerificationTime, verifyPassword } from './passwords';
import type { FailureLimit } from '../access/failure-limit';
import { issueChallenge } from './login-challenges';
import { secondFactorDue, type SecondFactorDue } from './second-factor-policy';
import { sessionMaxAge } from './session-policy';
import { endSession, startSession } from './sessions';
import { otherFacilityRefusal } from '../facilities/facility-links';

export interface LoginPolicy {
  /** The configuration's auth.sessionHours: the session maximum age until the office sets the region's (session-policy.ts). */
  sessionHours: number;
  failureDelayMs: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
}

export interface LoggedIn {
  token: string;
  session: SessionRow;
  user: UserRow;
  secondFactor?: undefined;
}

/** The password was right; the session waits for the second step. */
export interface SecondFactorChallenge {
  secondFactor: SecondFactorDue;
  challengeToken: string;
  challengeExpiresAt: Date;
  user: UserRow;
}

export async function login(
  store: Store,
  credentials: { loginId: string; password: string; deviceId: string; address: string },
  policy: LoginPolicy,
  sourceFailures: FailureLimit,
  clock: { now(): Date },
): Promise<LoggedIn | SecondFactorChallenge> {
  const loginId = credentials.loginId.trim().toLowerCase();
  const user = await store.db.selectFrom('users').selectAll().where('login_id', '=', loginId).executeTakeFirst();
  const audit = (outcome: 'ok' | 'denied', reason: string, userId: string | null = user?.id ?? null) =>
    recordAudit(
      store,
      { action: 'auth.login', outcome, actorUserId: userId, actorDeviceId: credentials.deviceId, detail: { loginId, reason, address: credentials.address } },
      clock.now(),
    );
  const refuse = async (reason: string, error: RenkeiError): Promise<never> => {
    await audit('denied', reason);
    await sleep(policy.failureDelayMs);
    throw error;
  };

  const claim = await sourceFailures.claim([`device:${credentials.deviceId}`, `address:${credentials.address}`]);
  if (!claim) return refuse('too-many-failures-from-source', new RenkeiError({ reason: 'TOO_MANY_LOGIN_ATTEMPTS' }));
  if (!user) {
    await spendVerificationTime(credentials.password);
    return refuse('unknown-login-id', new RenkeiError({ reason: 'LOGIN_FAILED' }));
  }
  const attempt = await claimAttempt(store, user.id, policy, clock.now());
  if (attempt === undefined) return refuse('locked', await lockedError(store, user.id, policy, clock.now()));
  if (!(await verifyPassword(user.password_hash, credentials.password))) {
    if (attempt < policy.lockoutThreshold) return refuse('wrong-password', new RenkeiError({ reason: 'LOGIN_FAILED' }));
    const lockedUntil = await lock(store, user.id, policy, clock.now());
    return refuse('wrong-password-locked', lockedMessage(lockedUntil));
  }
  await claim.succeeded();
  // Told only to someone who knows the password.
  if (user.disabled_at !== null) {
    await audit('denied', 'disabled');
    throw new RenkeiError({ reason: 'ACCOUNT_DISABLED' });
  }
  const now = clock.now();
  // Also told only to someone who knows the password, and before any second step or session: a
  // shared clinic PC serves its own facility's staff and those of facilities linked to it.
  const device = await store.db.selectFrom('devices').select('facility_id').where('id', '=', credentials.deviceId).executeTakeFirstOrThrow();
  const refusal = await otherFacilityRefusal(store, user, device.facility_id);
  if (refusal) {
    // The right password on the wrong PC is no guess: it counts nothing toward the lockout.
    await giveBackAttempt(store, user.id, now);
    await audit('denied', 'device-other-facility');
    throw refusal;
  }
  const due = await secondFactorDue(store, user, now);
  if (due) {
    // The password step gives back its own attempt but clears no earlier failures: wrong codes keep
    // counting until a code is right, however often the password is typed again.
    const rewound = await store.db
      .updateTable('users')
      .set((eb) => ({ failed_login_count: eb('failed_login_count', '-', 1) }))
      .where('id', '=', user.id)
      .where('failed_login_count', '>', 0)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
      .executeTakeFirst();
    if (rewound.numUpdatedRows === 0n) return refuse('locked', await lockedError(store, user.id, policy, now));
    const challenge = await issueChallenge(store, user.id, credentials.deviceId, due, now);
    await recordAudit(
      store,
      {
        action: 'auth.login.password',
        outcome: 'ok',
        actorUserId: user.id,
        actorDeviceId: credentials.deviceId,
        detail: { loginId, next: due, address: credentials.address },
      },
      now,
    );
    return { secondFactor: due, challengeToken: challenge.token, challengeExpiresAt: challenge.expiresAt, user };
  }
  const opened = await openSession(store, user, credentials.deviceId, policy, now);
  if (!opened) return refuse('locked', await lockedError(store, user.id, policy, now));
  await audit('ok', 'password');
  return opened;
}

/** Takes back the attempt claimAttempt counted, unless a lock was set meanwhile (that stays). */
async function giveBackAttempt(store: Store, userId: string, now: Date): Promise<void> {
  await store.db
    .updateTable('users')
    .set((eb) => ({ failed_login_count: eb('failed_login_count', '-', 1) }))
    .where('id', '=', userId)
    .where('failed_login_count', '>', 0)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .execute();
}

/**
 * The last step of a login (the password, or the second factor after it): the failure count back to
 * 0 and a session, or undefined when the user ID was locked meanwhile. A burst of wrong attempts
 * that ran beside this one may have locked it: the right answer, sent among them, does not get in
 * until the lock ends.
 */
export async function openSession(store: Store, user: UserRow, deviceId: string, policy: LoginPolicy, now: Date): Promise<LoggedIn | undefined> {
  if (!(await clearFailures(store, user.id, now, { last_login_at: now.toISOString() }))) return undefined;
  const maxAge = await sessionMaxAge(store, policy.sessionHours);
  const { token, session } = await startSession(store, user.id, deviceId, maxAge.hours, now);
  return { token, session, user };
}

/** A right answer: the failure count back to 0, unless a parallel burst of wrong ones locked the user ID meanwhile (false). */
export async function clearFailures(store: Store, userId: string, now: Date, also: { last_login_at?: string } = {}): Promise<boolean> {
  const cleared = await store.db
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: null, ...also })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .executeTakeFirst();
  return cleared.numUpdatedRows > 0n;
}

/** What a counted attempt is, for its audit event and its refusal. */
export interface AttemptKind {
  action: string;
  method: string;
  wrongReason: 'SECOND_FACTOR_FAILED' | 'RECOVERY_CODE_FAILED' | 'CURRENT_PASSWORD_WRONG';
}

/**
 * One counted attempt at a secret of the user's (a second step of a login, or the password asked
 * again from a session): claimed before the answer is checked, as for login passwords, refused
 * after the login delay when wrong, locking the user ID at the threshold. Returns when right; the
 * caller clears the failures (clearFailures or openSession) once it has done what the answer allowed.
 */
export async function countedAttempt(
  deps: { store: Store; policy: LoginPolicy; sourceFailures: FailureLimit; clock: { now(): Date } },
  caller: { deviceId: string; address: string },
  user: UserRow,
  kind: AttemptKind,
  check: () => Promise<boolean>,
): Promise<void> {
  const { store, policy, clock } = deps;
  const refuse = async (reason: string, error: RenkeiError): Promise<never> => {
    await recordAudit(
      store,
      {
        action: kind.action,
        outcome: 'denied',
        actorUserId: user.id,
        actorDeviceId: caller.deviceId,
        detail: { loginId: user.login_id, method: kind.method, reason, address: caller.address },
      },
      clock.now(),
    );
    await sleep(policy.failureDelayMs);
    throw error;
  };
  const claim = await deps.sourceFailures.claim([`device:${caller.deviceId}`, `address:${caller.address}`]);
  if (!claim) return refuse('too-many-failures-from-source', new RenkeiError({ reason: 'TOO_MANY_LOGIN_ATTEMPTS' }));
  const number = await claimAttempt(store, user.id, policy, clock.now());
  if (number === undefined) return refuse('locked', await lockedError(store, user.id, policy, clock.now()));
  if (!(await check())) {
    if (number < policy.lockoutThreshold) return refuse(`wrong-${kind.method}`, new RenkeiError({ reason: kind.wrongReason }));
    await lock(store, user.id, policy, clock.now());
    return refuse(`wrong-${kind.method}-locked`, await lockedError(store, user.id, policy, clock.now()));
  }
  await claim.succeeded();
}

/** Ends the session the user called with. */
export async function logout(scope: UserScope, session: SessionRow): Promise<void> {
  await endSession(scope.store, session.id, scope.now);
  await scope.audit({ action: 'auth.logout', outcome: 'ok' });
}

/**
 * Counts an attempt for the user before its password is verified, in one statement, so parallel
 * attempts each see the others: the attempt's number (1 for the first after a success or after a
 * lock ended), or undefined when the user ID is locked or the attempts that will lock it are already
 * under way. Only a right password sets the count back to 0.
 */
export async function claimAttempt(store: Store, userId: string, policy: LoginPolicy, now: Date): Promise<number | undefined> {
  const at = now.toISOString();
  const row = await store.db
    .updateTable('users')
    .set((eb) => ({
      failed_login_count: eb
        .case()
        .when('locked_until', 'is not', null)
        .then(1)
        .else(eb('failed_login_count', '+', 1))
        .end(),
      locked_until: null,
    }))
    .where('id', '=', userId)
    .where((eb) =>
      eb.or([
        eb.and([eb('locked_until', 'is', null), eb('failed_login_count', '<', policy.lockoutThreshold)]),
        eb.and([eb('locked_until', 'is not', null), eb('locked_until', '<=', at)]),
      ]),
    )
    .returning('failed_login_count')
    .executeTakeFirst();
  return row?.failed_login_count;
}

/** Locks the user ID from now; the count stays at the threshold, so no attempt is claimed until the lock ends. */
export async function lock(store: Store, userId: string, policy: LoginPolicy, now: Date): Promise<Date> {
  const lockedUntil = addMinutes(now, policy.lockoutMinutes);
  await store.db.updateTable('users').set({ locked_until: lockedUntil.toISOString() }).where('id', '=', userId).execute();
  return lockedUntil;
}

/** The refusal for a locked user ID; while the locking attempts are still being verified, the lock they are about to set. */
export async function lockedError(store: Store, userId: string, policy: LoginPolicy, now: Date): Promise<RenkeiError> {
  const row = await store.db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirst();
  return lockedMessage(row?.locked_until ? new Date(row.locked_until) : addMinutes(now, policy.lockoutMinutes));
}

export function lockedMessage(lockedUntil: Date): RenkeiError {
  return new RenkeiError({ reason: 'ACCOUNT_LOCKED', metadata: { lockedUntil: formatJapanDateTime(lockedUntil) } });
}
