// Under a version in a history dialog (notes, documents, forms): what it changed from the version
// before, field by field, words removed struck through and words added underlined. Colour is not
// the only sign: removed and added text are also said as such to screen readers (del/ins and a
// hidden word), and marked by line style.
import { useLocale, useMessages } from '../../i18n/locale-context';
import { changedFields, textDiff, type DiffPart, type FieldVersions } from './text-diff';
import './version-changes.css';

export function VersionChanges({ fromVersion, fields }: { fromVersion: number; fields: readonly FieldVersions[] }) {
  const t = useMessages();
  const changes = changedFields(fields);
  return (
    <section className="version-changes" aria-label={t('changesFromVersion', { version: fromVersion })}>
      {changes.length === 0 ? (
        <p className="muted">{t('noChangesFromVersion', { version: fromVersion })}</p>
      ) : (
        <>
          <h4 className="version-changes__title">{t('changesFromVersion', { version: fromVersion })}</h4>
          <dl className="version-changes__fields">
            {changes.map((field) => (
              <div key={field.key} className="version-changes__field" data-field={field.key}>
                <dt>{field.label}</dt>
                <dd>
                  <DiffText before={field.before} after={field.after} whole={field.whole} />
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

export function DiffText({ before, after, whole = false }: { before: string; after: string; whole?: boolean }) {
  const t = useMessages();
  const { locale } = useLocale();
  const parts: DiffPart[] = whole
    ? [
        ...(before !== '' ? [{ change: 'removed' as const, text: before }] : []),
        ...(before !== '' && after !== '' ? [{ change: 'same' as const, text: ' → ' }] : []),
        ...(after !== '' ? [{ change: 'added' as const, text: after }] : []),
      ]
    : textDiff(before, after, locale);
  if (parts.length === 0) return <span className="muted">{t('diffEmpty')}</span>;
  return (
    <span className="diff">
      {parts.map((part, index) =>
        part.change === 'removed' ? (
          <del key={index} className="diff__removed">
            <span className="visually-hidden">{t('diffRemoved')}</span>
            {part.text}
          </del>
        ) : part.change === 'added' ? (
          <ins key={index} className="diff__added">
            <span className="visually-hidden">{t('diffAdded')}</span>
            {part.text}
          </ins>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </span>
  );
}
