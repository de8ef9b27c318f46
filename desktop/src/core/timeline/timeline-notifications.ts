// Which new posts deserve a desktop notification: one by someone else, not yet read by the user,
// that mentions the user, is urgent (至急), or asks them to confirm (確認依頼), each as far as the
// user's settings allow. One notification per post, for its strongest reason (a mention names the
// user; urgency concerns the patient; a confirmation can wait for the timeline to be opened).
import type { NotificationSettings, PostView, TimelineNotification } from '../../shared/timeline-views';

const EXCERPT_LENGTH = 80;

const LABELS: Record<TimelineNotification['reason'], string> = {
  mention: 'あなた宛て',
  urgent: '至急',
  'confirm-request': '確認依頼',
};

export function notificationFor(
  post: PostView,
  me: string,
  readUpTo: number,
  settings: NotificationSettings,
  /** The timeline's title (the patient's name or the group's). */
  timelineTitle: string,
): TimelineNotification | null {
  if (post.version !== 1 || post.retracted || post.author.userId === me || post.seq <= readUpTo) return null;
  const reason: TimelineNotification['reason'] | null =
    settings.mentions && post.mentionedUserIds.includes(me)
      ? 'mention'
      : settings.urgent && post.urgent
        ? 'urgent'
        : settings.confirmRequests && post.asksConfirmation
          ? 'confirm-request'
          : null;
  if (!reason) return null;
  const text = post.body.replace(/\s+/g, ' ').trim();
  const excerpt = text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
  const author = `${post.author.name.family} ${post.author.name.given}`.trim();
  return {
    reason,
    timeline: post.timeline,
    postId: post.postId,
    title: timelineTitle ? `${LABELS[reason]}｜${timelineTitle}` : LABELS[reason],
    body: `${author}${post.author.facilityName ? `（${post.author.facilityName}）` : ''}: ${excerpt}`,
  };
}
