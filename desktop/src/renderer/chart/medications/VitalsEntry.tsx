// The SOAP editor's vitals entry: the values a nurse or doctor measured at the visit, checked
// against the ranges the server applies (@renkei/proto/chart-rules) as they are typed, and shown
// as the line that goes into O (「BP 128/76 P 72 T 36.5 SpO2 97%」). Saving the note then records
// the values and the note in one call (NoteForm).
import { describeViolation } from '@renkei/proto/field-violations';
import { VITAL_SIGN_KEYS, vitalSignProblems, vitalSignsText, type VitalSignKey, type VitalSignValues } from '@renkei/proto/chart-rules';
import { useLocale, useMessages } from '../../i18n/locale-context';
import type { Translate } from '../../i18n/messages';
import './medications.css';

/** Each sign's name in the user's language. */
export function vitalSignLabel(t: Translate, key: VitalSignKey): string {
  const labels: Record<VitalSignKey, string> = {
    systolicMmhg: t('vitalSystolic'),
    diastolicMmhg: t('vitalDiastolic'),
    pulsePerMin: t('vitalPulse'),
    temperatureCelsius: t('vitalTemperature'),
    spo2Percent: t('vitalSpo2'),
    respirationPerMin: t('vitalRespiration'),
    weightKg: t('vitalWeight'),
    bloodGlucoseMgDl: t('vitalGlucose'),
  };
  return labels[key];
}

export type VitalsDraft = Partial<Record<VitalSignKey, string>>;

/** The typed values as numbers; empty fields are not measured. */
export function vitalsOf(draft: VitalsDraft): VitalSignValues {
  return Object.fromEntries(
    VITAL_SIGN_KEYS.filter((key) => (draft[key] ?? '').trim() !== '').map((key) => [
      key,
      Number((draft[key] ?? '').trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))),
    ]),
  );
}

export function hasVitals(draft: VitalsDraft): boolean {
  return VITAL_SIGN_KEYS.some((key) => (draft[key] ?? '').trim() !== '');
}

/** What is wrong with the typed values, in the user's language; empty when none is typed. */
export function useVitalsProblems(draft: VitalsDraft): string[] {
  const t = useMessages();
  const { locale } = useLocale();
  if (!hasVitals(draft)) return [];
  return vitalSignProblems(vitalsOf(draft)).map((problem) => {
    const { key, reason, ...parameters } = problem;
    const text = describeViolation(reason, Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v)])), locale);
    return key === null ? text : t('vitalsEntryProblem', { sign: vitalSignLabel(t, key), problem: text });
  });
}

export function VitalsEntry({ draft, onChange, idPrefix }: { draft: VitalsDraft; onChange(draft: VitalsDraft): void; idPrefix: string }) {
  const t = useMessages();
  const problems = useVitalsProblems(draft);
  const text = hasVitals(draft) && problems.length === 0 ? vitalSignsText(vitalsOf(draft)) : '';
  return (
    <fieldset className="vitals-entry">
      <legend>{t('vitalsEntryLegend')}</legend>
      <div className="vitals-entry__grid">
        {VITAL_SIGN_KEYS.map((key) => (
          <label key={key} htmlFor={`${idPrefix}-vital-${key}`}>
            {vitalSignLabel(t, key)}
            <input
              id={`${idPrefix}-vital-${key}`}
              inputMode="decimal"
              value={draft[key] ?? ''}
              onChange={(e) => onChange({ ...draft, [key]: e.currentTarget.value })}
            />
          </label>
        ))}
      </div>
      {text ? <p className="vitals-entry__preview">{t('vitalsEntryPreview', { text })}</p> : null}
      {problems.map((problem) => (
        <p key={problem} className="vitals-entry__problem" role="alert">
          {problem}
        </p>
      ))}
    </fieldset>
  );
}
