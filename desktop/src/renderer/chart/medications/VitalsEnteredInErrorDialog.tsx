// Withdrawing vital signs as entered in error (入力誤り): 158 typed for 128, another patient's
// weight. Like a note's, the observation is not deleted: it stays in the 記録一覧, struck, with who
// marked it, when and why, and leaves the trend. The dialog names the observation (its time and
// values) so the right one is withdrawn; values written with a progress note are said to stay in
// that note's O, which its writer withdraws by the notes' own rule.
import { vitalSignsText } from '@renkei/proto/chart-rules';
import type { VitalSignsView } from '../../../shared/desktop-api';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { EnteredInErrorDialog } from '../shared/EnteredInErrorDialog';
import { useMarkVitalSignsEnteredInError } from './vital-signs-queries';

export function VitalsEnteredInErrorDialog({ observation, onClose, onDone }: { observation: VitalSignsView; onClose(): void; onDone(): void }) {
  const { patientId, era } = useChart();
  const mark = useMarkVitalSignsEnteredInError();
  const t = useMessages();
  const { locale } = useLocale();
  const observed = formatDateTime(observation.observedAt, locale, era);
  return (
    <EnteredInErrorDialog
      title={t('vitalsEnteredInErrorTitle')}
      intro={t('vitalsEnteredInErrorIntro')}
      quoted={
        <>
          <p className="quoted-note vitals-quoted">{t('vitalsObservationQuote', { time: observed, text: vitalSignsText(observation.values) })}</p>
          {observation.noteId !== '' ? <p className="vitals-with-note">{t('vitalsWithNote', { time: observed })}</p> : null}
        </>
      }
      reasonHint={t('vitalsEnteredInErrorReasonHint')}
      confirmLabel={t('vitalsEnteredInErrorConfirm')}
      reasonId="vitals-entered-in-error-reason"
      testId="vitals-entered-in-error"
      mark={(reason) => mark.mutateAsync({ patientId, vitalSignsId: observation.id, reason })}
      onClose={onClose}
      onDone={onDone}
    />
  );
}
