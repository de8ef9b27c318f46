// The signed-in user's account, for every role: the password change, with the region's rule shown
// and checked while typing by the same rule the server enforces (@renkei/proto/password-rule), a
// refusal said at its field with what was typed kept; and two-factor login by choice: 「設定する」 (a
// QR code and the key as text, confirmed by a first code, then the ten recovery codes shown once)
// and 「回復コードを再発行」 (after the password). Online only: offline, it says why.
// When the office asked for a new password, the app shows the password change alone
// (PasswordChangeRequiredScreen) and goes on once it is done.
import { checkNewPassword, describePasswordRule } from '@renkei/proto/password-rule';
import { describeViolation } from '@renkei/proto/field-violations';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AccountSecurityView, PasswordRule, SecondFactorSetupView, SessionView, UserFacingError } from '../../shared/desktop-api';
import { fieldProblem, toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { Dialog } from '../components/Dialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { FormField } from '../components/FormField';
import { formatInstant } from '../format/clock-time';
import { useLocale, useMessages } from '../i18n/locale-context';
import './second-factor.css';

/** The key in groups of four, as authenticator apps show and people read it aloud. */
const grouped = (key: string) => key.match(/.{1,4}/g)?.join(' ') ?? key;

export function AccountDialog({ session, online, onClose }: { session: SessionView; online: boolean; onClose(): void }) {
  const t = useMessages();
  const api = useDesktopApi();
  const usable = online && !session.offline;
  const [security, setSecurity] = useState<AccountSecurityView | null>(null);
  const [error, setError] = useState<UserFacingError | null>(null);
  const reload = useCallback(() => {
    if (!usable) return;
    api.getAccountSecurity().then(setSecurity, (thrown: unknown) => setError(toUserFacingError(thrown)));
  }, [api, usable]);
  useEffect(reload, [reload]);
  return (
    <Dialog title={t('accountTitle')} onClose={onClose} size="wide" testId="account-dialog">
      {!usable ? <p className="notice notice--warning">{t('accountOfflineNote')}</p> : null}
      <ErrorNotice error={error} />
      <PasswordChangeSection rule={security?.passwordRule ?? session.passwordRule} security={security} disabled={!usable} onChanged={reload} />
      <TwoFactorSection security={security} disabled={!usable} onChanged={reload} />
    </Dialog>
  );
}

/** After a login where the office asked for a new password: nothing else until it is changed. */
export function PasswordChangeRequiredScreen({ session, onChanged }: { session: SessionView; onChanged(): void }) {
  const t = useMessages();
  return (
    <section className="panel panel--form" aria-labelledby="password-required-title">
      <h1 id="password-required-title">{t('passwordRequiredTitle')}</h1>
      <p className="panel__intro">{t('passwordRequiredIntro')}</p>
      <PasswordChangeSection rule={session.passwordRule} security={null} disabled={session.offline} onChanged={onChanged} bare />
    </section>
  );
}

function PasswordChangeSection({
  rule,
  security,
  disabled,
  onChanged,
  bare = false,
}: {
  rule: PasswordRule | null;
  security: AccountSecurityView | null;
  disabled: boolean;
  onChanged(): void;
  bare?: boolean;
}) {
  const t = useMessages();
  const { locale } = useLocale();
  const api = useDesktopApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UserFacingError | null>(null);
  const [missing, setMissing] = useState<{ current?: string; again?: string }>({});
  const [done, setDone] = useState(false);

  // Checked while typing, by the rule the server enforces; the server's refusal wins once it answered.
  const typed = rule && next !== '' ? checkNewPassword(next, rule, { currentPassword: current === '' ? undefined : current }) : [];
  const live = typed.map((v) => describeViolation(v.reason, v.params, locale));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || disabled) return;
    const problems = {
      ...(current === '' && { current: t('currentPasswordRequired') }),
      ...(again !== next && { again: t('confirmPasswordMismatch') }),
    };
    setMissing(problems);
    if (Object.keys(problems).length > 0 || typed.length > 0 || next === '') return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
      onChanged();
    } catch (thrown) {
      // What was typed stays: the user fixes the field the server named.
      setError(toUserFacingError(thrown));
    } finally {
      setBusy(false);
    }
  }

  const currentProblem =
    missing.current ?? (error?.reason === 'CURRENT_PASSWORD_WRONG' ? error.message[locale] : fieldProblem(error, 'currentPassword', locale));
  const newProblem = fieldProblem(error, 'newPassword', locale);
  const otherError = error && !currentProblem && !newProblem ? error : null;
  const content = (
    <>
      {!bare ? <h2>{t('passwordSectionTitle')}</h2> : null}
      {security ? (
        <p className="muted">
          {security.passwordChangedAt
            ? t('passwordChangedAt', { at: formatInstant(security.passwordChangedAt, locale, { now: new Date() }) })
            : t('passwordChangedUnknown')}
        </p>
      ) : null}
      {rule ? (
        <p className="panel__note" data-testid="password-rule">
          {t('passwordRuleLabel')}: {describePasswordRule(rule, locale)}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate aria-label={t('passwordSectionTitle')}>
        <FormField
          label={t('currentPasswordLabel')}
          type="password"
          autoComplete="current-password"
          value={current}
          disabled={disabled}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          problem={currentProblem}
        />
        <FormField
          label={t('newPasswordLabel')}
          type="password"
          autoComplete="new-password"
          value={next}
          disabled={disabled}
          onChange={(e) => {
            setNext(e.currentTarget.value);
            setError(null);
          }}
          problem={newProblem ?? (live.length > 0 ? live.join(' ') : null)}
        />
        <FormField
          label={t('confirmPasswordLabel')}
          type="password"
          autoComplete="new-password"
          value={again}
          disabled={disabled}
          onChange={(e) => setAgain(e.currentTarget.value)}
          problem={missing.again ?? null}
        />
        <ErrorNotice error={otherError} />
        {done ? (
          <p className="notice notice--success" role="status">
            {t('passwordChanged')}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={disabled} aria-disabled={busy}>
            {busy ? t('passwordChanging') : t('passwordSubmit')}
          </button>
        </div>
      </form>
    </>
  );
  return bare ? content : <section className="account-section">{content}</section>;
}

type TwoFactorStep = { kind: 'idle' } | { kind: 'setup'; setup: SecondFactorSetupView } | { kind: 'regenerate' } | { kind: 'codes'; codes: string[] };

function TwoFactorSection({ security, disabled, onChanged }: { security: AccountSecurityView | null; disabled: boolean; onChanged(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const api = useDesktopApi();
  const [step, setStep] = useState<TwoFactorStep>({ kind: 'idle' });
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UserFacingError | null>(null);

  async function run(work: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    } finally {
      setBusy(false);
    }
  }

  const begin = () =>
    run(async () => {
      setAnswer('');
      setStep({ kind: 'setup', setup: await api.beginAuthenticatorSetup() });
    });
  const confirm = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const { recoveryCodes } = await api.confirmAuthenticatorSetup(answer.replace(/\s/g, ''));
      setAnswer('');
      setStep({ kind: 'codes', codes: recoveryCodes });
    }).finally(() => setAnswer(''));
  };
  const regenerate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const { recoveryCodes } = await api.regenerateRecoveryCodes(answer);
      setAnswer('');
      setStep({ kind: 'codes', codes: recoveryCodes });
    });
  };
  const finish = () => {
    setStep({ kind: 'idle' });
    setError(null);
    onChanged();
  };

  return (
    <section className="account-section second-factor">
      <h2>{t('twoFactorSectionTitle')}</h2>
      {security ? (
        <>
          <p data-testid="two-factor-state">{security.secondFactorEnabled ? t('twoFactorOn') : t('twoFactorOff')}</p>
          {security.secondFactorRequired ? <p className="muted">{t('twoFactorRequiredNote')}</p> : null}
          {security.secondFactorEnabled ? <p className="muted">{t('recoveryCodesRemaining', { count: security.recoveryCodesRemaining })}</p> : null}
        </>
      ) : null}
      {step.kind === 'idle' ? (
        <>
          <ErrorNotice error={error} />
          <div className="form-actions">
            <button type="button" className="button" disabled={disabled || security === null} onClick={() => void begin()}>
              {security?.secondFactorEnabled ? t('twoFactorReplace') : t('twoFactorSetUp')}
            </button>
            {security?.secondFactorEnabled ? (
              <button
                type="button"
                className="button"
                disabled={disabled}
                onClick={() => {
                  setAnswer('');
                  setStep({ kind: 'regenerate' });
                }}
              >
                {t('regenerateCodes')}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
      {step.kind === 'setup' ? (
        <>
          <p className="panel__intro">{t('voluntarySetupIntro')}</p>
          <div className="second-factor__setup">
            <img className="second-factor__qr" src={step.setup.qrCodeDataUrl} alt={t('setupQrAlt')} width={192} height={192} />
            <div>
              <p className="panel__note">{t('setupSecretIntro')}</p>
              <p>
                {t('setupSecretLabel')}:{' '}
                <code className="second-factor__secret" data-testid="second-factor-secret">
                  {grouped(step.setup.secretBase32)}
                </code>
              </p>
            </div>
          </div>
          <p className="panel__intro">{t('setupCodeIntro')}</p>
          <form onSubmit={confirm} noValidate>
            <FormField
              label={t('codeLabel')}
              name="code"
              value={answer}
              onChange={(e) => setAnswer(e.currentTarget.value)}
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={7}
              spellCheck={false}
              autoFocus
              problem={fieldProblem(error, 'code', locale)}
            />
            <ErrorNotice error={fieldProblem(error, 'code', locale) ? null : error} />
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setStep({ kind: 'idle' })}>
                {t('cancel')}
              </button>
              <button type="submit" className="button button--primary" aria-disabled={busy}>
                {busy ? t('codeChecking') : t('setupSubmit')}
              </button>
            </div>
          </form>
        </>
      ) : null}
      {step.kind === 'regenerate' ? (
        <form onSubmit={regenerate} noValidate>
          <p className="panel__intro">{t('regenerateIntro')}</p>
          <FormField
            label={t('regeneratePasswordLabel')}
            type="password"
            autoComplete="current-password"
            value={answer}
            onChange={(e) => setAnswer(e.currentTarget.value)}
            autoFocus
            problem={error?.reason === 'CURRENT_PASSWORD_WRONG' ? error.message[locale] : null}
          />
          <ErrorNotice error={error?.reason === 'CURRENT_PASSWORD_WRONG' ? null : error} />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setStep({ kind: 'idle' })}>
              {t('cancel')}
            </button>
            <button type="submit" className="button button--primary" aria-disabled={busy}>
              {t('regenerateSubmit')}
            </button>
          </div>
        </form>
      ) : null}
      {step.kind === 'codes' ? (
        <>
          <h3>{t('recoveryCodesTitle')}</h3>
          <p className="panel__intro">{t('recoveryCodesIntro')}</p>
          <p className="second-factor__once">{t('recoveryCodesOnce')}</p>
          <ol className="recovery-codes" aria-label={t('recoveryCodesListLabel', { count: step.codes.length })}>
            {step.codes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ol>
          <div className="form-actions">
            <button type="button" className="button button--primary" onClick={finish}>
              {t('recoveryCodesSaved')}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
