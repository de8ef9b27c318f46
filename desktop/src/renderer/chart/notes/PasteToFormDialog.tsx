// Pasting ticked notes into a shared form: choose one of the patient's forms (or start a new one of
// a kind the user may write) and a free-text field; the notes' text is appended there and the form
// opens for review — nothing is saved until the user saves it.
import type { TemplateKind } from '@renkei/proto/template-forms';
import { useState } from 'react';
import type { ProgressNoteView } from '../../../shared/desktop-api';
import { Dialog } from '../../components/Dialog';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { labelInSentence } from '../../i18n/messages';
import { useFormList } from '../forms/form-queries';
import { multilineFields } from '../forms/form-values';
import type { FormOpenRequest } from '../forms/FormsTab';
import { useChart } from '../shared/chart-context';
import { documentTypeLabel } from '../shared/chart-labels';
import { Field } from '../shared/Field';
import { canWrite, documentTypeOfKind, templateKindOf, writableTemplateKinds } from '../shared/record-access';
import { notesAsText } from './note-paste';

interface PasteToFormDialogProps {
  notes: readonly ProgressNoteView[];
  onClose(): void;
  onPaste(request: Omit<FormOpenRequest, 'nonce'>): void;
}

export function PasteToFormDialog({ notes, onClose, onPaste }: PasteToFormDialogProps) {
  const { patientId, overview } = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const access = overview.chart.myAccess;
  const listed = useFormList(patientId);
  const forms = (listed.data ?? overview.chart.forms).filter((f) => templateKindOf(f.documentType) !== null && canWrite(access, f.documentType));
  const newKinds = writableTemplateKinds(access);
  const [chosenTarget, setTarget] = useState('');
  const [chosenField, setField] = useState('');

  const firstTarget = forms[0] !== undefined ? `form:${forms[0].formId}` : newKinds[0] !== undefined ? `new:${newKinds[0]}` : '';
  const target = chosenTarget !== '' ? chosenTarget : firstTarget;
  const form = target.startsWith('form:') ? forms.find((f) => `form:${f.formId}` === target) : undefined;
  const kind: TemplateKind | null =
    form !== undefined ? templateKindOf(form.documentType) : target.startsWith('new:') ? (target.slice(4) as TemplateKind) : null;
  const fields = kind !== null ? multilineFields(kind) : [];
  const field = fields.some((f) => f.key === chosenField) ? chosenField : (fields[0]?.key ?? '');
  const text = notesAsText(notes);

  const submit = () => {
    if (kind === null || field === '') return;
    onPaste({ formId: form?.formId ?? null, kind, paste: { field, text } });
  };

  return (
    <Dialog
      title={t('pasteToFormTitle', { count: notes.length })}
      onClose={onClose}
      size="wide"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="button button--primary" aria-disabled={kind === null || field === '' || undefined} onClick={submit}>
            {t('pasteAndOpen')}
          </button>
        </>
      }
    >
      <p className="dialog__intro">{t('pasteToFormIntro')}</p>
      <div className="field-row">
        <Field label={t('pasteTargetForm')}>
          {(control) => (
            <select {...control} value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
              {forms.length > 0 ? (
                <optgroup label={t('pasteExistingForms')}>
                  {forms.map((f) => (
                    <option key={f.formId} value={`form:${f.formId}`}>
                      {`${documentTypeLabel(f.documentType, locale)}「${f.title}」 ${t('versionNumber', { version: f.version })} ${f.finalised ? t('formFinalisedWillAmend') : t('formDraft')}`}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {newKinds.length > 0 ? (
                <optgroup label={t('pasteNewForm')}>
                  {newKinds.map((k) => (
                    <option key={k} value={`new:${k}`}>
                      {t('newFormOf', { kind: labelInSentence(documentTypeLabel(documentTypeOfKind(k), locale), locale) })}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          )}
        </Field>
        <Field label={t('pasteTargetField')}>
          {(control) => (
            <select {...control} value={field} onChange={(e) => setField(e.currentTarget.value)}>
              {fields.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label[locale]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('pastePreview')} hint={t('pastePreviewHint')}>
        {(control) => <textarea {...control} className="paste-preview" readOnly rows={Math.min(14, text.split('\n').length + 1)} value={text} />}
      </Field>
    </Dialog>
  );
}
