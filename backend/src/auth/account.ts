// The signed-in user's own account (the app's 「アカウント」 screen): what protects it, and changing
// their password. A change needs the current password (a wrong one is answered after the login delay
// and counts toward the same lockout as a login), follows the region's rule, ends the user's other
// sessions (a password changed because it leaked must not leave a session open on another PC), and
// lifts a change the regional office asked for.
import type { PasswordRule } from '@renkei/proto/password-rule';
import type { FailureLimit } from '../access/failure-limit';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import type { SessionRow, UserRow } from '../db/schema';
import { clearFailures, countedAttempt, lockedError, type LoginPolicy } from './login';
import { hasSecondFactor, passwordRuleOf, requireAcceptablePassword } from './password-policy';
import { hashPassword, verifyPassword } from './passwords';
import { recoveryCodesRemaining } from './second-factor';
import { secondFactorRequired } from './second-factor-policy';

export interface AccountDeps {
  store: Store;
  policy: LoginPolicy;
  sourceFailures: FailureLimit;
  clock: { now(): Date };
}

export interface AccountCaller {
  user: UserRow;
  session: SessionRow;
  deviceId: string;
  address: string;
}

export interface AccountSecurityView {
  passwordRule: PasswordRule;
  passwordChangedAt: string | null;
  passwordChangeRequired: boolean;
  secondFactorEnabled: boolean;
  secondFactorRequired: boolean;
  recoveryCodesRemaining: number;
  sessionExpiresAt: string;
}

export async function accountSecurity(store: Store, caller: { user: UserRow; session: SessionRow }, now: Date): Promise<AccountSecurityView> {
  const { user } = caller;
  const enabled = await hasSecondFactor(store, user.id);
  return {
    passwordRule: await passwordRuleOf(store, user.id),
    passwordChangedAt: user.password_changed_at,
    passwordChangeRequired: user.password_change_required === 1,
    secondFactorEnabled: enabled,
    secondFactorRequired: await secondFactorRequired(store, user.facility_id, now),
    recoveryCodesRemaining: enabled ? await recoveryCodesRemaining(store, user.id) : 0,
    sessionExpiresAt: caller.session.expires_at,
  };
}

/** Changes the caller's password; returns when it was changed. */
export async function changePassword(deps: AccountDeps, caller: AccountCaller, request: { currentPassword: string; newPassword: string }): Promise<Date> {
  const { store, clock } = deps;
  const { user } = caller;
  const stored = await store.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  await countedAttempt(deps, caller, user, { action: 'auth.password.change', method: 'password', wrongReason: 'CURRENT_PASSWORD_WRONG' }, () =>
    verifyPassword(stored.password_hash, request.currentPassword),
  );
  const checkedAt = clock.now();
  if (!(await clearFailures(store, user.id, checkedAt))) throw await lockedError(store, user.id, deps.policy, checkedAt);
  await requireAcceptablePassword(store, { userId: user.id, loginId: user.login_id }, request.newPassword, 'newPassword', {
    currentPassword: request.currentPassword,
  });
  const hash = await hashPassword(request.newPassword);
  const now = clock.now();
  await transaction(store, async (tx) => {
    await tx.db
      .updateTable('users')
      .set({ password_hash: hash, password_changed_at: now.toISOString(), password_change_required: 0, updated_at: now.toISOString() })
      .where('id', '=', user.id)
      .execute();
    const ended = await tx.db
      .updateTable('sessions')
      .set({ ended_at: now.toISOString() })
      .where('user_id', '=', user.id)
      .where('id', '!=', caller.session.id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    await recordAudit(
      tx,
      {
        action: 'auth.password.change',
        outcome: 'ok',
        actorUserId: user.id,
        actorDeviceId: caller.deviceId,
        detail: { loginId: user.login_id, wasRequired: user.password_change_required === 1, otherSessionsEnded: Number(ended.numUpdatedRows) },
      },
      now,
    );
  });
  return now;
}
