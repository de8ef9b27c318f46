// The contact timeline (在宅連絡帳) as the screens see it: part of DesktopApi (desktop-api.ts), in
// the same plain-data style. A timeline is a patient's or a group's; posts arrive live through the
// core's one subscription and are kept (the last 30 days) in the user's encrypted cache, so they
// can be read offline. A post written while the server cannot be reached waits in the outbox as
// 'pending' (未送信) and is sent, exactly once, when it can be.
import type { DocumentMediaType, PersonName, RecordAuthorView, UserFacingError } from './record-values';

/** Which timeline: a patient's (id = patient id) or a group's (id = group id). */
export interface TimelineRefView {
  kind: 'patient' | 'group';
  id: string;
}

export interface TimelineMemberView {
  userId: string;
  name: PersonName;
  /** PROFESSION_* */
  profession: string;
  facilityId: string;
  facilityName: string;
  /** The seq of the last post they have seen (0: none). */
  readUpTo: number;
  /** A group's owner. */
  owner: boolean;
}

export interface PostAttachmentView {
  attachmentId: string;
  fileName: string;
  mediaType: DocumentMediaType;
  size: number;
  pageCount: number;
  /** Set once filed into the chart's documents ('' before). */
  filedDocumentId: string;
}

/** A file attached to a post that waits in this PC's outbox: known by name until the server has it. */
export interface PendingFileView {
  fileName: string;
  size: number;
}

export interface PostConfirmationView {
  userId: string;
  confirmedAt: string;
}

export interface PostView {
  postId: string;
  timeline: TimelineRefView;
  /** Its place in the timeline (and in read markers); 0 while it waits in the outbox. */
  seq: number;
  /** A reply (one level of thread): the post replied to, '' otherwise. */
  replyToPostId: string;
  version: number;
  /** '' once retracted. */
  body: string;
  /** 至急 */
  urgent: boolean;
  /** 確認依頼 */
  asksConfirmation: boolean;
  mentionedUserIds: string[];
  attachments: PostAttachmentView[];
  author: RecordAuthorView;
  /** Server time of the first version (for a pending post: when it was written here). */
  postedAt: string;
  /** Server time of this version (an edit, a retraction). */
  editedAt: string;
  /** 「取り消されました」 */
  retracted: boolean;
  confirmations: PostConfirmationView[];
  /** Set once promoted to a progress note ('' before). */
  promotedNoteId: string;
  promotedBy: RecordAuthorView | null;
  promotedAt: string | null;
  /**
   * 'sent': on the server. 'pending': waiting in this PC's outbox (未送信), sent when the server
   * can be reached; 'refused': the server refused it when it was sent (see `error`); it stays
   * here until the user edits and sends it again, or cancels it.
   */
  delivery: 'sent' | 'pending' | 'refused';
  /** For a post in the outbox: the files it will take along (uploaded when it is sent); [] once sent. */
  pendingFiles: PendingFileView[];
  /** For a post in the outbox: what identifies it (cancelPendingPost), and why it was refused. */
  clientRequestId: string;
  error: UserFacingError | null;
}

export interface TimelineSummaryView {
  timeline: TimelineRefView;
  /** The group's name; for a patient, the patient's name (kanji). */
  title: string;
  /** For a patient, the kana reading. */
  titleKana: string;
  /** Posts by others after the user's read marker; with the urgent ones and the ones mentioning the user. */
  unread: number;
  mentions: number;
  urgentUnread: number;
  readUpTo: number;
  lastPostSeq: number;
  lastPostedAt: string | null;
  lastPostExcerpt: string;
  canWrite: boolean;
  /** Posts waiting in this PC's outbox for this timeline. */
  pending: number;
}

/** The inbox's order: urgent unread first, then the newest post first. */
export function inboxOrder(a: TimelineSummaryView, b: TimelineSummaryView): number {
  const urgent = Number(b.urgentUnread > 0) - Number(a.urgentUnread > 0);
  if (urgent !== 0) return urgent;
  return (b.lastPostedAt ?? '').localeCompare(a.lastPostedAt ?? '');
}

export interface InboxView {
  /** Urgent unread first, then the newest post first. */
  timelines: TimelineSummaryView[];
  source: 'server' | 'cache';
  /** When what is shown was last known to match the server. */
  asOf: string | null;
}

export interface TimelinePageView {
  summary: TimelineSummaryView;
  /** Everyone who sees this timeline now, with their read markers: 「既読 n/m」 is counted from them. */
  members: TimelineMemberView[];
  /** Oldest first (newest at the bottom, as in a conversation); pending posts last. */
  posts: PostView[];
  /** Older posts exist before the first one here (readTimeline with beforeSeq). */
  hasMore: boolean;
  source: 'server' | 'cache';
  asOf: string | null;
}

export interface WritePostInput {
  timeline: TimelineRefView;
  body: string;
  urgent: boolean;
  asksConfirmation: boolean;
  mentionedUserIds: string[];
  replyToPostId?: string;
  /** Files dropped on the compose box (stageDroppedFile), attached as photos and PDFs. */
  stagedFileIds?: string[];
}

/** A group (自由グループ) as its members see it: its summary and who is in it (the owner marked). */
export interface GroupView {
  summary: TimelineSummaryView;
  members: TimelineMemberView[];
}

/** Someone the user could add to a group: a member of a care team or a timeline the user shares with them. */
export type ColleagueView = Omit<TimelineMemberView, 'readUpTo' | 'owner'>;

export interface EditPostInput {
  timeline: TimelineRefView;
  postId: string;
  baseVersion: number;
  body: string;
  mentionedUserIds: string[];
}

export interface PostReaderView {
  member: TimelineMemberView;
  readAt: string | null;
  confirmedAt: string | null;
}

export type SoapSectionName = 'subjective' | 'objective' | 'assessment' | 'plan';

export interface OpenedAttachment {
  attachment: PostAttachmentView;
  bytes: Uint8Array;
}

/** What the user wants to be told of by a desktop notification. */
export interface NotificationSettings {
  mentions: boolean;
  urgent: boolean;
  confirmRequests: boolean;
}

/** Something on a timeline changed; the screens update what they show. */
export type TimelineChange =
  | { kind: 'post'; post: PostView }
  | { kind: 'read'; timeline: TimelineRefView; userId: string; readUpTo: number }
  | { kind: 'summary'; summary: TimelineSummaryView }
  /** The user can no longer see this timeline: its posts are gone from this PC. */
  | { kind: 'left'; timeline: TimelineRefView }
  /** Everything may have changed (a reset of the stream): read again. */
  | { kind: 'reset' };

/** A desktop notification the core asks for (the app shows it natively; the bridge through the Web Notification API). */
export interface TimelineNotification {
  reason: 'mention' | 'urgent' | 'confirm-request';
  timeline: TimelineRefView;
  postId: string;
  /** e.g. 「至急｜宮崎 未来斗」 */
  title: string;
  /** The author and the start of the post. */
  body: string;
}

/**
 * The timeline's part of DesktopApi (DesktopApi extends it once the core implements it). Reads come
 * from the server when it answers (and are cached), else from the cache; writes go to the server,
 * or, for a new post while it cannot be reached, to the outbox.
 */
/** A patient timeline's attachment to file into the chart's documents, as what kind and under which title. */
export interface FileAttachmentInput {
  patientId: string;
  postId: string;
  attachmentId: string;
  documentType: string;
  title: string;
}

export interface TimelineApi {
  /** The inbox: every timeline the user is on, with unread, mention and urgent counts. */
  listTimelines(): Promise<InboxView>;
  /** The newest posts (or those before `beforeSeq`), with the members and their read markers. */
  readTimeline(timeline: TimelineRefView, options?: { beforeSeq?: number }): Promise<TimelinePageView>;
  /** Sends the post; when the server cannot be reached, keeps it in the outbox ('pending'). */
  writePost(input: WritePostInput): Promise<PostView>;
  /** Takes a post out of the outbox before it is sent (or after it was refused). */
  cancelPendingPost(clientRequestId: string): Promise<void>;
  editPost(input: EditPostInput): Promise<PostView>;
  retractPost(timeline: TimelineRefView, postId: string, baseVersion: number): Promise<PostView>;
  /** The posts up to `upTo` were shown on screen: moves the user's marker (never back). */
  markTimelineRead(timeline: TimelineRefView, upTo: number): Promise<void>;
  /** 「確認しました」 */
  confirmPost(timeline: TimelineRefView, postId: string): Promise<PostView>;
  getPostReaders(timeline: TimelineRefView, postId: string): Promise<PostReaderView[]>;
  /** Posts of a patient's timeline into one progress note, in the chosen SOAP section (「連絡帳より」). */
  promotePostsToNote(patientId: string, postIds: string[], section: SoapSectionName): Promise<{ noteId: string; alreadyPromoted: boolean }>;
  openAttachment(timeline: TimelineRefView, postId: string, attachmentId: string): Promise<OpenedAttachment>;
  /** Files a patient timeline's attachment into the chart's documents. */
  fileAttachment(input: FileAttachmentInput): Promise<{ documentId: string; alreadyFiled: boolean }>;
  getNotificationSettings(): Promise<NotificationSettings>;
  setNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings>;
  /** Makes a group owned by the user (the name is its title); the user is its first member. */
  createGroup(title: string): Promise<GroupView>;
  /** The owner adds someone of any office of the region. */
  addGroupMember(groupId: string, userId: string): Promise<GroupView>;
  /** The owner removes a member (a member may also remove themself: they leave). */
  removeGroupMember(groupId: string, userId: string): Promise<GroupView>;
  /**
   * The people this PC knows of, to add to a group: the care teams of the user's patients and the
   * members of their timelines. The server offers no directory of the region's users to search.
   */
  listColleagues(): Promise<ColleagueView[]>;
}

/** DesktopEvent members the timeline adds (desktop-api.ts joins them into DesktopEvent). */
export type TimelineEvent =
  | { type: 'timeline'; change: TimelineChange }
  | { type: 'notification'; notification: TimelineNotification }
  /** The user clicked a desktop notification (sent by the app's main process, not the core): show that post. */
  | { type: 'open-post'; timeline: TimelineRefView; postId: string };
