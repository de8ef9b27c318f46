// What may cross into the DesktopApi from a renderer, over Electron IPC (src/main) or the
// development bridge: only the methods of DESKTOP_API_METHODS, each with arguments of exactly the
// shape the API declares. Anything else is refused before the API sees it. And what comes back
// when a call fails: a UserFacingError, trimmed to its own fields.
import { z } from 'zod';
import { DESKTOP_API_METHODS, type DesktopApi, type DesktopApiMethod, type UserFacingError } from '../shared/desktop-api';
import { DesktopApiError, isUserFacingError } from '../shared/desktop-api-error';

const text = z.string().max(4_096);
const id = z.string().min(1).max(256);

const ARGUMENTS: Record<DesktopApiMethod, z.ZodType<unknown[]>> = {
  getStatus: z.tuple([]),
  enroll: z.tuple([z.strictObject({ serverAddress: text, enrollmentCode: text, deviceName: text })]),
  refreshDevice: z.tuple([]),
  connectTunnel: z.tuple([]),
  disconnectTunnel: z.tuple([]),
  login: z.tuple([z.strictObject({ loginId: text, password: text })]),
  logout: z.tuple([]),
  syncNow: z.tuple([]),
  searchPatients: z.tuple([text]),
  getPatientOverview: z.tuple([id]),
};

export function isDesktopApiMethod(name: string): name is DesktopApiMethod {
  return (DESKTOP_API_METHODS as readonly string[]).includes(name);
}

export type ArgumentCheck = { ok: true; args: unknown[] } | { ok: false; problem: string };

export function checkArguments(method: DesktopApiMethod, body: unknown): ArgumentCheck {
  if (typeof body !== 'object' || body === null || !('args' in body)) return { ok: false, problem: 'body must be {"args": [...]}' };
  const parsed = ARGUMENTS[method].safeParse(body.args);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ') };
  return { ok: true, args: parsed.data };
}

export async function invoke(api: DesktopApi, method: DesktopApiMethod, args: unknown[]): Promise<unknown> {
  const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
  return fn.apply(api, args);
}

/**
 * The UserFacingError of a failed call (the core throws DesktopApiError; a plain UserFacingError
 * object is accepted too), kept to exactly its fields so nothing else leaks through.
 */
export function asUserFacingError(thrown: unknown): UserFacingError | null {
  const candidate: unknown = thrown instanceof DesktopApiError ? thrown.detail : thrown;
  if (!isUserFacingError(candidate)) return null;
  const error: UserFacingError = { reason: candidate.reason, message: { ja: candidate.message.ja, en: candidate.message.en } };
  if (candidate.fields) error.fields = candidate.fields.map(({ field, description }) => ({ field, description }));
  return error;
}

export function bridgeError(reason: string, ja: string, en: string): UserFacingError {
  return { reason, message: { ja, en } };
}
