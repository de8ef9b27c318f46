// The marks on a patient list row: the 訪問看護指示書 ends within 14 days or has ended, the 要介護認定
// ends within 60 days or has ended. The core counts them by the shared rules on the day the list is
// shown (from the server's data or the PC's cache) and leaves out what the user's role may not read.
import type { PatientListMarksView } from '../../shared/desktop-api';
import { useMessages } from '../i18n/locale-context';

export function PatientListMarks({ marks }: { marks: PatientListMarksView }) {
  const t = useMessages();
  const { instruction, certification } = marks;
  return (
    <>
      {instruction ? (
        <span className={`tag list-mark ${instruction.daysLeft < 0 ? 'list-mark--ended' : 'list-mark--ending'}`} data-testid="instruction-mark">
          {instruction.daysLeft < 0
            ? t('listMarkInstructionEnded')
            : instruction.daysLeft === 0
              ? t('listMarkInstructionEndsToday')
              : t('listMarkInstructionEnding', { days: instruction.daysLeft })}
        </span>
      ) : null}
      {certification ? (
        <span className={`tag list-mark ${certification.expired ? 'list-mark--ended' : 'list-mark--notice'}`} data-testid="certification-mark">
          {certification.expired ? t('listMarkCertificationEnded') : t('listMarkCertificationEnding', { days: certification.daysLeft })}
        </span>
      ) : null}
    </>
  );
}
