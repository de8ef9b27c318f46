// renkei.v1.AuthService: logging in and out on an approved device.
import type { LoginResponse } from '@renkei/proto/generated/renkei/v1/LoginResponse';
import type { User } from '@renkei/proto/generated/renkei/v1/User';
import { z } from 'zod';
import { login, type LoginPolicy } from '../../auth/login';
import { endSession } from '../../auth/sessions';
import { recordAudit } from '../../audit/audit-log';
import type { Store } from '../../db/database';
import type { UserRow } from '../../db/schema';
import { personNameOf } from '../../person-name';
import { toTimestamp, type Clock } from '../../time';
import type { UnaryMethod } from '../dispatcher';

async function userMessage(store: Store, user: UserRow): Promise<User> {
  const facility = await store.db.selectFrom('facilities').selectAll().where('id', '=', user.facility_id).executeTakeFirstOrThrow();
  return {
    id: user.id,
    loginId: user.login_id,
    name: personNameOf(user),
    profession: user.profession as User['profession'],
    facility: { id: facility.id, name: facility.name, kind: facility.kind as 'FACILITY_KIND_CLINIC', phone: facility.phone },
  };
}

const loginRequest = z.object({
  loginId: z.string().trim().min(1, 'ユーザーIDを入力してください').max(64),
  password: z.string().min(1, 'パスワードを入力してください').max(128),
});

export function authService(policy: LoginPolicy, clock: Clock): Record<string, UnaryMethod<any, any>> {
  const Login: UnaryMethod<z.output<typeof loginRequest>, LoginResponse> = {
    request: loginRequest,
    async handle(request, context) {
      const result = await login(context.store, { ...request, deviceId: context.device!.id }, policy, clock);
      return { sessionToken: result.token, expiresAt: toTimestamp(result.session.expires_at), user: await userMessage(context.store, result.user) };
    },
  };
  const Logout: UnaryMethod<unknown, object> = {
    async handle(_request, context) {
      await endSession(context.store, context.session!.id, context.now);
      await recordAudit(context.store, { action: 'auth.logout', outcome: 'ok', actorUserId: context.user!.id, actorDeviceId: context.device!.id }, context.now);
      return {};
    },
  };
  const GetCurrentUser: UnaryMethod<unknown, User> = {
    handle: async (_request, context) => userMessage(context.store, context.user!),
  };
  return { Login, Logout, GetCurrentUser };
}
