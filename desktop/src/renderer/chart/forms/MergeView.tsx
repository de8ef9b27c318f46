// Someone saved the form while this user was editing it (TEMPLATE_VERSION_CONFLICT). Nothing is
// lost and nothing is overwritten silently: field by field, the version both started from, this
// user's change and the other person's. Fields only one side changed (or both alike, or visit
// days on different days) are merged automatically and marked so; fields both changed
// differently wait for a person to choose one side or write the value by hand. The merged form is
// then saved on top of the other person's version.
import type { FieldComparison, TemplateFieldValue, TemplateKind, TemplateValues } from '@renkei/proto/template-forms';
import { templateField } from '@renkei/proto/template-forms';
import type { FormView, UserFacingError } from '../../../shared/desktop-api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { writtenName } from '../../format/person-name';
import { useLocale, useMessages } from '../../i18n/locale-context';
import { useChart } from '../shared/chart-context';
import { formatDateTime } from '../shared/chart-dates';
import { fieldValueText, resolvedValues, unresolvedConflicts, type MergeChoice } from './form-values';
import { TemplateFieldInput } from './TemplateFieldInput';
import './merge-view.css';

export interface MergeState {
  /** The version this user's edit started from. */
  base: FormView;
  /** The version someone else saved meanwhile: the merge is saved on top of it. */
  theirs: FormView;
  mine: TemplateValues;
  comparisons: FieldComparison[];
  choices: Record<string, MergeChoice>;
  /** The server's words about the conflict (who saved, which version). */
  conflict: UserFacingError;
}

interface MergeViewProps {
  kind: TemplateKind;
  merge: MergeState;
  busy: boolean;
  error: UserFacingError | null;
  problems: Map<string, string[]>;
  onChoose(field: string, choice: MergeChoice): void;
  onSave(values: TemplateValues): void;
  onCancel(): void;
}

export function MergeView({ kind, merge, busy, error, problems, onChoose, onSave, onCancel }: MergeViewProps) {
  const t = useMessages();
  const { locale } = useLocale();
  const { era, overview } = useChart();
  const changed = merge.comparisons.filter((c) => c.change !== 'unchanged');
  const unresolved = unresolvedConflicts(merge.comparisons, merge.choices);
  const automatic = changed.filter((c) => !c.conflict).length;
  const conflicts = changed.filter((c) => c.conflict).length;
  const theirName = writtenName(merge.theirs.savedBy.name);
  const text = (key: string, value: TemplateFieldValue | undefined) => fieldValueText(kind, key, value, locale, era) || t('emptyValue');
  const resolved = resolvedValues(merge.comparisons, merge.choices);

  return (
    <section className="merge" aria-labelledby="merge-heading" data-testid="merge-view">
      <h3 id="merge-heading">{t('mergeHeading')}</h3>
      <div className="merge__conflict" role="alert">
        {merge.conflict.message[locale]}
      </div>
      <p className="merge__summary">
        {t('mergeSummary', { automatic, conflicts })}{' '}
        <span className="muted">
          {t('mergeVersions', {
            base: merge.base.version,
            theirs: merge.theirs.version,
            name: theirName,
            time: formatDateTime(merge.theirs.savedAt, locale, era),
          })}
        </span>
      </p>
      {changed.length === 0 ? <p className="muted">{t('mergeNothingChanged')}</p> : null}
      <ol className="merge__fields">
        {changed.map((c) => {
          const field = templateField(kind, c.field);
          const label = field?.label[locale] ?? c.field;
          const choice = merge.choices[c.field];
          const fieldProblems = problems.get(c.field) ?? [];
          return (
            <li key={c.field} className={`merge-field${c.conflict ? ' merge-field--conflict' : ' merge-field--auto'}`} data-field={c.field}>
              <div className="merge-field__head">
                <strong className="merge-field__label">{label}</strong>
                <span className={`tag ${c.conflict ? (choice === undefined ? 'tag--error' : 'tag--draft') : 'tag--auto'}`}>
                  {c.conflict
                    ? choice === undefined
                      ? t('mergeNeedsChoice')
                      : t('mergeChosen')
                    : c.change === 'mine'
                      ? t('mergeAutoMine')
                      : c.change === 'theirs'
                        ? t('mergeAutoTheirs')
                        : c.change === 'same'
                          ? t('mergeAutoSame')
                          : t('mergeAutoCombined')}
                </span>
              </div>
              <div className="merge-field__values">
                <MergeValue title={t('mergeBase', { version: merge.base.version })} text={text(c.field, c.base)} />
                <MergeValue title={t('mergeMine')} text={text(c.field, c.mine)} highlight={c.change === 'mine' || c.conflict} />
                <MergeValue
                  title={t('mergeTheirs', { name: theirName, version: merge.theirs.version })}
                  text={text(c.field, c.theirs)}
                  highlight={c.change === 'theirs' || c.conflict}
                />
              </div>
              {c.conflict ? (
                <fieldset className="merge-field__choice">
                  <legend className="visually-hidden">{t('mergeChooseFor', { field: label })}</legend>
                  <label className="radio">
                    <input type="radio" name={`merge-${c.field}`} checked={choice?.take === 'mine'} onChange={() => onChoose(c.field, { take: 'mine' })} />
                    {t('mergeTakeMine')}
                  </label>
                  <label className="radio">
                    <input type="radio" name={`merge-${c.field}`} checked={choice?.take === 'theirs'} onChange={() => onChoose(c.field, { take: 'theirs' })} />
                    {t('mergeTakeTheirs', { name: theirName })}
                  </label>
                  <label className="radio">
                    <input
                      type="radio"
                      name={`merge-${c.field}`}
                      checked={choice?.take === 'manual'}
                      onChange={() => onChoose(c.field, { take: 'manual', value: c.mine ?? '' })}
                    />
                    {t('mergeEditByHand')}
                  </label>
                </fieldset>
              ) : (
                <p className="merge-field__result muted">{t('mergeResult', { value: text(c.field, c.merged) })}</p>
              )}
              {choice?.take === 'manual' && field !== undefined ? (
                <div className="merge-field__manual">
                  <TemplateFieldInput
                    kind={kind}
                    field={field}
                    values={{ ...resolved, [c.field]: choice.value }}
                    editable
                    problems={fieldProblems}
                    myRoles={overview.patient.myRoles}
                    idPrefix="merge-manual"
                    onChange={(_key, value) => onChoose(c.field, { take: 'manual', value })}
                  />
                </div>
              ) : fieldProblems.length > 0 ? (
                <div className="field__problem">
                  {fieldProblems.map((p, i) => (
                    <div key={i}>{p}</div>
                  ))}
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {(problems.get('') ?? []).length > 0 ? <div className="field__problem">{problems.get('')!.join(' ')}</div> : null}
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          aria-disabled={busy || unresolved.length > 0 || undefined}
          onClick={() => {
            if (!busy && unresolved.length === 0) onSave(resolved);
          }}
        >
          {busy ? t('saving') : t('mergeSave', { version: merge.theirs.version + 1 })}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('mergeBackToEditing')}
        </button>
        {unresolved.length > 0 ? <span className="field__problem">{t('mergeUnresolved', { count: unresolved.length })}</span> : null}
      </div>
    </section>
  );
}

function MergeValue({ title, text, highlight = false }: { title: string; text: string; highlight?: boolean }) {
  return (
    <div className={`merge-value${highlight ? ' merge-value--changed' : ''}`}>
      <div className="merge-value__title">{title}</div>
      <div className="merge-value__text">{text}</div>
    </div>
  );
}
