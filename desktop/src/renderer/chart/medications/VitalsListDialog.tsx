// バイタルの記録一覧: each observation of the last 90 days with its time, values and who recorded
// it, those marked 入力誤り too, struck with who marked them, when and why (the trend leaves them
// out; the list keeps them, so nobody wonders where a value went). The recorder, while their role
// writes VITAL_SIGNS, marks their own observation here. Read from the server: the PC's cache keeps
// only the overview's 30 days in force.
import { vitalSignsText } from '@renkei/proto/chart-rules';
import { useState } from 'react';
import type { VitalSignsView } from '../../../shared/desktop-api';
import { useUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { enteredInErrorLine } from '../shared/entered-in-error-line';
import { VitalsEnteredInErrorDialog } from './VitalsEnteredInErrorDialog';
import { useVitalSignsList } from './vital-signs-queries';

export function VitalsListDialog({ mayMark, onClose, onShowNote }: { mayMark: boolean; onClose(): void; onShowNote(noteId: string): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const { patientId, era, user, notify } = useChart();
  const list = useVitalSignsList(patientId);
  const error = useUserFacingError(list.error);
  const [marking, setMarking] = useState<VitalSignsView | null>(null);
  const observations = list.data ?? [];
  return (
    <Dialog title={t('vitalsListTitle')} onClose={onClose} size="wide" testId="vitals-list">
      <p className="dialog__intro">{t('vitalsListIntro')}</p>
      <ErrorNotice error={error} />
      {list.isPending ? <p className="muted">{t('loading')}</p> : null}
      {list.isSuccess && observations.length === 0 ? <p className="muted">{t('noVitalsListed')}</p> : null}
      {observations.length > 0 ? (
        <table className="medications vitals-list">
          <thead>
            <tr>
              <th scope="col">{t('vitalsObservedAt')}</th>
              <th scope="col">{t('vitalsValues')}</th>
              <th scope="col">{t('vitalsRecordedBy')}</th>
              {mayMark ? <th scope="col">{t('medicationActions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {observations.map((o) => {
              const observed = formatDateTime(o.observedAt, locale, era);
              const inError = Boolean(o.enteredInError);
              const mine = o.recordedBy.userId === user.id;
              return (
                <tr key={o.id} className={inError ? 'vitals-list__entered-in-error' : undefined} data-vitals-id={o.id}>
                  <th scope="row" className="nowrap">
                    {inError ? <del>{observed}</del> : observed}
                  </th>
                  <td>
                    {inError ? (
                      <del className="vitals-list__values">{vitalSignsText(o.values)}</del>
                    ) : (
                      <span className="vitals-list__values">{vitalSignsText(o.values)}</span>
                    )}
                    {inError ? (
                      <p className="vitals-list__error-reason">
                        <strong>{enteredInErrorLine(t, locale, o.enteredInError!, { era, short: true })}</strong>{' '}
                        {t('reasonLine', { reason: o.enteredInError!.reason })}
                      </p>
                    ) : null}
                    {inError && o.noteId !== '' ? (
                      <p className="vitals-list__note muted">
                        {t('vitalsNoteUnchanged')}{' '}
                        <button type="button" className="button button--small button--quiet" onClick={() => onShowNote(o.noteId)}>
                          {t('vitalsOpenNotes')}
                        </button>
                      </p>
                    ) : o.noteId !== '' ? (
                      <span className="vitals-list__note muted">{t('vitalsWrittenWithNote')}</span>
                    ) : null}
                  </td>
                  <td>
                    <AuthorLine author={o.recordedBy} you={mine} />
                  </td>
                  {mayMark ? (
                    <td>
                      {mine && !inError ? (
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t('vitalsMarkEnteredInErrorLabel', { time: observed })}
                          onClick={() => setMarking(o)}
                        >
                          {t('markEnteredInError')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {marking !== null ? (
        <VitalsEnteredInErrorDialog
          observation={marking}
          onClose={() => setMarking(null)}
          onDone={() => {
            notify(t(marking.noteId === '' ? 'vitalsMarkedEnteredInError' : 'vitalsMarkedEnteredInErrorWithNote'));
            setMarking(null);
          }}
        />
      ) : null}
    </Dialog>
  );
}
