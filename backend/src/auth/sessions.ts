// Sessions: a bearer token per login, valid only from the device it was issued to, until it
// expires or is ended (logout, device revoked, user disabled). Only the token's hash is stored.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../db/database';
import type { SessionRow, UserRow } from '../db/schema';

export const SESSION_METADATA_KEY = 'authorization';
const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function startSession(
  store: Store,
  userId: string,
  deviceId: string,
  lifetimeHours: number,
  now: Date,
): Promise<{ token: string; session: SessionRow }> {
  const token = randomBytes(32).toString('base64url');
  const session: SessionRow = {
    id: randomUUID(),
    token_hash: hashToken(token),
    user_id: userId,
    device_id: deviceId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + lifetimeHours * 3_600_000).toISOString(),
    last_seen_at: now.toISOString(),
    ended_at: null,
  };
  await store.db.insertInto('sessions').values(session).execute();
  return { token, session };
}

type SessionLookup = { status: 'valid'; session: SessionRow; user: UserRow } | { status: 'missing' | 'expired' | 'other-device' | 'user-disabled' };

/** A session that was started and not ended, with its user, as stored; judged by `judgeSession`. */
export interface FoundSession {
  session: SessionRow;
  user: UserRow;
}

/**
 * The session a bearer token names, with its user, in one query: every call of a signed-in user
 * starts here. It needs nothing of the device, so the caller can look the device up at the same time.
 */
export async function findSession(store: Store, authorization: string | undefined): Promise<FoundSession | undefined> {
  const match = authorization ? BEARER.exec(authorization) : null;
  if (!match) return undefined;
  const found = await store.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select([
      's.id as session_id',
      's.token_hash as session_token_hash',
      's.device_id as session_device_id',
      's.created_at as session_created_at',
      's.expires_at as session_expires_at',
      's.last_seen_at as session_last_seen_at',
    ])
    .where('s.token_hash', '=', hashToken(match[1]!))
    .where('s.ended_at', 'is', null)
    .executeTakeFirst();
  if (!found) return undefined;
  const { session_id, session_token_hash, session_device_id, session_created_at, session_expires_at, session_last_seen_at, ...user } = found;
  const session: SessionRow = {
    id: session_id,
    token_hash: session_token_hash,
    user_id: user.id,
    device_id: session_device_id,
    created_at: session_created_at,
    expires_at: session_expires_at,
    last_seen_at: session_last_seen_at,
    ended_at: null,
  };
  return { session, user };
}

/** Whether a found session is valid now for a call from the device `deviceId`, and if not, why. */
export function judgeSession(found: FoundSession | undefined, deviceId: string, now: Date): SessionLookup {
  if (!found) return { status: 'missing' };
  const { session, user } = found;
  if (Date.parse(session.expires_at) <= now.getTime()) return { status: 'expired' };
  // A token copied to another PC is useless there: the session belongs to one device.
  if (session.device_id !== deviceId) return { status: 'other-device' };
  if (user.disabled_at !== null) return { status: 'user-disabled' };
  return { status: 'valid', session, user };
}

export async function endSession(store: Store, sessionId: string, now: Date): Promise<void> {
  await store.db.updateTable('sessions').set({ ended_at: now.toISOString() }).where('id', '=', sessionId).execute();
}
