// First run: the PC registers itself with the one-time code the regional office issued. The code
// is checked for obvious slips here (length, impossible letters); everything else is the core's.
import { useState, type FormEvent } from 'react';
import type { AppStatus, UserFacingError } from '../../shared/desktop-api';
import { fieldProblem, toUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { FormField } from '../components/FormField';
import { ENROLLMENT_CODE_LENGTH, enrollmentCodeProblem, groupEnrollmentCode, readEnrollmentCodeInput } from '../format/enrollment-code-input';
import { useLocale, useMessages } from '../i18n/locale-context';
import type { Translate } from '../i18n/messages';

interface Draft {
  serverAddress: string;
  enrollmentCode: string;
  deviceName: string;
}

type DraftProblems = Partial<Record<keyof Draft, string>>;

function problemsOf(draft: Draft, t: Translate): DraftProblems {
  const problems: DraftProblems = {};
  if (draft.serverAddress.trim() === '') problems.serverAddress = t('serverAddressRequired');
  const code = enrollmentCodeProblem(draft.enrollmentCode);
  if (code?.kind === 'empty') problems.enrollmentCode = t('enrollmentCodeRequired');
  if (code?.kind === 'invalid-characters') problems.enrollmentCode = t('enrollmentCodeInvalidCharacters', { characters: code.characters.join(' ') });
  if (code?.kind === 'wrong-length') problems.enrollmentCode = t('enrollmentCodeWrongLength', { count: code.length, total: ENROLLMENT_CODE_LENGTH });
  if (draft.deviceName.trim() === '') problems.deviceName = t('deviceNameRequired');
  return problems;
}

export function EnrollmentScreen({ onStatus }: { onStatus(status: AppStatus): void }) {
  const api = useDesktopApi();
  const t = useMessages();
  const { locale } = useLocale();
  const [draft, setDraft] = useState<Draft>({ serverAddress: '', enrollmentCode: '', deviceName: '' });
  const [problems, setProblems] = useState<DraftProblems>({});
  const [error, setError] = useState<UserFacingError | null>(null);
  const [busy, setBusy] = useState(false);

  const codeLength = readEnrollmentCodeInput(draft.enrollmentCode).compact.length;
  const edit = (field: keyof Draft) => (event: { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    setDraft((d) => ({ ...d, [field]: value }));
    setProblems((p) => ({ ...p, [field]: undefined }));
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const found = problemsOf(draft, t);
    setProblems(found);
    setError(null);
    if (Object.values(found).some(Boolean)) {
      const first = (['serverAddress', 'enrollmentCode', 'deviceName'] as const).find((f) => found[f]);
      event.currentTarget.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      onStatus(
        await api.enroll({
          serverAddress: draft.serverAddress.trim(),
          enrollmentCode: groupEnrollmentCode(readEnrollmentCodeInput(draft.enrollmentCode).compact),
          deviceName: draft.deviceName.trim(),
        }),
      );
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel panel--form" aria-labelledby="enroll-title">
      <h1 id="enroll-title">{t('enrollTitle')}</h1>
      <p className="panel__intro">{t('enrollIntro')}</p>
      <form onSubmit={submit} noValidate>
        <FormField
          label={t('serverAddressLabel')}
          name="serverAddress"
          value={draft.serverAddress}
          onChange={edit('serverAddress')}
          placeholder={t('serverAddressHint')}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          problem={problems.serverAddress ?? fieldProblem(error, 'serverAddress', locale)}
        />
        <FormField
          label={t('enrollmentCodeLabel')}
          name="enrollmentCode"
          className="input--code"
          value={draft.enrollmentCode}
          onChange={edit('enrollmentCode')}
          onBlur={() => {
            // Shown grouped as printed, so it can be compared with the paper group by group.
            const { compact, invalidCharacters } = readEnrollmentCodeInput(draft.enrollmentCode);
            if (compact !== '' && invalidCharacters.length === 0) setDraft((d) => ({ ...d, enrollmentCode: groupEnrollmentCode(compact) }));
          }}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          hint={
            <>
              {t('enrollmentCodeHint')}
              <span className="form-field__count">{t('enrollmentCodeCount', { count: codeLength, total: ENROLLMENT_CODE_LENGTH })}</span>
            </>
          }
          problem={problems.enrollmentCode ?? fieldProblem(error, 'enrollmentCode', locale)}
        />
        <FormField
          label={t('deviceNameLabel')}
          name="deviceName"
          value={draft.deviceName}
          onChange={edit('deviceName')}
          autoComplete="off"
          hint={t('deviceNameHint')}
          problem={problems.deviceName ?? fieldProblem(error, 'deviceName', locale)}
        />
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" aria-disabled={busy}>
            {busy ? t('enrolling') : t('enrollSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
