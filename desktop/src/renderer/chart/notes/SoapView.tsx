// A progress note's S/O/A/P, each part on its own row under its letter, so the eye finds the
// assessment without reading the story. Empty parts are left out; a note entered in error is
// struck through (still readable: the record keeps what was wrongly written).
import type { SoapText } from '../../../shared/desktop-api';
import { useMessages } from '../../i18n/locale-context';
import './soap.css';

const PARTS: readonly (keyof SoapText)[] = ['subjective', 'objective', 'assessment', 'plan'];
const LETTERS: Record<keyof SoapText, string> = { subjective: 'S', objective: 'O', assessment: 'A', plan: 'P' };

export function SoapView({ soap, struck = false, compact = false }: { soap: SoapText; struck?: boolean; compact?: boolean }) {
  const t = useMessages();
  const names: Record<keyof SoapText, string> = {
    subjective: t('soapSubjective'),
    objective: t('soapObjective'),
    assessment: t('soapAssessment'),
    plan: t('soapPlan'),
  };
  const present = PARTS.filter((part) => soap[part].trim() !== '');
  return (
    <dl className={`soap${struck ? ' soap--struck' : ''}${compact ? ' soap--compact' : ''}`}>
      {present.map((part) => (
        <div key={part} className="soap__row">
          <dt className="soap__letter" title={names[part]}>
            <abbr title={names[part]}>{LETTERS[part]}</abbr>
          </dt>
          <dd className="soap__text">{struck ? <del>{soap[part]}</del> : soap[part]}</dd>
        </div>
      ))}
    </dl>
  );
}
