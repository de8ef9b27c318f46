// Which posts bring up a desktop notification for this user: posts mentioning them, urgent posts,
// requests to confirm. Kept per user by the core; shown in the settings opened from the header.
// In a browser (the development bridge) turning one on also asks the browser for permission.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationSettings } from '../../shared/timeline-views';
import { useUserFacingError } from '../api/user-facing-error';
import { useDesktopApi } from '../app/desktop-api-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { useMessages } from '../i18n/locale-context';
import { askNotificationPermission } from './web-notifications';

const KEY = ['timelines', 'notification-settings'] as const;
const OPTIONS = [
  ['mentions', 'notifyMentions'],
  ['urgent', 'notifyUrgent'],
  ['confirmRequests', 'notifyConfirmRequests'],
] as const;

export function NotificationSettingsSection() {
  const t = useMessages();
  const api = useDesktopApi();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: KEY, queryFn: () => api.getNotificationSettings() });
  const save = useMutation({
    mutationFn: (next: NotificationSettings) => api.setNotificationSettings(next),
    onSuccess: (saved) => client.setQueryData(KEY, saved),
  });
  const error = useUserFacingError(settings.error ?? save.error);
  const current = settings.data;
  return (
    <section aria-labelledby="notification-settings-heading">
      <h3 id="notification-settings-heading">{t('notificationsLabel')}</h3>
      <ErrorNotice error={error} />
      {current === undefined ? null : (
        <div className="notification-settings">
          {OPTIONS.map(([field, label]) => (
            <label key={field} className="compose__flag">
              <input
                type="checkbox"
                checked={current[field]}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  if (on) void askNotificationPermission();
                  save.mutate({ ...current, [field]: on });
                }}
              />
              {t(label)}
            </label>
          ))}
        </div>
      )}
    </section>
  );
}
