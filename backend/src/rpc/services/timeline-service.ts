// renkei.v1.TimelineService: the care team's contact timeline (在宅連絡帳). The dispatcher has
// opened the caller's scope on the timeline the request names (access/timeline-access.ts), or on
// the patient for a promotion or a filing; timeline/ applies the rules (author-only edits,
// members-only mentions, markers that never move back) and logs. Attachments stream like
// documents (rpc/services/document-service.ts): the upload's first message is its header, the
// download sends the attachment's info, then its chunks.
import type { DownloadAttachmentResponse } from '@renkei/proto/generated/renkei/v1/DownloadAttachmentResponse';
import type { FileAttachmentResponse } from '@renkei/proto/generated/renkei/v1/FileAttachmentResponse';
import type { ListTimelinesResponse } from '@renkei/proto/generated/renkei/v1/ListTimelinesResponse';
import type { Post } from '@renkei/proto/generated/renkei/v1/Post';
import type { PostAttachment } from '@renkei/proto/generated/renkei/v1/PostAttachment';
import type { PostReaders } from '@renkei/proto/generated/renkei/v1/PostReaders';
import type { PromoteToNoteResponse } from '@renkei/proto/generated/renkei/v1/PromoteToNoteResponse';
import type { ReadMarker } from '@renkei/proto/generated/renkei/v1/ReadMarker';
import type { ReadTimelineResponse } from '@renkei/proto/generated/renkei/v1/ReadTimelineResponse';
import type { TimelineSummary } from '@renkei/proto/generated/renkei/v1/TimelineSummary';
import type { UploadAttachmentRequest__Output } from '@renkei/proto/generated/renkei/v1/UploadAttachmentRequest';
import { z } from 'zod';
import type { BlobStore } from '../../documents/blob-store';
import { uploadBody } from '../../documents/upload-body';
import {
  attachmentHeaderInput,
  attachmentRefInput,
  fileAttachment,
  openAttachment,
  uploadAttachment,
  type fileAttachmentInput,
} from '../../timeline/attachments';
import { addGroupMember, createGroup, groupMemberInput, removeGroupMember } from '../../timeline/groups';
import { editPost, retractPost, retractPostInput, writePost } from '../../timeline/posts';
import { promoteToNote, type promoteInput } from '../../timeline/promotion';
import { confirmPost, markRead, markReadInput, postReaders, postRefInput } from '../../timeline/read-state';
import { listTimelines, readTimeline, readTimelineInput } from '../../timeline/timelines';
import type { TimelineEvent } from '@renkei/proto/generated/renkei/v1/TimelineEvent';
import type { EventHub } from '../../timeline/event-hub';
import { runSubscription, type SubscriptionOptions } from '../../timeline/subscription';
import type { Clock } from '../../time';
import { uuid } from '../../validation';
import type { ClientStreamingMethod, ServerStreamingMethod, ServiceMethod, UnaryMethod } from '../dispatcher';

/** The live stream's parts: the process's event hub, and the stream's timing and bounds. */
export interface TimelineStreaming {
  hub: EventHub;
  clock: Clock;
  options?: SubscriptionOptions;
}

interface TimelineServiceDeps {
  blobs: BlobStore;
  /** documents.maxUploadMb of the server configuration: an attachment is held to a document's limit. */
  maxUploadMb: number;
  /** timeline.maxUnclaimedUploads of the server configuration. */
  maxUnclaimedUploads: number;
  streaming: TimelineStreaming;
}

// Every request names its timeline (the dispatcher reads it); the domain's inputs are the rest.
const timeline = z.object({ patientId: z.string().optional(), groupId: z.string().optional() }).nullish();
const withTimeline = <T extends z.ZodRawShape>(shape: T) => z.object({ timeline, ...shape });
// WritePost's own rules (required request id, empty post) are applied by writePost(); here its shape.
const writeRequest = withTimeline({
  clientRequestId: z.string().max(100),
  body: z.string(),
  urgent: z.boolean(),
  asksConfirmation: z.boolean(),
  mentionedUserIds: z.array(z.string().max(100)).max(1000),
  replyToPostId: z.string().max(100),
  attachmentIds: z.array(z.string().max(100)).max(1000),
});
const editRequest = withTimeline({
  postId: z.string().max(100),
  baseVersion: z.number(),
  body: z.string(),
  mentionedUserIds: z.array(z.string().max(100)).max(1000),
});
const retractRequest = withTimeline(retractPostInput.shape);
const readRequest = withTimeline(readTimelineInput.shape);
const markRequest = withTimeline(markReadInput.shape);
const postRequest = withTimeline(postRefInput.shape);
const promoteRequest = z.object({ patientId: uuid, postIds: z.array(z.string().max(100)).max(1000), section: z.string() });
const groupRequest = z.object({ groupId: uuid, ...groupMemberInput.shape });
const attachmentHeader = withTimeline(attachmentHeaderInput.shape);
/** The first message of an upload must be its header; the header (with its timeline) is what the handler and the policy see. */
const firstAttachmentMessage = z
  .object({ part: z.literal('header', 'HEADER_FIRST'), header: z.unknown().optional() })
  .pipe(z.object({ part: z.literal('header'), header: attachmentHeader }))
  .transform((message) => message.header);
const downloadAttachmentRequest = withTimeline(attachmentRefInput.shape);
// FileAttachment's own rules (the document types an attachment may be filed as) are fileAttachment()'s.
const fileAttachmentRequest = z.object({
  patientId: uuid,
  postId: z.string().max(100),
  attachmentId: z.string().max(100),
  documentType: z.string().max(100),
  title: z.string(),
});
const subscribeRequest = z.object({ cursor: z.string().max(1000) });
const createGroupRequest = z.object({ clientRequestId: z.string().max(100), title: z.string(), memberUserIds: z.array(z.string().max(100)).max(1000) });

type On<Level extends 'user' | 'care-team' | 'timeline-member', Req extends z.ZodType, Res> = UnaryMethod<z.output<Req>, Res, Level>;

export function timelineService(deps: TimelineServiceDeps): Record<string, ServiceMethod> {
  const { streaming } = deps;
  const ListTimelines: UnaryMethod<object, ListTimelinesResponse, 'user'> = { access: 'user', handle: (_request, scope) => listTimelines(scope) };
  const ReadTimeline: On<'timeline-member', typeof readRequest, ReadTimelineResponse> = {
    access: 'timeline-member',
    request: readRequest,
    handle: (request, scope) => readTimeline(scope, request),
  };
  const WritePost: On<'timeline-member', typeof writeRequest, Post> = {
    access: 'timeline-member',
    request: writeRequest,
    handle: (request, scope) => writePost(scope, request),
  };
  const EditPost: On<'timeline-member', typeof editRequest, Post> = {
    access: 'timeline-member',
    request: editRequest,
    handle: (request, scope) => editPost(scope, request),
  };
  const RetractPost: On<'timeline-member', typeof retractRequest, Post> = {
    access: 'timeline-member',
    request: retractRequest,
    handle: (request, scope) => retractPost(scope, request),
  };
  const MarkRead: On<'timeline-member', typeof markRequest, ReadMarker> = {
    access: 'timeline-member',
    request: markRequest,
    handle: (request, scope) => markRead(scope, request),
  };
  const ConfirmPost: On<'timeline-member', typeof postRequest, Post> = {
    access: 'timeline-member',
    request: postRequest,
    handle: (request, scope) => confirmPost(scope, request),
  };
  const GetPostReaders: On<'timeline-member', typeof postRequest, PostReaders> = {
    access: 'timeline-member',
    request: postRequest,
    handle: (request, scope) => postReaders(scope, request),
  };
  const PromoteToNote: On<'care-team', typeof promoteRequest, PromoteToNoteResponse> = {
    access: 'care-team',
    request: promoteRequest,
    handle: (request, scope) => promoteToNote(scope, request as z.input<typeof promoteInput>),
  };
  const UploadAttachment: ClientStreamingMethod<z.output<typeof attachmentHeader>, UploadAttachmentRequest__Output, PostAttachment, 'timeline-member'> = {
    kind: 'client-streaming',
    access: 'timeline-member',
    first: firstAttachmentMessage,
    handle: (header, rest, scope) =>
      uploadAttachment(scope, {
        blobs: deps.blobs,
        maxUploadMb: deps.maxUploadMb,
        maxUnclaimedUploads: deps.maxUnclaimedUploads,
        header,
        body: uploadBody(rest, header.sha256),
        signal: scope.signal,
      }),
  };
  const DownloadAttachment: ServerStreamingMethod<z.output<typeof downloadAttachmentRequest>, DownloadAttachmentResponse, 'timeline-member'> = {
    kind: 'server-streaming',
    access: 'timeline-member',
    request: downloadAttachmentRequest,
    async handle(request, send, scope) {
      const { info, stream } = await openAttachment(scope, deps.blobs, request);
      try {
        await send({ info });
        for await (const chunk of stream) {
          scope.signal.throwIfAborted();
          await send({ chunk: chunk as Buffer });
        }
      } finally {
        stream.destroy();
      }
    },
  };
  const FileAttachment: On<'care-team', typeof fileAttachmentRequest, FileAttachmentResponse> = {
    access: 'care-team',
    request: fileAttachmentRequest,
    handle: (request, scope) => fileAttachment(scope, request as z.input<typeof fileAttachmentInput>),
  };
  const CreateGroup: On<'user', typeof createGroupRequest, TimelineSummary> = {
    access: 'user',
    request: createGroupRequest,
    handle: (request, scope) => createGroup(scope, request),
  };
  const AddGroupMember: On<'timeline-member', typeof groupRequest, TimelineSummary> = {
    access: 'timeline-member',
    request: groupRequest,
    handle: (request, scope) => addGroupMember(scope, request),
  };
  const RemoveGroupMember: On<'timeline-member', typeof groupRequest, TimelineSummary> = {
    access: 'timeline-member',
    request: groupRequest,
    handle: (request, scope) => removeGroupMember(scope, request),
  };
  const Subscribe: ServerStreamingMethod<z.output<typeof subscribeRequest>, TimelineEvent, 'user'> = {
    kind: 'server-streaming',
    access: 'user',
    request: subscribeRequest,
    handle: (request, send, context) =>
      runSubscription(
        streaming.hub,
        { store: context.store, clock: streaming.clock, userId: context.user.id, sessionId: context.session.id },
        request.cursor,
        send,
        context.signal,
        streaming.options,
      ),
  };
  return {
    ListTimelines,
    Subscribe,
    ReadTimeline,
    WritePost,
    EditPost,
    RetractPost,
    MarkRead,
    ConfirmPost,
    GetPostReaders,
    PromoteToNote,
    UploadAttachment,
    DownloadAttachment,
    FileAttachment,
    CreateGroup,
    AddGroupMember,
    RemoveGroupMember,
  };
}
