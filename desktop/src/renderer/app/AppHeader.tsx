// The window's top line: where we are (facility), who is logged in, the language, this PC's
// settings (the watched folder), their account (アカウント: password, two-factor login), 画面をロック,
// and logout.
import { useState } from 'react';
import type { AppStatus } from '../../shared/desktop-api';
import { PcSettingsDialog } from '../chart/watched-folder/WatchedFolderSettings';
import { NotificationSettingsSection } from '../timeline/NotificationSettingsSection';
import { writtenName } from '../format/person-name';
import { professionLabel } from '../format/record-labels';
import { useLocale, useMessages } from '../i18n/locale-context';
import { LOCALE_NAMES } from '../i18n/messages';
import { AccountDialog } from '../screens/AccountScreen';

export function AppHeader({ status, onLogout, onLock }: { status: AppStatus | null; onLogout(): void; onLock(): void }) {
  const t = useMessages();
  const { locale, setLocale } = useLocale();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [accountOpen, setAccountOpen] = useState(false);
  const session = status?.session ?? null;
  // The lock screen offers its own ways out (unlock, another user); nothing here acts behind it.
  const unlocked = session !== null && session.locked === null;
  const facility = session?.user.facilityName ?? (status !== null && status.device.state !== 'not-enrolled' ? status.device.facilityName : null);
  return (
    <header className="app-header">
      <div className="app-header__brand">{t('appName')}</div>
      {facility !== null ? <div className="app-header__facility">{facility}</div> : null}
      <div className="app-header__spacer" />
      {session !== null ? (
        <div className="app-header__user">
          <span className="app-header__user-name">{writtenName(session.user.name)}</span>
          <span className="muted">{professionLabel(session.user.profession, locale)}</span>
        </div>
      ) : null}
      <div className="language-switch" role="group" aria-label={t('languageLabel')}>
        {(['ja', 'en'] as const).map((option) => (
          <button
            key={option}
            type="button"
            lang={option}
            className="language-switch__option"
            aria-pressed={locale === option}
            onClick={() => setLocale(option)}
          >
            {LOCALE_NAMES[option]}
          </button>
        ))}
      </div>
      {unlocked ? (
        <button type="button" className="button button--small" onClick={onLock} title={t('lockScreenShortcut')} aria-keyshortcuts="Control+L">
          {t('lockScreen')}
        </button>
      ) : null}
      {unlocked && !session.passwordChangeRequired ? (
        <button type="button" className="button button--small" onClick={() => setAccountOpen(true)} aria-haspopup="dialog">
          {t('accountButton')}
        </button>
      ) : null}
      {unlocked && !session.passwordChangeRequired ? (
        <button type="button" className="button button--small" onClick={() => setSettingsOpen(true)} aria-haspopup="dialog">
          {t('pcSettings')}
        </button>
      ) : null}
      {unlocked ? (
        <button type="button" className="button button--small" onClick={onLogout}>
          {t('logout')}
        </button>
      ) : null}
      {accountOpen && unlocked && status !== null ? <AccountDialog session={session} online={status.online} onClose={() => setAccountOpen(false)} /> : null}
      {settingsOpen && unlocked ? (
        <PcSettingsDialog onClose={() => setSettingsOpen(false)}>
          <NotificationSettingsSection />
        </PcSettingsDialog>
      ) : null}
    </header>
  );
}
