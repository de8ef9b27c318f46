// Desktop notifications when the screens run in a browser through the development bridge: the
// Web Notification API shows what the core asked for (a mention, an urgent post, a request to
// confirm). In the app, Electron's main process shows them natively and this stays off, so no
// notification is ever shown twice. A click brings the window forward and opens the post.
import type { TimelineNotification, TimelineRefView } from '../../shared/timeline-views';

/** Whether this page must show notifications itself: a browser page, not the Electron app. */
export function showsOwnNotifications(): boolean {
  return window.renkei === undefined && typeof Notification !== 'undefined';
}

/** Asks once, from a user's action (browsers ignore the request otherwise). */
export async function askNotificationPermission(): Promise<void> {
  if (showsOwnNotifications() && Notification.permission === 'default') await Notification.requestPermission();
}

export function showWebNotification(notification: TimelineNotification, open: (timeline: TimelineRefView, postId: string) => void): void {
  if (!showsOwnNotifications() || Notification.permission !== 'granted') return;
  const shown = new Notification(notification.title, { body: notification.body, tag: notification.postId });
  shown.onclick = () => {
    window.focus();
    open(notification.timeline, notification.postId);
    shown.close();
  };
}
