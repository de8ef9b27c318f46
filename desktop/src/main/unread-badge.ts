// The unread count the taskbar and dock show: the posts by others the user has not yet seen,
// across every timeline. macOS and Linux (Unity) show a number (app.setBadgeCount); Windows shows
// no badge count, so its taskbar button gets an overlay icon: a red dot, drawn here as an RGBA
// bitmap like the tray icon. While the screen is locked the badge shows nothing. No electron
// import: tested in Node.
import type { AppStatus } from '../shared/desktop-api';
import type { InboxView } from '../shared/timeline-views';

/** No count while the screen is locked (or nobody is logged in): the badge says nothing then. */
export function badgeShowsUnread(status: AppStatus): boolean {
  return status.session !== null && status.session.locked === null;
}

export function unreadTotal(inbox: InboxView): number {
  return inbox.timelines.reduce((total, timeline) => total + timeline.unread, 0);
}

/** A size×size BGRA bitmap of a red dot with a white rim (nativeImage.createFromBitmap's order). */
export function unreadOverlayBitmap(size: number): Buffer {
  const bitmap = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size * 0.45;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      const alpha = Math.max(0, Math.min(1, radius + 0.5 - distance));
      // The rim keeps the dot visible on a red or dark taskbar.
      const rim = distance > radius - 1.5;
      const i = (y * size + x) * 4;
      bitmap[i] = rim ? 0xff : 0x2b;
      bitmap[i + 1] = rim ? 0xff : 0x2b;
      bitmap[i + 2] = rim ? 0xff : 0xd0;
      bitmap[i + 3] = Math.round(alpha * 255);
    }
  }
  return bitmap;
}
