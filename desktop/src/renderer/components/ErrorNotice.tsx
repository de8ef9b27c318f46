// A failure the user can act on, in their language, announced to screen readers as it appears.
import type { UserFacingError } from '../../shared/desktop-api';
import { useLocale } from '../i18n/locale-context';

export function ErrorNotice({ error }: { error: UserFacingError | null }) {
  const { locale } = useLocale();
  if (error === null) return null;
  return (
    <div className="error-notice" role="alert">
      {error.message[locale]}
    </div>
  );
}
