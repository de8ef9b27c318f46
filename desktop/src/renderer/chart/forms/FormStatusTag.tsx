// A form's version and state, read together: "第3版 下書き" / "第2版 確定".
import type { FormView } from '../../../shared/desktop-api';
import { useMessages } from '../../i18n/locale-context';
import './forms.css';

export function FormStatusTag({ form }: { form: Pick<FormView, 'version' | 'finalised'> }) {
  const t = useMessages();
  return (
    <span className="form-status">
      <span className="form-status__version">{t('versionNumber', { version: form.version })}</span>
      <span className={`tag ${form.finalised ? 'tag--finalised' : 'tag--draft'}`}>{form.finalised ? t('formFinalised') : t('formDraft')}</span>
    </span>
  );
}
