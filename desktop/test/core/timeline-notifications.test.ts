// Which new posts become desktop notifications, under which settings: a mention, an urgent post
// or a confirm request by someone else, not yet read, as far as the user's settings allow; one
// notification per post, for its strongest reason; never the user's own post.
import { describe, expect, it } from 'vitest';
import { notificationFor } from '../../src/core/timeline/timeline-notifications';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../src/core/timeline/timeline-cache';
import type { NotificationSettings, PostView } from '../../src/shared/timeline-views';

const ME = 'doctor';
const NURSE = 'nurse';
const ALL = DEFAULT_NOTIFICATION_SETTINGS;
const NONE: NotificationSettings = { mentions: false, urgent: false, confirmRequests: false };

function post(extra: Partial<PostView> = {}): PostView {
  return {
    postId: 'p1',
    timeline: { kind: 'patient', id: 'patient-1' },
    seq: 5,
    replyToPostId: '',
    version: 1,
    body: '37.9℃の発熱あり。\n往診をお願いできますか。',
    urgent: false,
    asksConfirmation: false,
    mentionedUserIds: [],
    attachments: [],
    pendingFiles: [],
    author: {
      userId: NURSE,
      name: { family: '鈴木', given: '恵子', familyKana: '', givenKana: '' },
      profession: 'PROFESSION_NURSE',
      facilityName: '訪問看護ステーションあおば',
    },
    postedAt: '2026-12-01T01:00:00.000Z',
    editedAt: '2026-12-01T01:00:00.000Z',
    retracted: false,
    confirmations: [],
    promotedNoteId: '',
    promotedBy: null,
    promotedAt: null,
    delivery: 'sent',
    clientRequestId: '',
    error: null,
    ...extra,
  };
}

const reasonOf = (p: PostView, settings: NotificationSettings = ALL, readUpTo = 0) => notificationFor(p, ME, readUpTo, settings, '宮崎 未来斗')?.reason ?? null;

describe('desktop notifications for new posts', () => {
  it('tells of a mention, an urgent post and a confirm request, with the timeline, the author and a one-line excerpt', () => {
    expect(notificationFor(post({ mentionedUserIds: [ME] }), ME, 0, ALL, '宮崎 未来斗')).toEqual({
      reason: 'mention',
      timeline: { kind: 'patient', id: 'patient-1' },
      postId: 'p1',
      title: 'あなた宛て｜宮崎 未来斗',
      body: '鈴木 恵子（訪問看護ステーションあおば）: 37.9℃の発熱あり。 往診をお願いできますか。',
    });
    expect(reasonOf(post({ urgent: true }))).toBe('urgent');
    expect(reasonOf(post({ asksConfirmation: true }))).toBe('confirm-request');
  });

  it('gives one notification per post, for its strongest reason: mention, then urgent, then confirm request', () => {
    expect(reasonOf(post({ mentionedUserIds: [ME], urgent: true, asksConfirmation: true }))).toBe('mention');
    expect(reasonOf(post({ urgent: true, asksConfirmation: true }))).toBe('urgent');
  });

  it('leaves out each reason the settings turn off, falling back to the next one allowed', () => {
    const everything = post({ mentionedUserIds: [ME], urgent: true, asksConfirmation: true });
    expect(reasonOf(everything, { ...ALL, mentions: false })).toBe('urgent');
    expect(reasonOf(everything, { ...ALL, mentions: false, urgent: false })).toBe('confirm-request');
    expect(reasonOf(everything, NONE)).toBeNull();
    expect(reasonOf(post({ urgent: true }), { ...ALL, urgent: false })).toBeNull();
  });

  it('says nothing of an ordinary post, or of a mention of someone else', () => {
    expect(reasonOf(post())).toBeNull();
    expect(reasonOf(post({ mentionedUserIds: ['care-manager'] }))).toBeNull();
  });

  it('never tells the user of their own post, whatever it asks', () => {
    const own = post({ author: { ...post().author, userId: ME }, mentionedUserIds: [ME], urgent: true, asksConfirmation: true });
    expect(reasonOf(own)).toBeNull();
  });

  it('says nothing of a post already read, an edit or a retraction', () => {
    const urgent = post({ urgent: true, seq: 5 });
    expect(reasonOf(urgent, ALL, 5)).toBeNull();
    expect(reasonOf(urgent, ALL, 4)).toBe('urgent');
    expect(reasonOf(post({ urgent: true, version: 2 }))).toBeNull();
    expect(reasonOf(post({ urgent: true, retracted: true, body: '' }))).toBeNull();
  });

  it('cuts a long post short, and goes without the title when the timeline has none yet', () => {
    const long = notificationFor(post({ urgent: true, body: 'あ'.repeat(200) }), ME, 0, ALL, '');
    expect(long?.title).toBe('至急');
    expect(long?.body).toBe(`鈴木 恵子（訪問看護ステーションあおば）: ${'あ'.repeat(80)}…`);
  });
});
