// The steps of a login after the password, when the server asks for a second factor: the
// authenticator's six digits (or, for a lost phone, a recovery code); or, for a user whose office
// requires two-factor login and who has no authenticator yet, its setup (a QR code and the same key
// as text, confirmed by a first code) and then the ten recovery codes, shown this once, until the
// user says they saved them. The session begins only then. Back leads to the password.
import { useEffect, useState, type FormEvent } from 'react';
import type { SecondFactorSetupView, SessionView, UserFacingError } from '../../shared/desktop-api';
import { fieldProblem, toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { FormField } from '../components/FormField';
import { useLocale, useMessages } from '../i18n/locale-context';
import './second-factor.css';

export type SecondFactorStep = 'code' | 'recovery' | 'setup';

/** The key in groups of four, as authenticator apps show and people read it aloud. */
const grouped = (key: string) => key.match(/.{1,4}/g)?.join(' ') ?? key;

export function SecondFactorSteps({ first, onLoggedIn, onBack }: { first: 'code' | 'setup'; onLoggedIn(session: SessionView): void; onBack(): void }) {
  const api = useDesktopApi();
  const t = useMessages();
  const { locale } = useLocale();
  const [step, setStep] = useState<SecondFactorStep>(first);
  const [answer, setAnswer] = useState('');
  const [missing, setMissing] = useState<string | undefined>();
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);
  const [setup, setSetup] = useState<SecondFactorSetupView | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  useEffect(() => {
    if (first !== 'setup') return;
    let current = true;
    api.beginSecondFactorSetup().then(
      (view) => current && setSetup(view),
      (thrown) => current && setError(toUserFacingError(thrown)),
    );
    return () => {
      current = false;
    };
  }, [api, first]);

  function switchTo(next: SecondFactorStep) {
    setStep(next);
    setAnswer('');
    setMissing(undefined);
    setError(null);
  }

  async function back() {
    await api.cancelSecondFactor();
    onBack();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const value = answer.trim();
    const input = event.currentTarget.querySelector<HTMLInputElement>('input[name="answer"]');
    if (step === 'recovery' ? value === '' : !/^\d{6}$/.test(value.replace(/\s/g, ''))) {
      setMissing(step === 'recovery' ? t('recoveryCodeRequired') : t('codeRequired'));
      input?.focus();
      return;
    }
    setMissing(undefined);
    setError(null);
    setBusy(true);
    try {
      if (step === 'setup') setRecoveryCodes((await api.confirmSecondFactorSetup(value)).recoveryCodes);
      else onLoggedIn(await api.verifySecondFactor(step === 'recovery' ? { recoveryCode: value } : { code: value }));
    } catch (thrown) {
      setError(toUserFacingError(thrown));
      setAnswer('');
      input?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function saved() {
    setBusy(true);
    try {
      onLoggedIn(await api.finishSecondFactorSetup());
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    } finally {
      setBusy(false);
    }
  }

  if (recoveryCodes) {
    return (
      <section className="panel panel--form second-factor" aria-labelledby="second-factor-title">
        <h1 id="second-factor-title">{t('recoveryCodesTitle')}</h1>
        <p className="panel__intro">{t('recoveryCodesIntro')}</p>
        <p className="second-factor__once">{t('recoveryCodesOnce')}</p>
        <ol className="recovery-codes" aria-label={t('recoveryCodesListLabel', { count: recoveryCodes.length })}>
          {recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="button" className="button button--primary" aria-disabled={busy} onClick={() => void saved()}>
            {t('recoveryCodesSaved')}
          </button>
        </div>
      </section>
    );
  }

  const title = step === 'setup' ? t('setupTitle') : step === 'recovery' ? t('recoveryStepTitle') : t('codeStepTitle');
  const isCode = step !== 'recovery';
  return (
    <section className="panel panel--form second-factor" aria-labelledby="second-factor-title">
      <h1 id="second-factor-title">{title}</h1>
      {step === 'setup' ? (
        <>
          <p className="panel__intro">{t('setupIntro')}</p>
          {setup ? (
            <div className="second-factor__setup">
              <img className="second-factor__qr" src={setup.qrCodeDataUrl} alt={t('setupQrAlt')} width={192} height={192} />
              <div>
                <p className="panel__note">{t('setupSecretIntro')}</p>
                <p>
                  {t('setupSecretLabel')}:{' '}
                  <code className="second-factor__secret" data-testid="second-factor-secret">
                    {grouped(setup.secretBase32)}
                  </code>
                </p>
              </div>
            </div>
          ) : error ? null : (
            <p className="panel__note">{t('setupLoading')}</p>
          )}
          <p className="panel__intro">{t('setupCodeIntro')}</p>
        </>
      ) : (
        <p className="panel__intro">{step === 'recovery' ? t('recoveryStepIntro') : t('codeStepIntro')}</p>
      )}
      <form onSubmit={submit} noValidate>
        <FormField
          label={isCode ? t('codeLabel') : t('recoveryCodeLabel')}
          name="answer"
          value={answer}
          onChange={(e) => {
            setAnswer(e.currentTarget.value);
            setMissing(undefined);
          }}
          autoComplete="one-time-code"
          inputMode={isCode ? 'numeric' : 'text'}
          maxLength={isCode ? 7 : 32}
          spellCheck={false}
          autoFocus
          problem={missing ?? fieldProblem(error, isCode ? 'code' : 'recoveryCode', locale)}
        />
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" aria-disabled={busy || (step === 'setup' && !setup)}>
            {busy ? t('codeChecking') : step === 'setup' ? t('setupSubmit') : t('codeSubmit')}
          </button>
        </div>
      </form>
      <div className="second-factor__links">
        {step === 'code' ? (
          <button type="button" className="button button--quiet" onClick={() => switchTo('recovery')}>
            {t('useRecoveryCode')}
          </button>
        ) : null}
        {step === 'recovery' ? (
          <button type="button" className="button button--quiet" onClick={() => switchTo('code')}>
            {t('useAuthenticatorCode')}
          </button>
        ) : null}
        <button type="button" className="button button--quiet" onClick={() => void back()}>
          {t('backToPassword')}
        </button>
      </div>
    </section>
  );
}
