// 宛先 of a new form: the care team's offices a form of its kind goes to (form-addressee, the rule
// the server follows too) — the visiting nurse station for a 指示書, the attending doctor's clinic
// for a plan or a report — with the one usual office already chosen. Offered as the form is started
// (新しい書類) and above the new form until it is created, however it was started (notes pasted into
// a new form, too). The server writes the chosen office and its people into the form it creates;
// "none" leaves the addressee to be written by hand.
import { addresseeChoices, defaultAddresseeFacilityId, type AddresseeChoices, type TemplateKind } from '@renkei/proto/template-forms';
import type { CareTeamMemberView } from '../../../shared/desktop-api';
import { writtenName } from '../../format/person-name';
import { joinSentences } from '../../format/sentences';
import { careTeamRoleLabel } from '../../format/record-labels';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { Field } from '../shared/Field';

interface AddresseeOptions {
  choices: AddresseeChoices<CareTeamMemberView>;
  /** The usual office chosen until the user chooses ('' when there is none or several). */
  preselected: string;
  /** What `value` (as AddresseeField takes it) means now: a choice no longer offered (the team changed meanwhile) falls back to the preselected one. */
  resolve(value: string | null): string;
}

/** The offices a new form of `kind` may go to on this patient's team (none for a kind not known). */
export function useAddresseeChoices(kind: TemplateKind | null): AddresseeOptions {
  const { overview, user } = useChart();
  const ownOffices = overview.careTeam.filter((m) => m.userId === user.id).map((m) => m.facilityId);
  const choices = kind === null ? { offices: [], usual: false } : addresseeChoices(kind, overview.careTeam, ownOffices);
  const preselected = defaultAddresseeFacilityId(choices);
  const resolve = (value: string | null) => (value !== null && (value === '' || choices.offices.some((o) => o.facilityId === value)) ? value : preselected);
  return { choices, preselected, resolve };
}

interface AddresseeFieldProps {
  kind: TemplateKind;
  /** The chosen office's id; '' for none; null until the user chooses (the usual office, if there is one). */
  value: string | null;
  onChange(facilityId: string): void;
}

export function AddresseeField({ kind, value, onChange }: AddresseeFieldProps) {
  const t = useMessages();
  const { locale } = useLocale();
  const { choices, preselected, resolve } = useAddresseeChoices(kind);
  const chosen = resolve(value);
  if (choices.offices.length === 0) {
    return (
      <p className="muted" role="note" data-testid="addressee-none">
        {t('addresseeNone')}
      </p>
    );
  }
  const hint = choices.usual ? t('addresseeHint') : joinSentences([t('addresseeHintAll'), t('addresseeHint')], locale);
  return (
    <Field label={t('addresseeLabel')} hint={hint}>
      {(control) => (
        <select {...control} value={chosen} data-testid="addressee" onChange={(e) => onChange(e.currentTarget.value)}>
          {/* With one usual office the server addresses the form to it anyway: "none" is offered only when it means none. */}
          {preselected === '' ? <option value="">{t('addresseeLater')}</option> : null}
          {choices.offices.map((office) => (
            <option key={office.facilityId} value={office.facilityId}>
              {t('addresseeOption', {
                office: office.facilityName,
                people: office.members
                  .map((m) => t('addresseePerson', { role: careTeamRoleLabel(m.role, locale), name: writtenName(m.name) }))
                  .join(locale === 'ja' ? '、' : ', '),
              })}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
