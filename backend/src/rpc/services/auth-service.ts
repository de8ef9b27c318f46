// renkei.v1.AuthService: logging in and out on an approved device, with the second step (a TOTP
// code or recovery code) and the authenticator's setup when a second factor is due.
import type { BeginSecondFactorSetupResponse } from '@renkei/proto/generated/renkei/v1/BeginSecondFactorSetupResponse';
import type { ConfirmSecondFactorSetupResponse } from '@renkei/proto/generated/renkei/v1/ConfirmSecondFactorSetupResponse';
import type { LoginResponse } from '@renkei/proto/generated/renkei/v1/LoginResponse';
import type { User } from '@renkei/proto/generated/renkei/v1/User';
import type { AccountSecurity } from '@renkei/proto/generated/renkei/v1/AccountSecurity';
import type { ChangePasswordResponse } from '@renkei/proto/generated/renkei/v1/ChangePasswordResponse';
import type { ConfirmAuthenticatorSetupResponse } from '@renkei/proto/generated/renkei/v1/ConfirmAuthenticatorSetupResponse';
import type { RegenerateRecoveryCodesResponse } from '@renkei/proto/generated/renkei/v1/RegenerateRecoveryCodesResponse';
import { PASSWORD_MAX_LENGTH } from '@renkei/proto/password-rule';
import { z } from 'zod';
import { idleLockMinutes } from '../../auth/idle-lock-policy';
import { login, logout, type LoggedIn, type LoginPolicy } from '../../auth/login';
import { accountSecurity, changePassword } from '../../auth/account';
import { passwordRuleOf } from '../../auth/password-policy';
import {
  beginAuthenticatorSetup,
  beginSecondFactorSetup,
  confirmAuthenticatorSetup,
  confirmSecondFactorSetup,
  regenerateRecoveryCodes,
  verifySecondFactor,
} from '../../auth/second-factor';
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

// Passwords are checked against the rule by the handler (password-policy.ts); the bound here only
// keeps a request from asking argon2 for unbounded work.
const password = z.string().max(PASSWORD_MAX_LENGTH);
const changePasswordRequest = z.object({ currentPassword: password.min(1), newPassword: password });
const confirmAuthenticatorRequest = z.object({ code: totpCode });
const regenerateRequest = z.object({ currentPassword: password.min(1) });

/** Every step that issues a session answers this: the token, its expiry, the user, when the app locks and what a new password must be. */
async function loginResponse(store: Store, result: LoggedIn): Promise<LoginResponse> {
  // Read again: the step that opened the session may have changed what applies (an authenticator now in force).
  const user = await store.db.selectFrom('users').selectAll().where('id', '=', result.user.id).executeTakeFirstOrThrow();
  return {
    sessionToken: result.token,
    expiresAt: toTimestamp(result.session.expires_at),
    user: await userProfile(store, user),
    idleLockMinutes: await idleLockMinutes(store, user.facility_id),
    passwordChangeRequired: user.password_change_required === 1,
    passwordRule: await passwordRuleOf(store, user.id),
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
  const GetAccountSecurity: UnaryMethod<unknown, AccountSecurity, 'user'> = {
    access: 'user',
    async handle(_request, call) {
      const view = await accountSecurity(call.store, { user: call.user, session: call.session }, call.now);
      return {
        passwordRule: view.passwordRule,
        ...(view.passwordChangedAt && { passwordChangedAt: toTimestamp(view.passwordChangedAt) }),
        passwordChangeRequired: view.passwordChangeRequired,
        secondFactorEnabled: view.secondFactorEnabled,
        secondFactorRequired: view.secondFactorRequired,
        recoveryCodesRemaining: view.recoveryCodesRemaining,
        idleLockMinutes: await idleLockMinutes(call.store, call.user.facility_id),
        sessionExpiresAt: toTimestamp(view.sessionExpiresAt),
      };
    },
  };
  const ChangePassword: UnaryMethod<z.output<typeof changePasswordRequest>, ChangePasswordResponse, 'user'> = {
    access: 'user',
    request: changePasswordRequest,
    async handle(request, call) {
      const changedAt = await changePassword(
        { store: call.store, policy, sourceFailures, clock },
        { user: call.user, session: call.session, deviceId: call.device.id, address: call.peerAddress },
        request,
      );
      return { passwordChangedAt: toTimestamp(changedAt.toISOString()) };
    },
  };
  const BeginAuthenticatorSetup: UnaryMethod<unknown, BeginSecondFactorSetupResponse, 'user'> = {
    access: 'user',
    handle: (_request, call) => beginAuthenticatorSetup(context(call.store), call.user, { deviceId: call.device.id, address: call.peerAddress }),
  };
  const ConfirmAuthenticatorSetup: UnaryMethod<z.output<typeof confirmAuthenticatorRequest>, ConfirmAuthenticatorSetupResponse, 'user'> = {
    access: 'user',
    request: confirmAuthenticatorRequest,
    handle: (request, call) => confirmAuthenticatorSetup(context(call.store), call.user, request.code, { deviceId: call.device.id, address: call.peerAddress }),
  };
  const RegenerateRecoveryCodes: UnaryMethod<z.output<typeof regenerateRequest>, RegenerateRecoveryCodesResponse, 'user'> = {
    access: 'user',
    request: regenerateRequest,
    handle: (request, call) =>
      regenerateRecoveryCodes(context(call.store), call.user, request.currentPassword, { deviceId: call.device.id, address: call.peerAddress }),
  };
  return {
    Login,
    VerifySecondFactor,
    BeginSecondFactorSetup,
    ConfirmSecondFactorSetup,
    Logout,
    GetCurrentUser,
    GetAccountSecurity,
    ChangePassword,
    BeginAuthenticatorSetup,
    ConfirmAuthenticatorSetup,
    RegenerateRecoveryCodes,
  };
}
