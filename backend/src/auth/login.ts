// Logging a user in on an approved device, and out. MHLW's guideline asks for a delay and a lockout after
// failed attempts: every failure is answered only after `failureDelayMs`, and `lockoutThreshold`
// failures in a row lock the user ID for `lockoutMinutes`. An unknown ID fails exactly like a
// wrong password, in the same time.
import { RenkeiError } from '@renkei/proto';
import { formatJapanDateTime } from '@renkei/proto/calendar';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UserScope } from '../access/call-scope';
import { recordAudit } from '../audit/audit-log';
import type { Store } from '../db/database';
import type { SessionRow, UserRow } from '../db/schema';
import { addMinutes } from '../time';
import { spendVerificationTime, verifyPassword } from './passwords';
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
  credentials: { loginId: string; password: string; deviceId: string },
  policy: LoginPolicy,
  clock: { now(): Date },
): Promise<LoggedIn> {
  const loginId = credentials.loginId.trim().toLowerCase();
  const user = await store.db.selectFrom('users').selectAll().where('login_id', '=', loginId).executeTakeFirst();
  const audit = (outcome: 'ok' | 'denied', reason: string, userId: string | null = user?.id ?? null) =>
    recordAudit(store, { action: 'auth.login', outcome, actorUserId: userId, actorDeviceId: credentials.deviceId, detail: { loginId, reason } }, clock.now());

  if (!user) {
    await spendVerificationTime(credentials.password);
    await audit('denied', 'unknown-login-id');
    await sleep(policy.failureDelayMs);
    throw new RenkeiError({ reason: 'LOGIN_FAILED' });
  }
  if (user.locked_until !== null && Date.parse(user.locked_until) > clock.now().getTime()) {
    await audit('denied', 'locked');
    await sleep(policy.failureDelayMs);
    throw new RenkeiError({ reason: 'ACCOUNT_LOCKED', metadata: { lockedUntil: formatJapanDateTime(new Date(user.locked_until)) } });
  }
  if (!(await verifyPassword(user.password_hash, credentials.password))) {
    const lockedUntil = await countFailure(store, user, policy, clock.now());
    await audit('denied', lockedUntil ? 'wrong-password-locked' : 'wrong-password');
    await sleep(policy.failureDelayMs);
    if (lockedUntil) throw new RenkeiError({ reason: 'ACCOUNT_LOCKED', metadata: { lockedUntil: formatJapanDateTime(lockedUntil) } });
    throw new RenkeiError({ reason: 'LOGIN_FAILED' });
  }
  // Told only to someone who knows the password.
  if (user.disabled_at !== null) {
    await audit('denied', 'disabled');
    throw new RenkeiError({ reason: 'ACCOUNT_DISABLED' });
  }
  const now = clock.now();
  await store.db
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: null, last_login_at: now.toISOString() })
    .where('id', '=', user.id)
    .execute();
  const { token, session } = await startSession(store, user.id, credentials.deviceId, policy.sessionHours, now);
  await audit('ok', 'password');
  return { token, session, user };
}

/** Ends the session the user called with. */
export async function logout(scope: UserScope, session: SessionRow): Promise<void> {
  await endSession(scope.store, session.id, scope.now);
  await scope.audit({ action: 'auth.logout', outcome: 'ok' });
}

/** Counts a failure atomically; returns the lock's end when this failure locks the user. */
async function countFailure(store: Store, user: UserRow, policy: LoginPolicy, now: Date): Promise<Date | undefined> {
  const row = await store.db
    .updateTable('users')
    .set((eb) => ({ failed_login_count: eb('failed_login_count', '+', 1) }))
    .where('id', '=', user.id)
    .returning('failed_login_count')
    .executeTakeFirstOrThrow();
  if (row.failed_login_count < policy.lockoutThreshold) return undefined;
  const lockedUntil = addMinutes(now, policy.lockoutMinutes);
  await store.db
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: lockedUntil.toISOString() })
    .where('id', '=', user.id)
    .execute();
  return lockedUntil;
}
