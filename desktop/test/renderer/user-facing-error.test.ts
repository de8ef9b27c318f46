import { afterEach, describe, expect, it, vi } from 'vitest';
import { isUserFacingError } from '../../src/shared/desktop-api-error';
import { fieldProblem, toUserFacingError } from '../../src/renderer/api/user-facing-error';
import type { UserFacingError } from '../../src/shared/desktop-api';
import { DesktopApiError } from '../../src/shared/desktop-api-error';

const loginFailed: UserFacingError = {
  reason: 'INVALID_REQUEST',
  message: { ja: '入力内容に誤りがあります', en: 'Some input is not valid' },
  fields: [{ field: 'login_id', reason: 'REQUIRED', message: { ja: '入力してください。', en: 'Enter a value.' } }],
};

afterEach(() => vi.restoreAllMocks());

describe('errors the screens show', () => {
  it('shows the UserFacingError the core failed with', () => {
    expect(toUserFacingError(new DesktopApiError(loginFailed))).toBe(loginFailed);
    expect(isUserFacingError(loginFailed)).toBe(true);
    expect(toUserFacingError(loginFailed)).toBe(loginFailed);
  });

  it('turns anything else into words for the user, not a stack trace', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = toUserFacingError(new TypeError('x is undefined'));
    expect(error.reason).toBe('UNEXPECTED');
    expect(error.message.ja).toMatch(/事務局に連絡/);
    expect(isUserFacingError({ reason: 'X', message: 'text' })).toBe(false);
    expect(isUserFacingError({ reason: 'X', message: { ja: 'a', en: 'b' }, fields: [{ field: 1 }] })).toBe(false);
  });

  it("finds the problem of a form field whether the server wrote login_id or loginId, in the user's language", () => {
    expect(fieldProblem(loginFailed, 'loginId', 'ja')).toBe('入力してください。');
    expect(fieldProblem(loginFailed, 'loginId', 'en')).toBe('Enter a value.');
    expect(fieldProblem(loginFailed, 'password', 'ja')).toBeNull();
    expect(fieldProblem(null, 'loginId', 'ja')).toBeNull();
  });
});
