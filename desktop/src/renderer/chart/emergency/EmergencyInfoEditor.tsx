// Changing the emergency information: the whole record in one form, saved as a new version on top
// of the one the user opened (someone else's save in between is reported, not overwritten). The
// server checks every field and says which is wrong; the problems are shown beside the fields.
import { INFECTION_KINDS, INFECTION_KIND_LABELS, RESUSCITATIONS, RESUSCITATION_LABELS } from '@renkei/proto/labels';
import { useState } from 'react';
import type { UserFacingError } from '../../../shared/desktop-api';
import type { EmergencyInfoView, InfectionView, KeyPersonView } from '../../../shared/emergency-views';
import { toUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { Field } from '../shared/Field';
import { useRecordEmergencyInfo } from './emergency-queries';
import { keyPersonFromMemo } from './legacy-key-person';
import './emergency.css';

const RESUSCITATION_CHOICES = ['RESUSCITATION_UNSPECIFIED', ...RESUSCITATIONS] as const;
const EMPTY_PERSON: KeyPersonView = { name: '', relation: '', phone: '', note: '' };

export function EmergencyInfoEditor({ info, onClose }: { info: EmergencyInfoView; onClose(): void }) {
  const t = useMessages();
  const { locale } = useLocale();
  const chart = useChart();
  const record = useRecordEmergencyInfo();
  const [resuscitation, setResuscitation] = useState(info.resuscitation);
  const [resuscitationNote, setResuscitationNote] = useState(info.resuscitationNote);
  const [acp, setAcp] = useState(info.acp);
  const [emergencyPlan, setEmergencyPlan] = useState(info.emergencyPlan);
  const [endOfLifeWish, setEndOfLifeWish] = useState(info.endOfLifeWish);
  const [infections, setInfections] = useState<InfectionView[]>(info.infections);
  // No key person recorded yet, but a registration memo names one: offered for the user to check.
  const memo = chart.overview.patient.keyPerson.trim();
  const [fromMemo] = useState(() => (info.keyPersons.length === 0 ? keyPersonFromMemo(memo) : null));
  const [keyPersons, setKeyPersons] = useState<KeyPersonView[]>(info.keyPersons.length > 0 ? info.keyPersons : [fromMemo ?? EMPTY_PERSON]);
  const [error, setError] = useState<UserFacingError | null>(null);

  const problems = (field: string) => (error?.fields ?? []).filter((f) => f.field === field).map((f) => f.message[locale]);
  const infectionOf = (kind: string) => infections.find((i) => i.kind === kind);
  const toggleInfection = (kind: string, on: boolean) => setInfections((list) => (on ? [...list, { kind, note: '' }] : list.filter((i) => i.kind !== kind)));
  const setPerson = (index: number, change: Partial<KeyPersonView>) => setKeyPersons((list) => list.map((p, i) => (i === index ? { ...p, ...change } : p)));

  const save = async () => {
    setError(null);
    try {
      const saved = await record.mutateAsync({
        patientId: chart.patientId,
        baseVersion: info.version,
        resuscitation,
        resuscitationNote: resuscitationNote.trim(),
        acp: acp.trim(),
        emergencyPlan: emergencyPlan.trim(),
        endOfLifeWish: endOfLifeWish.trim(),
        infections,
        // A row left blank is not a key person.
        keyPersons: keyPersons.filter((p) => Object.values(p).some((v) => v.trim() !== '')).map((p) => ({ ...p, name: p.name.trim(), phone: p.phone.trim() })),
      });
      chart.notify(t('emergencySaved', { version: saved.version }));
      onClose();
    } catch (thrown) {
      setError(toUserFacingError(thrown));
    }
  };

  return (
    <Dialog
      title={t('emergencyEditTitle', { patient: writtenName(chart.overview.patient.name) })}
      onClose={onClose}
      size="wide"
      testId="emergency-edit-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            aria-disabled={record.isPending || undefined}
            onClick={() => void save()}
            data-testid="emergency-save"
          >
            {record.isPending ? t('emergencySaving') : t('emergencySave')}
          </button>
        </>
      }
    >
      <ErrorNotice error={error} />
      <fieldset className="emergency-fieldset">
        <legend>{t('emergencyResuscitation')}</legend>
        <div className="emergency-choices">
          {RESUSCITATION_CHOICES.map((choice) => (
            <label key={choice}>
              <input type="radio" name="resuscitation" value={choice} checked={resuscitation === choice} onChange={() => setResuscitation(choice)} />
              {RESUSCITATION_LABELS[choice][locale]}
            </label>
          ))}
        </div>
        <Field label={t('emergencyNote')} problems={problems('resuscitationNote')}>
          {(control) => <input {...control} type="text" value={resuscitationNote} onChange={(e) => setResuscitationNote(e.currentTarget.value)} />}
        </Field>
      </fieldset>
      <Field label={t('emergencyAcp')} problems={problems('acp')}>
        {(control) => <textarea {...control} rows={2} value={acp} onChange={(e) => setAcp(e.currentTarget.value)} />}
      </Field>
      <Field label={t('emergencyPlan')} problems={problems('emergencyPlan')}>
        {(control) => <textarea {...control} rows={2} value={emergencyPlan} onChange={(e) => setEmergencyPlan(e.currentTarget.value)} />}
      </Field>
      <Field label={t('emergencyEndOfLife')} problems={problems('endOfLifeWish')}>
        {(control) => <textarea {...control} rows={2} value={endOfLifeWish} onChange={(e) => setEndOfLifeWish(e.currentTarget.value)} />}
      </Field>
      <fieldset className="emergency-fieldset">
        <legend>{t('emergencyInfections')}</legend>
        <div className="emergency-choices">
          {INFECTION_KINDS.map((kind) => (
            <label key={kind}>
              <input type="checkbox" checked={infectionOf(kind) !== undefined} onChange={(e) => toggleInfection(kind, e.currentTarget.checked)} />
              {INFECTION_KIND_LABELS[kind][locale]}
            </label>
          ))}
        </div>
        {infectionOf('INFECTION_KIND_OTHER') !== undefined ? (
          <Field label={t('infectionOtherNote')} problems={problems(`infections.${infections.findIndex((i) => i.kind === 'INFECTION_KIND_OTHER')}.note`)}>
            {(control) => (
              <input
                {...control}
                type="text"
                value={infectionOf('INFECTION_KIND_OTHER')?.note ?? ''}
                onChange={(e) => {
                  const note = e.currentTarget.value;
                  setInfections((list) => list.map((i) => (i.kind === 'INFECTION_KIND_OTHER' ? { ...i, note } : i)));
                }}
              />
            )}
          </Field>
        ) : null}
      </fieldset>
      <fieldset className="emergency-fieldset">
        <legend>{t('emergencyKeyPersons')}</legend>
        {fromMemo !== null ? (
          <p className="field__hint" data-testid="key-person-from-memo">
            {t('emergencyKeyPersonFromMemo', { text: memo })}
          </p>
        ) : null}
        {keyPersons.map((person, index) => (
          <div key={index} className="emergency-person" data-testid="key-person-row">
            <Field label={t('keyPersonName')} problems={problems(`keyPersons.${index}.name`)}>
              {(control) => <input {...control} type="text" value={person.name} onChange={(e) => setPerson(index, { name: e.currentTarget.value })} />}
            </Field>
            <Field label={t('keyPersonRelation')} problems={problems(`keyPersons.${index}.relation`)}>
              {(control) => <input {...control} type="text" value={person.relation} onChange={(e) => setPerson(index, { relation: e.currentTarget.value })} />}
            </Field>
            <Field label={t('keyPersonPhone')} problems={problems(`keyPersons.${index}.phone`)}>
              {(control) => <input {...control} type="tel" value={person.phone} onChange={(e) => setPerson(index, { phone: e.currentTarget.value })} />}
            </Field>
            <Field label={t('keyPersonNote')} problems={problems(`keyPersons.${index}.note`)}>
              {(control) => <input {...control} type="text" value={person.note} onChange={(e) => setPerson(index, { note: e.currentTarget.value })} />}
            </Field>
            <button type="button" className="button button--quiet" onClick={() => setKeyPersons((list) => list.filter((_, i) => i !== index))}>
              {t('emergencyRemove')}
            </button>
          </div>
        ))}
        <button type="button" className="button" onClick={() => setKeyPersons((list) => [...list, EMPTY_PERSON])}>
          {t('emergencyAddKeyPerson')}
        </button>
      </fieldset>
    </Dialog>
  );
}
