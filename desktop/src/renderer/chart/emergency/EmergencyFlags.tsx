// The emergency flags in the patient header: DNAR and infections as chips that cannot be missed,
// and the button that opens everything the team must know in an emergency. Nothing is shown when
// the user's role may not read it (the overview then carries none).
import { INFECTION_KIND_LABELS } from '@renkei/proto/labels';
import type { EmergencyInfoView } from '../../../shared/emergency-views';
import { useLocale, useMessages } from '../../i18n/locale-context';
import './emergency.css';

export function infectionLabel(kind: string, note: string, locale: 'ja' | 'en'): string {
  const label = Object.hasOwn(INFECTION_KIND_LABELS, kind) ? INFECTION_KIND_LABELS[kind as keyof typeof INFECTION_KIND_LABELS][locale] : kind;
  return kind === 'INFECTION_KIND_OTHER' && note !== '' ? note : label;
}

export function EmergencyFlags({ info, onOpen }: { info: EmergencyInfoView | null; onOpen(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  if (info === null) return null;
  const dnar = info.resuscitation === 'RESUSCITATION_DNAR';
  const infections = info.infections.map((i) => infectionLabel(i.kind, i.note, locale));
  return (
    <div className="emergency-flags" data-testid="emergency-flags">
      {dnar ? (
        <span className="emergency-chip emergency-chip--dnar" data-testid="chip-dnar">
          {t('emergencyChipDnar')}
        </span>
      ) : null}
      {infections.length > 0 ? (
        <span className="emergency-chip emergency-chip--infection" data-testid="chip-infection">
          {t('emergencyChipInfection')}: {infections.join('・')}
        </span>
      ) : null}
      <button type="button" className="button emergency-button" onClick={onOpen} data-testid="open-emergency-info">
        {info.version === 0 ? t('emergencyButtonEmpty') : t('emergencyButton')}
      </button>
    </div>
  );
}
