// The lock screen (issue 13): everything else is unmounted while the core is locked, so the page —
// and the window's thumbnail in the taskbar — holds no patient data: only who is locked out (name
// and office), 「ロック中」 and since when. The password field has the focus and Enter unlocks;
// the core checks the password on this PC and counts wrong ones (the fifth logs the user out, and
// the login screen says why). 「別のユーザーでログイン」 logs the locked user out for the next staff
// member, first saying that their unsent posts wait for their next login.
import { useRef, useState, type FormEvent } from 'react';
import type { SessionView, UserFacingError } from '../../shared/desktop-api';
import type { ScreenLockView } from '../../shared/screen-lock-views';
import { toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { Dialog } from '../components/Dialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { FormField } from '../components/FormField';
import { formatInstant } from '../format/clock-time';
import { writtenName } from '../format/person-name';
import { professionLabel } from '../format/record-labels';
import { useLocale, useMessages } from '../i18n/locale-context';
import './lock-screen.css';

interface LockScreenProps {
  session: SessionView;
  locked: ScreenLockView;
  /** The session changed (unlocked, or ended): the status is read again. */
  onChanged(): void;
}

export function LockScreen({ session, locked, onChanged }: LockScreenProps) {
  const api = useDesktopApi();
  const t = useMessages();
  const { locale } = useLocale();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmSwitch, setConfirmSwitch] = useState(false);
  const field = useRef<HTMLFormElement>(null);
  const name = writtenName(session.user.name);

  async function unlock(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.unlockScreen(password);
      onChanged();
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      setPassword('');
      field.current?.querySelector<HTMLInputElement>('[name="unlock-password"]')?.focus();
      onChanged();
    } finally {
      setBusy(false);
    }
  }

  const switchUser = () => {
    setConfirmSwitch(false);
    void api.switchUser().finally(onChanged);
  };

  return (
    <section className="panel panel--form lock-screen" aria-labelledby="lock-title">
      <h1 id="lock-title">{t('lockTitle')}</h1>
      <p className="lock-screen__who">
        <span className="lock-screen__name">{name}</span>
        <span className="muted">{professionLabel(session.user.profession, locale)}</span>
      </p>
      <p className="lock-screen__office">{session.user.facilityName}</p>
      <p className="muted">{t('lockedSince', { time: formatInstant(locked.lockedAt, locale, { now: new Date() }) })}</p>
      <p className="panel__intro">{t('lockIntro')}</p>
      <form ref={field} onSubmit={unlock} noValidate>
        <FormField
          label={t('unlockPasswordLabel', { name })}
          name="unlock-password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="current-password"
          autoFocus
        />
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button
            type="button"
            className="button"
            onClick={() => (locked.unsentPosts > 0 ? setConfirmSwitch(true) : switchUser())}
            aria-haspopup={locked.unsentPosts > 0 ? 'dialog' : undefined}
          >
            {t('switchUser')}
          </button>
          <button type="submit" className="button button--primary" aria-disabled={busy}>
            {busy ? t('unlocking') : t('unlockSubmit')}
          </button>
        </div>
      </form>
      {confirmSwitch ? (
        <Dialog
          title={t('switchUserTitle')}
          onClose={() => setConfirmSwitch(false)}
          actions={
            <>
              <button type="button" className="button" onClick={() => setConfirmSwitch(false)}>
                {t('cancel')}
              </button>
              <button type="button" className="button button--primary" onClick={switchUser}>
                {t('switchUserConfirm')}
              </button>
            </>
          }
        >
          <p>{t('switchUserUnsent', { name, count: locked.unsentPosts })}</p>
          <p>{t('switchUserBody', { name })}</p>
        </Dialog>
      ) : null}
    </section>
  );
}
