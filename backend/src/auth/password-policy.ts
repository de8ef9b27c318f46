// The region's password rule, enforced wherever a password is set or changed (renkei-admin user add,
// set-password and password; ChangePassword from the app). The rule itself is proto/src/password-rule.ts,
// the one the app checks while the user types; here: the region's setting, stored (`renkei-admin policy
// password`, audited, never below the guideline) and which rule applies to a user (8 characters with an
// authenticator in force, else 13 mixing letters, digits and symbols).
import {
  DEFAULT_PASSWORD_POLICY,
  checkNewPassword,
  passwordRuleFor,
  policyViolations,
  type PasswordContext,
  type PasswordPolicy,
  type PasswordRule,
} from '@renkei/proto/password-rule';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import { fieldViolation, invalidRequest } from '../validation';

export async function readPasswordPolicy(store: Store): Promise<PasswordPolicy & { setBy?: string; setAt?: string }> {
  const row = await store.db.selectFrom('password_policy').selectAll().where('id', '=', 'region').executeTakeFirst();
  if (!row) return { ...DEFAULT_PASSWORD_POLICY };
  return { minLength: row.min_length, minLengthWithSecondFactor: row.min_length_with_second_factor, setBy: row.updated_by, setAt: row.updated_at };
}

/** Sets the region's minimum lengths; refused (INVALID_REQUEST) below the guideline. Audited; applies to the next password set. */
export async function setPasswordPolicy(
  store: Store,
  change: Partial<PasswordPolicy>,
  actorLabel: string,
  now: Date,
): Promise<{ before: PasswordPolicy; after: PasswordPolicy }> {
  return transaction(store, async (tx) => {
    const current = await readPasswordPolicy(tx);
    const before = { minLength: current.minLength, minLengthWithSecondFactor: current.minLengthWithSecondFactor };
    const after: PasswordPolicy = { ...before, ...change };
    const violations = policyViolations(after).filter((v) => change[v.field] !== undefined);
    if (violations.length > 0) throw invalidRequest(violations.map((v) => fieldViolation(v.field, v.violation.reason, stringParams(v.violation.params))));
    const values = {
      min_length: after.minLength,
      min_length_with_second_factor: after.minLengthWithSecondFactor,
      updated_at: now.toISOString(),
      updated_by: actorLabel,
    };
    const updated = await tx.db.updateTable('password_policy').set(values).where('id', '=', 'region').executeTakeFirst();
    if (updated.numUpdatedRows === 0n)
      await tx.db
        .insertInto('password_policy')
        .values({ id: 'region', ...values })
        .execute();
    await recordAudit(tx, { action: 'policy.password', outcome: 'ok', actorLabel, detail: { before, after } }, now);
    return { before, after };
  });
}

/** Whether the user has an authenticator in force (its code is asked at every login). */
export async function hasSecondFactor(store: Store, userId: string): Promise<boolean> {
  const row = await store.db.selectFrom('second_factors').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  return Boolean(row?.confirmed_at);
}

/** The rule a new password of this user must follow now (a new user has no authenticator yet). */
export async function passwordRuleOf(store: Store, userId: string | undefined): Promise<PasswordRule> {
  const policy = await readPasswordPolicy(store);
  return passwordRuleFor(policy, userId !== undefined && (await hasSecondFactor(store, userId)));
}

function stringParams(params: Readonly<Record<string, string | number>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(params ?? {}).map(([key, value]) => [key, String(value)]));
}

/**
 * Throws INVALID_REQUEST with a violation on `field` for each way the password breaks the user's
 * rule (or equals their login ID or current password); returns the rule it passed.
 */
export async function requireAcceptablePassword(
  store: Store,
  who: { userId?: string; loginId: string },
  password: string,
  field: string,
  context: Omit<PasswordContext, 'loginId'> = {},
): Promise<PasswordRule> {
  const rule = await passwordRuleOf(store, who.userId);
  const violations = checkNewPassword(password, rule, { ...context, loginId: who.loginId });
  if (violations.length > 0) throw invalidRequest(violations.map((v) => fieldViolation(field, v.reason, stringParams(v.params))));
  return rule;
}
