// Login on an approved PC. When the server cannot be reached the core unlocks the cache of a user
// who logged in here before, so the same form serves both; errors come from the core in words.
// Where the server asks for a second factor, the code step (or the authenticator's setup) follows
// the password here, before the session begins (SecondFactorSteps).
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { DeviceView, SessionView, UserFacingError } from '../../shared/desktop-api';
import { fieldProblem, toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { FormField } from '../components/FormField';
import { useLocale, useMessages } from '../i18n/locale-context';
import { SecondFactorSteps } from './SecondFactorSteps';

type Field = 'loginId' | 'password';

export function LoginScreen({
  device,
  sessionEnded = null,
  onLoggedIn,
}: {
  device: Exclude<DeviceView, { state: 'not-enrolled' }>;
  /** Why the last session ended by itself (the lock screen's wrong passwords), said until the next login. */
  sessionEnded?: UserFacingError | null;
  onLoggedIn(session: SessionView): void;
}) {
  const api = useDesktopApi();
  const t = useMessages();
  const { locale } = useLocale();
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  const [capsLock, setCapsLock] = useState(false);
  const [secondFactor, setSecondFactor] = useState<'code' | 'setup' | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const found: Partial<Record<Field, string>> = {};
    if (loginId.trim() === '') found.loginId = t('loginIdRequired');
    if (password === '') found.password = t('passwordRequired');
    setMissing(found);
    setError(null);
    if (found.loginId || found.password) {
      form.querySelector<HTMLInputElement>(`[name="${found.loginId ? 'loginId' : 'password'}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await api.login({ loginId: loginId.trim(), password });
      if ('secondFactor' in result) {
        setPassword('');
        setSecondFactor(result.secondFactor);
      } else onLoggedIn(result);
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      // A wrong password is retyped, not edited.
      setPassword('');
      form.querySelector<HTMLInputElement>('[name="password"]')?.focus();
    } finally {
      setBusy(false);
    }
  }

  const watchCapsLock = (event: KeyboardEvent<HTMLInputElement>) => setCapsLock(event.getModifierState('CapsLock'));

  if (secondFactor) return <SecondFactorSteps first={secondFactor} onLoggedIn={onLoggedIn} onBack={() => setSecondFactor(null)} />;

  return (
    <section className="panel panel--form" aria-labelledby="login-title">
      <h1 id="login-title">{t('loginTitle')}</h1>
      <p className="panel__intro">{t('loginDevice', { device: device.deviceName, facility: device.facilityName })}</p>
      {error === null ? <ErrorNotice error={sessionEnded} /> : null}
      <form onSubmit={submit} noValidate>
        <FormField
          label={t('loginIdLabel')}
          name="loginId"
          value={loginId}
          onChange={(e) => {
            setLoginId(e.currentTarget.value);
            setMissing((m) => ({ ...m, loginId: undefined }));
          }}
          autoComplete="username"
          spellCheck={false}
          autoFocus
          problem={missing.loginId ?? fieldProblem(error, 'loginId', locale)}
        />
        <FormField
          label={t('passwordLabel')}
          name="password"
          type="password"
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            setMissing((m) => ({ ...m, password: undefined }));
          }}
          onKeyDown={watchCapsLock}
          onKeyUp={watchCapsLock}
          autoComplete="current-password"
          hint={capsLock ? t('capsLockOn') : undefined}
          problem={missing.password ?? fieldProblem(error, 'password', locale)}
        />
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" aria-disabled={busy}>
            {busy ? t('loggingIn') : t('loginSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
