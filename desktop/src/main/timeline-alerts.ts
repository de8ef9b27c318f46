// The contact timeline on the desktop: a native notification for each post the core says deserves
// one (a mention, 至急, 確認依頼; the user's settings are applied in the core), which brings the
// window forward and tells the screens to open that post when clicked; and the unread total on the
// taskbar or dock, read again when the timelines' counts change.
import { app, nativeImage, Notification, type BrowserWindow } from 'electron';
import type { DesktopApi, DesktopEvent } from '../shared/desktop-api';
import { IPC_EVENT } from '../shared/ipc-channels';
import { badgeShowsUnread, unreadOverlayBitmap, unreadTotal } from './unread-badge';

// Several changes in a burst (a reconnection's catch-up) are counted once.
const RECOUNT_DELAY_MS = 1_000;

export function showTimelineAlerts(api: DesktopApi, window: () => BrowserWindow | undefined): () => void {
  // Shown notifications are kept referenced, or their click handler may be collected before the click.
  const shown = new Set<Notification>();
  let recount: NodeJS.Timeout | undefined;
  let overlay: Electron.NativeImage | undefined;
  let wasLocked = false;

  const showCount = (count: number) => {
    if (process.platform === 'win32') {
      overlay ??= nativeImage.createFromBitmap(unreadOverlayBitmap(16), { width: 16, height: 16 });
      window()?.setOverlayIcon(count > 0 ? overlay : null, count > 0 ? `未読 ${count} 件` : '');
    } else {
      app.setBadgeCount(count);
    }
  };
  const scheduleRecount = () => {
    clearTimeout(recount);
    recount = setTimeout(() => {
      api.listTimelines().then(
        (inbox) => showCount(unreadTotal(inbox)),
        () => undefined, // logged out or offline with nothing cached: the count stays as it was
      );
    }, RECOUNT_DELAY_MS);
  };

  const stop = api.onEvent((event: DesktopEvent) => {
    // Locked or logged out: no count (the core refuses the inbox then, and sends no post or notification).
    if (event.type === 'status' && !badgeShowsUnread(event.status)) showCount(0);
    if (event.type === 'status' && badgeShowsUnread(event.status) && wasLocked) scheduleRecount();
    if (event.type === 'status') wasLocked = event.status.session?.locked != null;
    if (event.type === 'timeline') scheduleRecount();
    if (event.type !== 'notification' || !Notification.isSupported()) return;
    const { notification } = event;
    const native = new Notification({ title: notification.title, body: notification.body });
    shown.add(native);
    native.on('click', () => {
      const target = window();
      if (target && !target.isDestroyed()) {
        if (target.isMinimized()) target.restore();
        target.show();
        target.focus();
        const open: DesktopEvent = { type: 'open-post', timeline: notification.timeline, postId: notification.postId };
        target.webContents.send(IPC_EVENT, open);
      }
      shown.delete(native);
    });
    native.on('close', () => shown.delete(native));
    native.show();
  });
  scheduleRecount();
  return () => {
    stop();
    clearTimeout(recount);
    shown.clear();
  };
}
