// The proof that a login's password step passed, for its second step: a random token the app holds
// for a few minutes, valid only from the device that typed the password, for one purpose (the code,
// or the authenticator's setup), and spent by the step that opens the session. Only its hash is
// stored, as for sessions.
import { createHash, randomBytes } from 'node:crypto';
import { RenkeiError } from '@renkei/proto';
import type { Store } from '../db/database';
import type { LoginChallengeTable, UserRow } from '../db/schema';
import { addMinutes } from '../time';
import type { SecondFactorDue } from './second-factor-policy';

/** Long enough to open the authenticator app (or, for the setup, install it), short enough not to linger. */
export const CHALLENGE_MINUTES = { code: 5, setup: 15 } as const;

type Purpose = LoginChallengeTable['purpose'];
const PURPOSE: Record<SecondFactorDue, Purpose> = { code: 'verify', setup: 'setup' };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issueChallenge(
  store: Store,
  userId: string,
  deviceId: string,
  due: SecondFactorDue,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = addMinutes(now, CHALLENGE_MINUTES[due]);
  // Housekeeping: the user's expired challenges (spent or not) prove nothing any more. Deleted as
  // each new one is issued, so a user keeps at most the few issued within the last 15 minutes.
  await store.db.deleteFrom('login_challenges').where('user_id', '=', userId).where('expires_at', '<=', now.toISOString()).execute();
  await store.db
    .insertInto('login_challenges')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      device_id: deviceId,
      purpose: PURPOSE[due],
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

export interface OpenChallenge {
  tokenHash: string;
  user: UserRow;
}

/**
 * The challenge's user, when the token is one this device was given for this step and is neither
 * spent nor expired; otherwise the refusal that sends the user back to the password.
 */
export async function openChallenge(store: Store, token: string, deviceId: string, due: SecondFactorDue, now: Date): Promise<OpenChallenge> {
  const tokenHash = hashToken(token);
  const row = await store.db.selectFrom('login_challenges').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  const valid = row && row.used_at === null && row.device_id === deviceId && row.purpose === PURPOSE[due] && Date.parse(row.expires_at) > now.getTime();
  if (!valid) throw new RenkeiError({ reason: 'SECOND_FACTOR_CHALLENGE_EXPIRED' });
  const user = await store.db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
  if (user.disabled_at !== null) throw new RenkeiError({ reason: 'ACCOUNT_DISABLED' });
  return { tokenHash, user };
}

/** Spends the challenge; false when a parallel call spent it first. */
export async function spendChallenge(store: Store, tokenHash: string, now: Date): Promise<boolean> {
  const spent = await store.db
    .updateTable('login_challenges')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return spent.numUpdatedRows > 0n;
}

/** Ends every open challenge of the user (their second factor was reset). */
export async function spendChallengesOf(store: Store, userId: string, now: Date): Promise<void> {
  await store.db.updateTable('login_challenges').set({ used_at: now.toISOString() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
