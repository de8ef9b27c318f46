// The second step of a login: a TOTP code (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, what
// every authenticator app reads from an otpauth:// QR code) or one of the user's recovery codes.
// A code is accepted once: the step it belongs to must be later than the last step accepted, so a
// code seen over a shoulder is useless within its own window. A clock one step off either way is
// tolerated. Wrong codes are answered after the login delay and count toward the same lockout as
// wrong passwords (login.ts). Setting an authenticator up puts nothing in force until a first code
// proves the app holds the secret; then ten single-use recovery codes are shown once and kept only
// as argon2id hashes.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RenkeiError } from '@renkei/proto';
import { Secret, TOTP } from 'otpauth';
import type { FailureLimit } from '../access/failure-limit';
import { recordAudit } from '../audit/audit-log';
import { transaction, type Store } from '../db/database';
import type { UserRow } from '../db/schema';
import { clearFailures, countedAttempt, lockedError, openSession, type AttemptKind, type LoggedIn, type LoginPolicy } from './login';
import { openChallenge, spendChallenge, spendChallengesOf } from './login-challenges';
import { hashPassword, verifyPassword } from './passwords';
import type { SecondFactorKey } from './second-factor-key';

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const ALGORITHM = 'SHA1';
/** Steps either side of now still accepted: a phone or PC clock up to ~30 s off. */
const DRIFT_STEPS = 1;
const SECRET_BYTES = 20;
export const RECOVERY_CODE_COUNT = 10;
// No 0/O, 1/I/L: read off paper and typed by hand.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const RECOVERY_LENGTH = 10;

export interface SecondFactorContext {
  store: Store;
  key: SecondFactorKey;
  policy: LoginPolicy;
  sourceFailures: FailureLimit;
  clock: { now(): Date };
  /** Shown in the authenticator app above the code, e.g. "Renkei テスト地域". */
  issuer: string;
}

export interface Caller {
  deviceId: string;
  address: string;
}

function totpFor(secret: Uint8Array, label = '', issuer = ''): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: new Secret({ buffer: Uint8Array.from(secret).buffer }),
  });
}

/** The time step the code belongs to, or undefined when it matches none within the drift. */
function stepOf(secret: Uint8Array, code: string, now: Date): number | undefined {
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: DRIFT_STEPS });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: now.getTime() }) + delta;
}

/** Accepts the code once: records its step, refusing a step not later than the last one accepted. */
async function acceptStep(store: Store, userId: string, step: number): Promise<boolean> {
  const updated = await store.db
    .updateTable('second_factors')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function hashRecoveryCodes(codes: readonly string[]): Promise<string[]> {
  return Promise.all(codes.map((code) => hashPassword(normalizeRecoveryCode(code))));
}

/** The user's recovery codes become these (hashed); every earlier one stops working. Inside a transaction. */
async function replaceRecoveryCodes(tx: Store, userId: string, hashes: readonly string[], now: Date): Promise<void> {
  await tx.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await tx.db
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ id: randomUUID(), user_id: userId, code_hash, created_at: now.toISOString(), used_at: null })))
    .execute();
}

/** Spends the matching unused recovery code; false when none matches (or a parallel call spent it). */
async function spendRecoveryCode(store: Store, userId: string, code: string, now: Date): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code);
  const unused = await store.db.selectFrom('recovery_codes').select(['id', 'code_hash']).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  for (const row of unused) {
    if (!(await verifyPassword(row.code_hash, normalized))) continue;
    const spent = await store.db
      .updateTable('recovery_codes')
      .set({ used_at: now.toISOString() })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return spent.numUpdatedRows > 0n;
  }
  return false;
}

/**
 * Runs one counted attempt of a second step for the user (login.ts countedAttempt); when right, the
 * challenge is spent and the session opened.
 */
async function attempt(
  ctx: SecondFactorContext,
  caller: Caller,
  challenge: { tokenHash: string; user: UserRow },
  kind: AttemptKind,
  check: () => Promise<boolean>,
  onSuccess: (now: Date) => Promise<void> = async () => undefined,
): Promise<LoggedIn> {
  const { store, policy, clock } = ctx;
  const user = challenge.user;
  await countedAttempt(ctx, caller, user, kind, check);
  const now = clock.now();
  if (!(await spendChallenge(store, challenge.tokenHash, now))) throw new RenkeiError({ reason: 'SECOND_FACTOR_CHALLENGE_EXPIRED' });
  await onSuccess(now);
  const opened = await openSession(store, user, caller.deviceId, policy, now);
  const audit = (outcome: 'ok' | 'denied', reason: string) =>
    recordAudit(
      store,
      {
        action: kind.action,
        outcome,
        actorUserId: user.id,
        actorDeviceId: caller.deviceId,
        detail: { loginId: user.login_id, method: kind.method, reason, address: caller.address },
      },
      now,
    );
  if (!opened) {
    await audit('denied', 'locked');
    await sleep(policy.failureDelayMs);
    throw await lockedError(store, user.id, policy, now);
  }
  await audit('ok', kind.method);
  return opened;
}

/** The code step: the authenticator's current code, or a recovery code. */
export async function verifySecondFactor(
  ctx: SecondFactorContext,
  request: { challengeToken: string; code?: string; recoveryCode?: string },
  caller: Caller,
): Promise<LoggedIn> {
  const challenge = await openChallenge(ctx.store, request.challengeToken, caller.deviceId, 'code', ctx.clock.now());
  const userId = challenge.user.id;
  if (request.recoveryCode) {
    const recoveryCode = request.recoveryCode;
    return attempt(ctx, caller, challenge, { action: 'auth.login', method: 'recovery-code', wrongReason: 'RECOVERY_CODE_FAILED' }, () =>
      spendRecoveryCode(ctx.store, userId, recoveryCode, ctx.clock.now()),
    );
  }
  const code = request.code ?? '';
  // Read before the attempt is counted: a secret the server's key cannot open (the key was replaced)
  // is the office's to fix, not a wrong code of the user's.
  const factor = await ctx.store.db
    .selectFrom('second_factors')
    .selectAll()
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  let secret: Buffer | undefined;
  try {
    secret = factor && ctx.key.decrypt(userId, factor.secret_ciphertext);
  } catch {
    await recordAudit(
      ctx.store,
      {
        action: 'auth.login',
        outcome: 'failed',
        actorUserId: userId,
        actorDeviceId: caller.deviceId,
        detail: { loginId: challenge.user.login_id, method: 'totp', reason: 'secret-unreadable' },
      },
      ctx.clock.now(),
    );
    throw new RenkeiError({ reason: 'SECOND_FACTOR_UNREADABLE' });
  }
  return attempt(ctx, caller, challenge, { action: 'auth.login', method: 'totp', wrongReason: 'SECOND_FACTOR_FAILED' }, async () => {
    const step = secret && stepOf(secret, code, ctx.clock.now());
    return step !== undefined && (await acceptStep(ctx.store, userId, step));
  });
}

/**
 * A new secret for the challenged user's authenticator app, replacing one not yet confirmed. Nothing
 * changes for logins until ConfirmSecondFactorSetup.
 */
export async function beginSecondFactorSetup(
  ctx: SecondFactorContext,
  request: { challengeToken: string },
  caller: Caller,
): Promise<{ otpauthUri: string; secretBase32: string }> {
  const now = ctx.clock.now();
  const { user } = await openChallenge(ctx.store, request.challengeToken, caller.deviceId, 'setup', now);
  const secret = randomBytes(SECRET_BYTES);
  const created = await transaction(ctx.store, async (tx) => {
    const confirmed = await tx.db
      .selectFrom('second_factors')
      .select('user_id')
      .where('user_id', '=', user.id)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst();
    if (confirmed) return false;
    await tx.db.deleteFrom('second_factors').where('user_id', '=', user.id).execute();
    await tx.db
      .insertInto('second_factors')
      .values({
        user_id: user.id,
        secret_ciphertext: ctx.key.encrypt(user.id, secret),
        created_at: now.toISOString(),
        confirmed_at: null,
        last_used_step: null,
      })
      .execute();
    return true;
  });
  if (!created) throw new RenkeiError({ reason: 'SECOND_FACTOR_CHALLENGE_EXPIRED' });
  await recordAudit(
    ctx.store,
    { action: 'auth.second-factor.setup', outcome: 'ok', actorUserId: user.id, actorDeviceId: caller.deviceId, detail: { step: 'secret-issued' } },
    now,
  );
  const totp = totpFor(secret, user.login_id, ctx.issuer);
  return { otpauthUri: totp.toString(), secretBase32: totp.secret.base32 };
}

/** The first code puts the authenticator in force, makes the recovery codes and opens the session. */
export async function confirmSecondFactorSetup(
  ctx: SecondFactorContext,
  request: { challengeToken: string; code: string },
  caller: Caller,
): Promise<{ login: LoggedIn; recoveryCodes: string[] }> {
  const challenge = await openChallenge(ctx.store, request.challengeToken, caller.deviceId, 'setup', ctx.clock.now());
  const userId = challenge.user.id;
  let step: number | undefined;
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const login = await attempt(
    ctx,
    caller,
    challenge,
    { action: 'auth.login', method: 'totp-setup', wrongReason: 'SECOND_FACTOR_FAILED' },
    async () => {
      const factor = await ctx.store.db
        .selectFrom('second_factors')
        .selectAll()
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      if (!factor) return false;
      step = stepOf(ctx.key.decrypt(userId, factor.secret_ciphertext), request.code, ctx.clock.now());
      return step !== undefined;
    },
    async (now) => {
      const hashes = await hashRecoveryCodes(recoveryCodes);
      await transaction(ctx.store, async (tx) => {
        await tx.db.updateTable('second_factors').set({ confirmed_at: now.toISOString(), last_used_step: step! }).where('user_id', '=', userId).execute();
        await replaceRecoveryCodes(tx, userId, hashes, now);
        await recordAudit(
          tx,
          {
            action: 'auth.second-factor.setup',
            outcome: 'ok',
            actorUserId: userId,
            actorDeviceId: caller.deviceId,
            detail: { step: 'confirmed', recoveryCodes: RECOVERY_CODE_COUNT },
          },
          now,
        );
      });
    },
  );
  return { login, recoveryCodes };
}

/**
 * For a user who lost their authenticator (and recovery codes): removes both, so the next login
 * leads to a new setup where the policy requires it. Open challenges end with them. Audited.
 */
export async function resetSecondFactor(store: Store, user: UserRow, actorLabel: string, now: Date): Promise<{ hadSecondFactor: boolean }> {
  return transaction(store, async (tx) => {
    const removed = await tx.db.deleteFrom('second_factors').where('user_id', '=', user.id).executeTakeFirst();
    await tx.db.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await tx.db.deleteFrom('authenticator_setups').where('user_id', '=', user.id).execute();
    await spendChallengesOf(tx, user.id, now);
    const hadSecondFactor = removed.numDeletedRows > 0n;
    await recordAudit(
      tx,
      {
        action: 'user.second-factor.reset',
        outcome: 'ok',
        actorLabel,
        actorUserId: null,
        detail: { userId: user.id, loginId: user.login_id, hadSecondFactor },
      },
      now,
    );
    return { hadSecondFactor };
  });
}

// Setting up an authenticator by choice, from a session (the app's 「アカウント」 screen), or
// replacing the one in force: the new secret waits in authenticator_setups, and the one in force
// keeps working until a first code from the new one confirms it.

/** How long a secret issued from a session waits for its first code. */
export const AUTHENTICATOR_SETUP_MINUTES = 15;

/** A new secret for the signed-in user's authenticator app, replacing any earlier unconfirmed one. */
export async function beginAuthenticatorSetup(ctx: SecondFactorContext, user: UserRow, caller: Caller): Promise<{ otpauthUri: string; secretBase32: string }> {
  const now = ctx.clock.now();
  const secret = randomBytes(SECRET_BYTES);
  const replacing = await transaction(ctx.store, async (tx) => {
    await tx.db.deleteFrom('authenticator_setups').where('user_id', '=', user.id).execute();
    await tx.db
      .insertInto('authenticator_setups')
      .values({ user_id: user.id, secret_ciphertext: ctx.key.encrypt(user.id, secret), created_at: now.toISOString() })
      .execute();
    const inForce = await tx.db.selectFrom('second_factors').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst();
    return Boolean(inForce?.confirmed_at);
  });
  await recordAudit(
    ctx.store,
    {
      action: 'auth.second-factor.setup',
      outcome: 'ok',
      actorUserId: user.id,
      actorDeviceId: caller.deviceId,
      detail: { step: 'secret-issued', from: 'session', replacing },
    },
    now,
  );
  const totp = totpFor(secret, user.login_id, ctx.issuer);
  return { otpauthUri: totp.toString(), secretBase32: totp.secret.base32 };
}

/**
 * The first code from the new secret puts it in force in place of any earlier authenticator, and
 * makes ten new recovery codes (earlier ones stop working). A wrong code counts toward the lockout.
 */
export async function confirmAuthenticatorSetup(ctx: SecondFactorContext, user: UserRow, code: string, caller: Caller): Promise<{ recoveryCodes: string[] }> {
  const pending = await ctx.store.db.selectFrom('authenticator_setups').selectAll().where('user_id', '=', user.id).executeTakeFirst();
  const openedAt = ctx.clock.now();
  if (!pending || Date.parse(pending.created_at) + AUTHENTICATOR_SETUP_MINUTES * 60_000 <= openedAt.getTime()) {
    throw new RenkeiError({ reason: 'AUTHENTICATOR_SETUP_NOT_STARTED' });
  }
  const secret = ctx.key.decrypt(user.id, pending.secret_ciphertext);
  let step: number | undefined;
  await countedAttempt(ctx, caller, user, { action: 'auth.second-factor.setup', method: 'totp-setup', wrongReason: 'SECOND_FACTOR_FAILED' }, async () => {
    step = stepOf(secret, code, ctx.clock.now());
    return step !== undefined;
  });
  const now = ctx.clock.now();
  if (!(await clearFailures(ctx.store, user.id, now))) throw await lockedError(ctx.store, user.id, ctx.policy, now);
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await hashRecoveryCodes(recoveryCodes);
  await transaction(ctx.store, async (tx) => {
    // The same secret (not a later one begun meanwhile), spent once.
    const spent = await tx.db
      .deleteFrom('authenticator_setups')
      .where('user_id', '=', user.id)
      .where('secret_ciphertext', '=', pending.secret_ciphertext)
      .executeTakeFirst();
    if (spent.numDeletedRows === 0n) throw new RenkeiError({ reason: 'AUTHENTICATOR_SETUP_NOT_STARTED' });
    const replaced = await tx.db.deleteFrom('second_factors').where('user_id', '=', user.id).executeTakeFirst();
    await tx.db
      .insertInto('second_factors')
      .values({
        user_id: user.id,
        secret_ciphertext: pending.secret_ciphertext,
        created_at: pending.created_at,
        confirmed_at: now.toISOString(),
        last_used_step: step!,
      })
      .execute();
    await replaceRecoveryCodes(tx, user.id, hashes, now);
    // A login half-way through its second step was started against the old authenticator.
    await spendChallengesOf(tx, user.id, now);
    await recordAudit(
      tx,
      {
        action: 'auth.second-factor.setup',
        outcome: 'ok',
        actorUserId: user.id,
        actorDeviceId: caller.deviceId,
        detail: { step: 'confirmed', from: 'session', replaced: replaced.numDeletedRows > 0n, recoveryCodes: RECOVERY_CODE_COUNT },
      },
      now,
    );
  });
  return { recoveryCodes };
}

/**
 * Ten new recovery codes for a user with an authenticator in force, after their password (counted
 * toward the lockout like a login's); every earlier code stops working.
 */
export async function regenerateRecoveryCodes(ctx: SecondFactorContext, user: UserRow, password: string, caller: Caller): Promise<{ recoveryCodes: string[] }> {
  const inForce = await ctx.store.db.selectFrom('second_factors').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst();
  if (!inForce?.confirmed_at) throw new RenkeiError({ reason: 'SECOND_FACTOR_NOT_SET_UP' });
  const current = await ctx.store.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  await countedAttempt(ctx, caller, user, { action: 'auth.second-factor.recovery-codes', method: 'password', wrongReason: 'CURRENT_PASSWORD_WRONG' }, () =>
    verifyPassword(current.password_hash, password),
  );
  const now = ctx.clock.now();
  if (!(await clearFailures(ctx.store, user.id, now))) throw await lockedError(ctx.store, user.id, ctx.policy, now);
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await hashRecoveryCodes(recoveryCodes);
  await transaction(ctx.store, async (tx) => {
    await replaceRecoveryCodes(tx, user.id, hashes, now);
    await recordAudit(
      tx,
      {
        action: 'auth.second-factor.recovery-codes',
        outcome: 'ok',
        actorUserId: user.id,
        actorDeviceId: caller.deviceId,
        detail: { recoveryCodes: RECOVERY_CODE_COUNT },
      },
      now,
    );
  });
  return { recoveryCodes };
}

/** How many of the user's recovery codes are still unused. */
export async function recoveryCodesRemaining(store: Store, userId: string): Promise<number> {
  const row = await store.db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
