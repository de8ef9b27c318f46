// 書類: the patient's shared forms (指示書, 計画書, 報告書, 情報提供書) with their version and
// state, and the editor for one of them. New forms can be started in the kinds the user's role
// may write, addressed to an office of the care team; a request from elsewhere (an alert, pasted
// notes) opens the editor directly.
import { TEMPLATE_FORMS, type TemplateKind } from '@renkei/proto/template-forms';
import { useState } from 'react';
import { isOfflineError, useUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { documentTypeLabel } from '../shared/chart-labels';
import { Field } from '../shared/Field';
import { LinkButton } from '../shared/LinkButton';
import { ListNote } from '../shared/ListNote';
import { documentTypeOfKind, hidesForms, writableTemplateKinds } from '../shared/record-access';
import { AddresseeField } from './AddresseeField';
import { useFormList } from './form-queries';
import { FormEditor } from './FormEditor';
import { FormStatusTag } from './FormStatusTag';
import './forms.css';
import { useEra } from '../shared/era-preference';

export interface FormOpenRequest {
  /** Changes with every request, so asking for the same form twice opens it twice. */
  nonce: number;
  formId: string | null;
  /** Known for a new form; read from the form otherwise. */
  kind: TemplateKind | null;
  title?: string;
  /** The office a new form goes to ('' for none), chosen as it was started; absent: not chosen yet. */
  addresseeFacilityId?: string;
  paste?: { field: string; text: string };
}

type View = { mode: 'list' } | { mode: 'edit'; request: FormOpenRequest };

export function FormsTab({ request, onUnsavedChange }: { request: FormOpenRequest | null; onUnsavedChange(unsaved: boolean): void }) {
  const [view, setView] = useState<View>(() => (request !== null ? { mode: 'edit', request } : { mode: 'list' }));
  // Each new request opens the editor, over whatever the tab was showing.
  const [requestSeen, setRequestSeen] = useState(request);
  if (requestSeen !== request) {
    setRequestSeen(request);
    if (request !== null) setView({ mode: 'edit', request });
  }

  if (view.mode === 'edit') {
    return (
      <FormEditor
        key={view.request.nonce}
        formId={view.request.formId}
        kind={view.request.kind}
        initialTitle={view.request.title}
        addresseeFacilityId={view.request.addresseeFacilityId}
        paste={view.request.paste}
        onUnsavedChange={onUnsavedChange}
        onBack={() => setView({ mode: 'list' })}
      />
    );
  }
  return <FormList onOpen={(open) => setView({ mode: 'edit', request: { nonce: Date.now(), ...open } })} />;
}

/** The list, read again each time it is shown (coming back from the editor, too). */
function FormList({ onOpen }: { onOpen(request: Omit<FormOpenRequest, 'nonce'>): void }) {
  const chart = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const { patientId, overview, readOnlyReason } = chart;
  const [creating, setCreating] = useState(false);
  const forms = useFormList(patientId, readOnlyReason === null);
  const error = useUserFacingError(forms.error);
  // Offline the overview's forms are shown; so they are when the server could not be reached for
  // the list. A refusal is said as it is (the notice), never as offline.
  const listFailed = forms.data === undefined && forms.isError;
  const fromCache = readOnlyReason !== null || (listFailed && error !== null && isOfflineError(error));
  const refused = listFailed && !fromCache;
  const list = fromCache ? overview.chart.forms : (forms.data ?? null);
  const hidden = hidesForms(overview.chart.myAccess);
  const newKinds = writableTemplateKinds(overview.chart.myAccess);

  return (
    <section aria-labelledby="forms-heading">
      <div className="tab-head">
        <h2 id="forms-heading">
          {t('formsHeading')}
          {fromCache ? <span className="tag tag--cached">{t('cachedTag')}</span> : null}
        </h2>
        <div className="tab-head__actions">
          {newKinds.length > 0 ? (
            <button
              type="button"
              className="button button--primary"
              aria-disabled={readOnlyReason !== null || undefined}
              title={readOnlyReason !== null ? t('chartReadOnlyOffline') : undefined}
              onClick={() => {
                if (readOnlyReason === null) setCreating(true);
              }}
            >
              {t('newForm')}
            </button>
          ) : (
            <span className="muted">{t('noWritableFormKinds')}</span>
          )}
        </div>
      </div>
      <ErrorNotice error={error} />
      {list !== null && list.length > 0 ? <ListNote empty={false} hidden={hidden} emptyText="" /> : null}
      {refused ? null : list === null ? (
        <p className="muted">{t('loading')}</p>
      ) : list.length === 0 ? (
        <ListNote empty hidden={hidden} emptyText={t('noFormsYet')} />
      ) : (
        <table className="record-table" data-testid="forms-table">
          <thead>
            <tr>
              <th scope="col">{t('columnDocumentType')}</th>
              <th scope="col">{t('columnTitle')}</th>
              <th scope="col">{t('columnStatus')}</th>
              <th scope="col">{t('columnSavedBy')}</th>
              <th scope="col">{t('columnSaved')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((form) => (
              <tr key={form.formId}>
                <td className="nowrap">{documentTypeLabel(form.documentType, locale)}</td>
                <td>
                  <LinkButton onClick={() => onOpen({ formId: form.formId, kind: null })}>{form.title}</LinkButton>
                </td>
                <td className="nowrap">
                  <FormStatusTag form={form} />
                </td>
                <td>
                  <AuthorLine author={form.savedBy} />
                </td>
                <td className="nowrap">{formatDateTime(form.savedAt, locale, era)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating ? (
        <NewFormDialog
          kinds={newKinds}
          onClose={() => setCreating(false)}
          onCreate={(kind, title, addresseeFacilityId) => {
            setCreating(false);
            onOpen({ formId: null, kind, title, ...(addresseeFacilityId !== null && { addresseeFacilityId }) });
          }}
        />
      ) : null}
    </section>
  );
}

interface NewFormDialogProps {
  kinds: TemplateKind[];
  onClose(): void;
  /** `addresseeFacilityId` null: not chosen (the usual office stays chosen). */
  onCreate(kind: TemplateKind, title: string, addresseeFacilityId: string | null): void;
}

function NewFormDialog({ kinds, onClose, onCreate }: NewFormDialogProps) {
  const t = useMessages();
  const { locale } = useLocale();
  const [kind, setKind] = useState<TemplateKind>(kinds[0]!);
  const [title, setTitle] = useState('');
  // Chosen per kind: switching the kind shows that kind's usual office, and switching back keeps the choice.
  const [chosen, setChosen] = useState<Partial<Record<TemplateKind, string>>>({});
  const addressee = chosen[kind] ?? null;
  return (
    <Dialog
      title={t('newFormTitle')}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={() => onCreate(kind, title.trim() || TEMPLATE_FORMS[kind].title[locale], addressee)}
          >
            {t('startWriting')}
          </button>
        </>
      }
    >
      <Field label={t('formKindLabel')} hint={t('formKindHint')}>
        {(control) => (
          <select {...control} value={kind} onChange={(e) => setKind(e.currentTarget.value as TemplateKind)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {documentTypeLabel(documentTypeOfKind(k), locale)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <AddresseeField kind={kind} value={addressee} onChange={(facilityId) => setChosen((current) => ({ ...current, [kind]: facilityId }))} />
      <Field label={t('formTitleLabel')} hint={t('formTitleHint')}>
        {(control) => (
          <input {...control} type="text" value={title} placeholder={TEMPLATE_FORMS[kind].title[locale]} onChange={(e) => setTitle(e.currentTarget.value)} />
        )}
      </Field>
    </Dialog>
  );
}
