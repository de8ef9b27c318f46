// From the timeline's messages (timeline.proto) to the shapes the screens use
// (shared/timeline-views.ts), and the key by which this PC files a timeline.
import type { Post__Output } from '@renkei/proto/generated/renkei/v1/Post';
import type { PostAttachment__Output } from '@renkei/proto/generated/renkei/v1/PostAttachment';
import type { SoapSection__Output } from '@renkei/proto/generated/renkei/v1/SoapSection';
import type { PostReader__Output } from '@renkei/proto/generated/renkei/v1/PostReader';
import type { TimelineMember__Output } from '@renkei/proto/generated/renkei/v1/TimelineMember';
import type { TimelineRef, TimelineRef__Output } from '@renkei/proto/generated/renkei/v1/TimelineRef';
import type { TimelineSummary__Output } from '@renkei/proto/generated/renkei/v1/TimelineSummary';
import type { DocumentMediaType } from '../../shared/desktop-api';
import type {
  PostAttachmentView,
  PostReaderView,
  PostView,
  SoapSectionName,
  TimelineMemberView,
  TimelineRefView,
  TimelineSummaryView,
} from '../../shared/timeline-views';
import { isoOf, nameOf } from '../api/proto-values';
import { authorView } from '../chart/chart-views';

/** A timeline as the cache files it: 'patient:<id>' or 'group:<id>' (ids only, nothing readable). */
export type TimelineKey = string;

export function keyOf(ref: TimelineRefView): TimelineKey {
  return `${ref.kind}:${ref.id}`;
}

export function refOfKey(key: TimelineKey): TimelineRefView {
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) === 'group' ? 'group' : 'patient', id: key.slice(at + 1) };
}

export function refMessage(ref: TimelineRefView): TimelineRef {
  return ref.kind === 'patient' ? { patientId: ref.id } : { groupId: ref.id };
}

export function refView(ref: TimelineRef__Output | null | undefined): TimelineRefView {
  if (ref?.target === 'groupId') return { kind: 'group', id: ref.groupId ?? '' };
  return { kind: 'patient', id: ref?.patientId ?? '' };
}

const MEDIA_TYPES: Readonly<Record<string, DocumentMediaType>> = {
  MEDIA_TYPE_PDF: 'application/pdf',
  MEDIA_TYPE_JPEG: 'image/jpeg',
  MEDIA_TYPE_PNG: 'image/png',
  MEDIA_TYPE_TIFF: 'image/tiff',
};

export function attachmentView(attachment: PostAttachment__Output): PostAttachmentView {
  return {
    attachmentId: attachment.attachmentId,
    fileName: attachment.fileName,
    // The server types every attachment by its content; an unknown value from a newer server reads as a PDF.
    mediaType: MEDIA_TYPES[String(attachment.mediaType)] ?? 'application/pdf',
    size: Number(attachment.size),
    pageCount: attachment.pageCount,
    filedDocumentId: attachment.filedDocumentId,
  };
}

export function postView(post: Post__Output): PostView {
  return {
    postId: post.postId,
    timeline: refView(post.timeline),
    seq: Number(post.seq),
    replyToPostId: post.replyToPostId,
    version: post.version,
    body: post.body,
    urgent: post.urgent,
    asksConfirmation: post.asksConfirmation,
    mentionedUserIds: [...post.mentionedUserIds],
    attachments: post.attachments.map(attachmentView),
    author: authorView(post.author),
    postedAt: isoOf(post.postedAt) ?? '',
    editedAt: isoOf(post.editedAt) ?? '',
    retracted: post.retracted,
    confirmations: post.confirmations.map((c) => ({ userId: c.userId, confirmedAt: isoOf(c.confirmedAt) ?? '' })),
    promotedNoteId: post.promotedNoteId,
    promotedBy: post.promotedNoteId ? authorView(post.promotedBy) : null,
    promotedAt: isoOf(post.promotedAt),
    delivery: 'sent',
    pendingFiles: [],
    clientRequestId: '',
    error: null,
  };
}

export function memberView(member: TimelineMember__Output): TimelineMemberView {
  return {
    userId: member.userId,
    name: nameOf(member.name),
    profession: String(member.profession),
    facilityId: member.facilityId,
    facilityName: member.facilityName,
    readUpTo: Number(member.readUpTo),
    owner: member.owner,
  };
}

/** A summary as the server said it; `pending` is this PC's to fill in. */
export function summaryView(summary: TimelineSummary__Output): TimelineSummaryView {
  return {
    timeline: refView(summary.timeline),
    title: summary.title,
    titleKana: summary.titleKana,
    unread: summary.unread,
    mentions: summary.mentions,
    urgentUnread: summary.urgentUnread,
    readUpTo: Number(summary.readUpTo),
    lastPostSeq: Number(summary.lastPostSeq),
    lastPostedAt: isoOf(summary.lastPostedAt),
    lastPostExcerpt: summary.lastPostExcerpt,
    canWrite: summary.canWrite,
    pending: 0,
  };
}

export function readerView(reader: PostReader__Output): PostReaderView {
  return {
    member: memberView(reader.member!),
    readAt: isoOf(reader.readAt),
    confirmedAt: isoOf(reader.confirmedAt),
  };
}

export const SOAP_SECTIONS: Readonly<Record<SoapSectionName, SoapSection__Output>> = {
  subjective: 'SOAP_SECTION_SUBJECTIVE',
  objective: 'SOAP_SECTION_OBJECTIVE',
  assessment: 'SOAP_SECTION_ASSESSMENT',
  plan: 'SOAP_SECTION_PLAN',
};
