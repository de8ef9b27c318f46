// What a renderer may send into the core, over IPC or the bridge (core/renderer-boundary.ts).
import { describe, expect, it } from 'vitest';
import { asUserFacingError, checkArguments, isDesktopApiMethod } from '../../src/core/renderer-boundary';
import { DESKTOP_API_METHODS } from '../../src/shared/desktop-api';
import { DesktopApiError } from '../../src/shared/desktop-api-error';

describe('renderer boundary', () => {
  it('knows exactly the API methods', () => {
    for (const method of DESKTOP_API_METHODS) expect(isDesktopApiMethod(method)).toBe(true);
    for (const other of ['onEvent', 'constructor', '__proto__', 'stop', 'forgetEverything', '']) expect(isDesktopApiMethod(other), other).toBe(false);
  });

  it('accepts arguments of the declared shape only', () => {
    expect(checkArguments('login', { args: [{ loginId: 'dr.kuroki', password: 'x' }] })).toEqual({ ok: true, args: [{ loginId: 'dr.kuroki', password: 'x' }] });
    expect(checkArguments('login', { args: [{ loginId: 'dr.kuroki', password: 'x', admin: true }] }).ok).toBe(false);
    expect(checkArguments('login', { args: [] }).ok).toBe(false);
    expect(checkArguments('getStatus', { args: ['extra'] }).ok).toBe(false);
    expect(checkArguments('searchPatients', { args: ['x'.repeat(5000)] }).ok).toBe(false);
    expect(checkArguments('getPatientOverview', { args: [42] }).ok).toBe(false);
    expect(checkArguments('getStatus', null).ok).toBe(false);
  });

  it('lets through only the fields of a UserFacingError', () => {
    const detail = { reason: 'LOGIN_FAILED', message: { ja: 'あ', en: 'a' }, fields: [{ field: 'password', description: 'd', secret: 'x' }] };
    expect(asUserFacingError(new DesktopApiError({ ...detail, stack: 'at /home/x.ts' } as never))).toEqual({
      reason: 'LOGIN_FAILED',
      message: { ja: 'あ', en: 'a' },
      fields: [{ field: 'password', description: 'd' }],
    });
    expect(asUserFacingError(new Error('/home/user/secret path'))).toBeNull();
  });
});
