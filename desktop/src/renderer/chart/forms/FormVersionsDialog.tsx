// Every version of a shared form, newest first: who saved it and when, which version it was based
// on, which ones were finalised (and by whom), and what each save changed from the one before,
// field by field. Any version can be shown or printed as PDF.
import { Fragment } from 'react';
import type { FormView } from '../../../shared/desktop-api';
import { useUserFacingError } from '../../api/user-facing-error';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { AuthorLine } from '../shared/AuthorLine';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { VersionChanges } from '../shared/VersionChanges';
import { formFields } from './form-changes';
import { useFormVersions } from './form-queries';
import { FormStatusTag } from './FormStatusTag';
import { useEra } from '../shared/era-preference';

interface FormVersionsDialogProps {
  form: FormView;
  onClose(): void;
  onView(version: FormView): void;
  onPdf(version: FormView): void;
}

export function FormVersionsDialog({ form, onClose, onView, onPdf }: FormVersionsDialogProps) {
  const { patientId } = useChart();
  const t = useMessages();
  const { locale } = useLocale();
  const era = useEra();
  const versions = useFormVersions(patientId, form.formId);
  const error = useUserFacingError(versions.error);
  const newestFirst = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Dialog title={t('formVersionsTitle', { title: form.title })} onClose={onClose} size="wide">
      <ErrorNotice error={error} />
      {versions.isPending ? <p className="muted">{t('loading')}</p> : null}
      <table className="record-table">
        <thead>
          <tr>
            <th scope="col">{t('columnVersion')}</th>
            <th scope="col">{t('columnSavedBy')}</th>
            <th scope="col">{t('columnSaved')}</th>
            <th scope="col">{t('columnBasedOn')}</th>
            <th scope="col">{t('columnFinalisedBy')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('columnActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((version, index) => (
            <Fragment key={version.version}>
              <tr>
                <td className="nowrap">
                  <FormStatusTag form={version} />
                </td>
                <td>
                  <AuthorLine author={version.savedBy} />
                </td>
                <td className="nowrap">{formatDateTime(version.savedAt, locale, era)}</td>
                <td className="nowrap">{version.basedOnVersion > 0 ? t('versionNumber', { version: version.basedOnVersion }) : '—'}</td>
                <td>
                  {version.finalisedBy !== null
                    ? `${writtenName(version.finalisedBy.name)}${version.finalisedAt !== null ? ` ${formatDateTime(version.finalisedAt, locale, era)}` : ''}`
                    : ''}
                </td>
                <td className="nowrap">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => onView(version)}
                    aria-label={t('showVersion', { version: version.version })}
                  >
                    {t('show')}
                  </button>{' '}
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => onPdf(version)}
                    aria-label={t('versionPdf', { version: version.version })}
                  >
                    PDF
                  </button>
                </td>
              </tr>
              {/* Newest first: the version saved before this one is the next in the list. */}
              {newestFirst[index + 1] !== undefined ? (
                <tr className="form-versions__changes">
                  <td colSpan={6}>
                    <VersionChanges fromVersion={newestFirst[index + 1]!.version} fields={formFields(locale, newestFirst[index + 1]!, version)} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
