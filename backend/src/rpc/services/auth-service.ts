// renkei.v1.AuthService: logging in and out on an approved device.
import type { LoginResponse } from '@renkei/proto/generated/renkei/v1/LoginResponse';
import type { User } from '@renkei/proto/generated/renkei/v1/User';
import { z } from 'zod';
import { login, logout, type LoginPolicy } from '../../auth/login';
import type { FailureLimit } from '../../access/failure-limit';
import { toTimestamp, type Clock } from '../../time';
import { userProfile } from '../../users/users';
import type { ServiceMethod, UnaryMethod } from '../dispatcher';

const loginRequest = z.object({
  loginId: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});

export function authService(policy: LoginPolicy, sourceFailures: FailureLimit, clock: Clock): Record<string, ServiceMethod> {
  const Login: UnaryMethod<z.output<typeof loginRequest>, LoginResponse, 'approved-device'> = {
    access: 'approved-device',
    request: loginRequest,
    async handle(request, call) {
      const result = await login(call.store, { ...request, deviceId: call.device.id, address: call.peerAddress }, policy, sourceFailures, clock);
      return { sessionToken: result.token, expiresAt: toTimestamp(result.session.expires_at), user: await userProfile(call.store, result.user) };
    },
  };
  const Logout: UnaryMethod<unknown, object, 'user'> = {
    access: 'user',
    async handle(_request, call) {
      await logout(call, call.session);
      return {};
    },
  };
  const GetCurrentUser: UnaryMethod<unknown, User, 'user'> = {
    access: 'user',
    handle: (_request, call) => userProfile(call.store, call.user),
  };
  return { Login, Logout, GetCurrentUser };
}
