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

export async function resolveSession(store: Store, authorization: string | undefined, deviceId: string, now: Date): Promise<SessionLookup> {
  const match = authorization ? BEARER.exec(authorization) : null;
  if (!match) return { status: 'missing' };
  const session = await store.db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', hashToken(match[1]!))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!session) return { status: 'missing' };
  if (Date.parse(session.expires_at) <= now.getTime()) return { status: 'expired' };
  // A token copied to another PC is useless there: the session belongs to one device.
  if (session.device_id !== deviceId) return { status: 'other-device' };
  const user = await store.db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirstOrThrow();
  if (user.disabled_at !== null) return { status: 'user-disabled' };
  return { status: 'valid', session, user };
}

export async function endSession(store: Store, sessionId: string, now: Date): Promise<void> {
  await store.db.updateTable('sessions').set({ ended_at: now.toISOString() }).where('id', '=', sessionId).execute();
}
