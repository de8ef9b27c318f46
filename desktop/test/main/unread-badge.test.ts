// The taskbar's unread count and Windows' overlay dot, without Electron.
import { describe, expect, it } from 'vitest';
import { unreadOverlayBitmap, unreadTotal } from '../../src/main/unread-badge';
import type { InboxView, TimelineSummaryView } from '../../src/shared/timeline-views';

const summary = (unread: number): TimelineSummaryView => ({
  timeline: { kind: 'patient', id: `p-${unread}` },
  title: '',
  titleKana: '',
  unread,
  mentions: 0,
  urgentUnread: 0,
  readUpTo: 0,
  lastPostSeq: 0,
  lastPostedAt: null,
  lastPostExcerpt: '',
  canWrite: true,
  pending: 0,
});

describe('the unread badge', () => {
  it('adds up the unread posts of every timeline', () => {
    const inbox: InboxView = { timelines: [summary(2), summary(0), summary(5)], source: 'cache', asOf: null };
    expect(unreadTotal(inbox)).toBe(7);
    expect(unreadTotal({ ...inbox, timelines: [] })).toBe(0);
  });

  it('draws a red dot, opaque in the middle and clear in the corners', () => {
    const size = 16;
    const bitmap = unreadOverlayBitmap(size);
    expect(bitmap.length).toBe(size * size * 4);
    const at = (x: number, y: number) => [...bitmap.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    expect(at(8, 8)).toEqual([0x2b, 0x2b, 0xd0, 255]); // BGRA: red
    expect(at(0, 0)[3]).toBe(0);
  });
});
