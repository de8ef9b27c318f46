// renkei.v1.AuthService: logging in and out on an approved device, with the second step (a TOTP
// code or recovery code) and the authenticator's setup when a second factor is due.
import type { BeginSecondFactorSetupResponse } from '@renkei/proto/generated/renkei/v1/BeginSecondFactorSetupResponse';
import type { ConfirmSecondFactorSetupResponse } from '@renkei/proto/generated/renkei/v1/ConfirmSecondFactorSetupResponse';
import type { LoginResponse } from '@renkei/proto/generated/renkei/v1/LoginResponse';
import type { User } from '@renkei/proto/generated/renkei/v1/User';
import { z } from 'zod';
import { idleLockMinutes } from '../../auth/idle-lock-policy';
import { login, logout, type LoggedIn, type LoginPolicy } from '../../auth/login';
import { beginSecondFactorSetup, confirmSecondFactorSetup, verifySecondFactor } from '../../auth/second-factor';
import type { SecondFactorKey } from '../../auth/second-factor-key';
import type { FailureLimit } from '../../access/failure-limit';
import type { Store } from '../../db/database';
import { toTimestamp, type Clock } from '../../time';
import { userProfile } from '../../users/users';
import type { ServiceMethod, UnaryMethod } from '../dispatcher';

const loginRequest = z.object({
  loginId: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});

const challengeToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
// Authenticator apps show "123 456": spaces are dropped before the six digits are checked.
const totpCode = z
  .string()
  .transform((code) => code.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/));

const verifyRequest = z
  .object({
    challengeToken,
    code: z
      .string()
      .transform((code) => code.replace(/\s/g, ''))
      .pipe(z.string().regex(/^(\d{6})?$/)),
    recoveryCode: z.string().trim().max(32),
  })
  .refine((r) => (r.code === '') !== (r.recoveryCode === ''), { message: 'exactly one of code and recoveryCode', path: ['code'] });
const beginSetupRequest = z.object({ challengeToken });
const confirmSetupRequest = z.object({ challengeToken, code: totpCode });

/** Every step that issues a session answers this: the token, its expiry, the user and when the app locks. */
async function loginResponse(store: Store, result: LoggedIn): Promise<LoginResponse> {
  return {
    sessionToken: result.token,
    expiresAt: toTimestamp(result.session.expires_at),
    user: await userProfile(store, result.user),
    idleLockMinutes: await idleLockMinutes(store, result.user.facility_id),
  };
}

export interface SecondFactorSettings {
  key: SecondFactorKey;
  /** Shown in authenticator apps above the code. */
  issuer: string;
}

export function authService(
  policy: LoginPolicy,
  sourceFailures: FailureLimit,
  clock: Clock,
  secondFactor: SecondFactorSettings,
): Record<string, ServiceMethod> {
  const context = (store: Store) => ({ store, key: secondFactor.key, issuer: secondFactor.issuer, policy, sourceFailures, clock });
  const Login: UnaryMethod<z.output<typeof loginRequest>, LoginResponse, 'approved-device'> = {
    access: 'approved-device',
    request: loginRequest,
    async handle(request, call) {
      const result = await login(call.store, { ...request, deviceId: call.device.id, address: call.peerAddress }, policy, sourceFailures, clock);
      if (result.secondFactor) {
        return {
          secondFactor: result.secondFactor === 'code' ? 'SECOND_FACTOR_STEP_CODE_REQUIRED' : 'SECOND_FACTOR_STEP_SETUP_REQUIRED',
          challengeToken: result.challengeToken,
          challengeExpiresAt: toTimestamp(result.challengeExpiresAt.toISOString()),
        };
      }
      return loginResponse(call.store, result);
    },
  };
  const VerifySecondFactor: UnaryMethod<z.output<typeof verifyRequest>, LoginResponse, 'approved-device'> = {
    access: 'approved-device',
    request: verifyRequest,
    async handle(request, call) {
      const caller = { deviceId: call.device.id, address: call.peerAddress };
      return loginResponse(call.store, await verifySecondFactor(context(call.store), request, caller));
    },
  };
  const BeginSecondFactorSetup: UnaryMethod<z.output<typeof beginSetupRequest>, BeginSecondFactorSetupResponse, 'approved-device'> = {
    access: 'approved-device',
    request: beginSetupRequest,
    handle: (request, call) => beginSecondFactorSetup(context(call.store), request, { deviceId: call.device.id, address: call.peerAddress }),
  };
  const ConfirmSecondFactorSetup: UnaryMethod<z.output<typeof confirmSetupRequest>, ConfirmSecondFactorSetupResponse, 'approved-device'> = {
    access: 'approved-device',
    request: confirmSetupRequest,
    async handle(request, call) {
      const result = await confirmSecondFactorSetup(context(call.store), request, { deviceId: call.device.id, address: call.peerAddress });
      return { login: await loginResponse(call.store, result.login), recoveryCodes: result.recoveryCodes };
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
  return { Login, VerifySecondFactor, BeginSecondFactorSetup, ConfirmSecondFactorSetup, Logout, GetCurrentUser };
}
