// Logging a user in on an approved device, and out. MHLW's guideline asks for a delay and a lockout after
// failed attempts: every failure is answered only after `failureDelayMs`, and `lockoutThreshold`
// failures in a row lock the user ID for `lockoutMinutes`. An unknown ID fails exactly like a
// wrong password, in the same time. Attempts are counted before the password is checked, so a
// burst of parallel guesses gets no more tries than guesses one after another; and failures are
// limited per device and per address across user IDs too (access/failure-limit.ts).
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
import { endSession, startSession } from './sessions';

export interface LoginPolicy {
  sessionHours: number;
  failureDelayMs: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
}

export interface LoggedIn {
  token: string;
  session: SessionRow;
  user: UserRow;
}

export async function login(
  store: Store,
  credentials: { loginId: string; password: string; deviceId: string; address: string },
  policy: LoginPolicy,
  sourceFailures: FailureLimit,
  clock: { now(): Date },
): Promise<LoggedIn> {
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
  // A burst of wrong passwords that ran beside this one may have locked the user ID meanwhile: the
  // right password, sent among them, does not get in until the lock ends.
  const cleared = await store.db
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: null, last_login_at: now.toISOString() })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .executeTakeFirst();
  if (cleared.numUpdatedRows === 0n) return refuse('locked', await lockedError(store, user.id, policy, now));
  const { token, session } = await startSession(store, user.id, credentials.deviceId, policy.sessionHours, now);
  await audit('ok', 'password');
  return { token, session, user };
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
async function claimAttempt(store: Store, userId: string, policy: LoginPolicy, now: Date): Promise<number | undefined> {
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
async function lock(store: Store, userId: string, policy: LoginPolicy, now: Date): Promise<Date> {
  const lockedUntil = addMinutes(now, policy.lockoutMinutes);
  await store.db.updateTable('users').set({ locked_until: lockedUntil.toISOString() }).where('id', '=', userId).execute();
  return lockedUntil;
}

/** The refusal for a locked user ID; while the locking attempts are still being verified, the lock they are about to set. */
async function lockedError(store: Store, userId: string, policy: LoginPolicy, now: Date): Promise<RenkeiError> {
  const row = await store.db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirst();
  return lockedMessage(row?.locked_until ? new Date(row.locked_until) : addMinutes(now, policy.lockoutMinutes));
}

function lockedMessage(lockedUntil: Date): RenkeiError {
  return new RenkeiError({ reason: 'ACCOUNT_LOCKED', metadata: { lockedUntil: formatJapanDateTime(lockedUntil) } });
}
