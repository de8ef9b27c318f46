// The contact timeline's service (timeline.proto), on the clinical API's channel and credentials:
// the unary calls, and the one live subscription per session. Messages are handed on as they
// arrive; core/timeline/timeline-views.ts maps them to what the screens show.
import type { FileHandle } from 'node:fs/promises';
import type * as grpc from '@grpc/grpc-js';
import type { AttachmentUploadHeader } from '@renkei/proto/generated/renkei/v1/AttachmentUploadHeader';
import type { ConfirmPostRequest } from '@renkei/proto/generated/renkei/v1/ConfirmPostRequest';
import type { CreateGroupRequest } from '@renkei/proto/generated/renkei/v1/CreateGroupRequest';
import type { DownloadAttachmentRequest } from '@renkei/proto/generated/renkei/v1/DownloadAttachmentRequest';
import type { EditPostRequest } from '@renkei/proto/generated/renkei/v1/EditPostRequest';
import type { FileAttachmentRequest } from '@renkei/proto/generated/renkei/v1/FileAttachmentRequest';
import type { FileAttachmentResponse__Output } from '@renkei/proto/generated/renkei/v1/FileAttachmentResponse';
import type { GetPostReadersRequest } from '@renkei/proto/generated/renkei/v1/GetPostReadersRequest';
import type { GroupMemberRequest } from '@renkei/proto/generated/renkei/v1/GroupMemberRequest';
import type { ListTimelinesResponse__Output } from '@renkei/proto/generated/renkei/v1/ListTimelinesResponse';
import type { MarkReadRequest } from '@renkei/proto/generated/renkei/v1/MarkReadRequest';
import type { PostAttachment__Output } from '@renkei/proto/generated/renkei/v1/PostAttachment';
import type { Post__Output } from '@renkei/proto/generated/renkei/v1/Post';
import type { PostReaders__Output } from '@renkei/proto/generated/renkei/v1/PostReaders';
import type { PromoteToNoteRequest } from '@renkei/proto/generated/renkei/v1/PromoteToNoteRequest';
import type { PromoteToNoteResponse__Output } from '@renkei/proto/generated/renkei/v1/PromoteToNoteResponse';
import type { ReadMarker__Output } from '@renkei/proto/generated/renkei/v1/ReadMarker';
import type { ReadTimelineRequest } from '@renkei/proto/generated/renkei/v1/ReadTimelineRequest';
import type { ReadTimelineResponse__Output } from '@renkei/proto/generated/renkei/v1/ReadTimelineResponse';
import type { RetractPostRequest } from '@renkei/proto/generated/renkei/v1/RetractPostRequest';
import type { SubscribeRequest } from '@renkei/proto/generated/renkei/v1/SubscribeRequest';
import type { TimelineEvent__Output } from '@renkei/proto/generated/renkei/v1/TimelineEvent';
import type { UploadAttachmentRequest } from '@renkei/proto/generated/renkei/v1/UploadAttachmentRequest';
import type { TimelineSummary__Output } from '@renkei/proto/generated/renkei/v1/TimelineSummary';
import type { TimelineServiceClient } from '@renkei/proto/generated/renkei/v1/TimelineService';
import type { WritePostRequest } from '@renkei/proto/generated/renkei/v1/WritePostRequest';
import { loadApi } from '@renkei/proto';
import { ApiError } from './api-error';
import { downloadFile, uploadFile, type TransferOptions, type UploadOptions } from './file-transfer';
import { unary } from './grpc-connection';

// A clinician is looking at the screen: fall back to the cache rather than wait long.
const READ_DEADLINE_MS = 5_000;

/** The live stream of the user's timelines, as the subscription reads it. */
export interface TimelineStream {
  /** Ends the stream from this side (logout, the app stops); `onEnd` is not called. */
  cancel(): void;
}

export interface TimelineStreamHandlers {
  onEvent(event: TimelineEvent__Output): void;
  /** The stream ended: with the error that ended it, or null when the server closed it. */
  onEnd(error: ApiError | null): void;
}

export class TimelineServiceApi {
  private readonly timelines: TimelineServiceClient;

  constructor(
    address: string,
    credentials: grpc.ChannelCredentials,
    options: grpc.ClientOptions,
    private readonly metadata: () => grpc.Metadata,
  ) {
    this.timelines = new (loadApi().grpcObject.renkei.v1.TimelineService)(address, credentials, options);
  }

  listTimelines(): Promise<ListTimelinesResponse__Output> {
    return unary(this.timelines, this.timelines.ListTimelines, {}, this.metadata(), READ_DEADLINE_MS);
  }

  readTimeline(request: ReadTimelineRequest): Promise<ReadTimelineResponse__Output> {
    return unary(this.timelines, this.timelines.ReadTimeline, request, this.metadata(), READ_DEADLINE_MS);
  }

  writePost(request: WritePostRequest): Promise<Post__Output> {
    return unary(this.timelines, this.timelines.WritePost, request, this.metadata());
  }

  editPost(request: EditPostRequest): Promise<Post__Output> {
    return unary(this.timelines, this.timelines.EditPost, request, this.metadata());
  }

  retractPost(request: RetractPostRequest): Promise<Post__Output> {
    return unary(this.timelines, this.timelines.RetractPost, request, this.metadata());
  }

  markRead(request: MarkReadRequest): Promise<ReadMarker__Output> {
    return unary(this.timelines, this.timelines.MarkRead, request, this.metadata());
  }

  confirmPost(request: ConfirmPostRequest): Promise<Post__Output> {
    return unary(this.timelines, this.timelines.ConfirmPost, request, this.metadata());
  }

  getPostReaders(request: GetPostReadersRequest): Promise<PostReaders__Output> {
    return unary(this.timelines, this.timelines.GetPostReaders, request, this.metadata(), READ_DEADLINE_MS);
  }

  promoteToNote(request: PromoteToNoteRequest): Promise<PromoteToNoteResponse__Output> {
    return unary(this.timelines, this.timelines.PromoteToNote, request, this.metadata());
  }

  /** Uploads a photo or PDF for a post not yet written (its size and SHA-256 go into the header). */
  uploadAttachment(header: Omit<AttachmentUploadHeader, 'size' | 'sha256'>, file: FileHandle, options: UploadOptions = {}): Promise<PostAttachment__Output> {
    return uploadFile<UploadAttachmentRequest, PostAttachment__Output>(
      (callOptions, callback) => this.timelines.UploadAttachment(this.metadata(), callOptions, callback),
      { header: (size) => ({ header: { ...header, size, sha256: '' } }), chunk: (chunk) => ({ chunk }), trailer: (sha256) => ({ trailer: { sha256 } }) },
      file,
      options,
    );
  }

  /** A post's attachment with its description, checked against it. */
  downloadAttachment(request: DownloadAttachmentRequest, options: TransferOptions = {}): Promise<{ info: PostAttachment__Output; bytes: Buffer }> {
    return downloadFile<PostAttachment__Output>((callOptions) => this.timelines.DownloadAttachment(request, this.metadata(), callOptions), options);
  }

  fileAttachment(request: FileAttachmentRequest): Promise<FileAttachmentResponse__Output> {
    return unary(this.timelines, this.timelines.FileAttachment, request, this.metadata());
  }

  createGroup(request: CreateGroupRequest): Promise<TimelineSummary__Output> {
    return unary(this.timelines, this.timelines.CreateGroup, request, this.metadata());
  }

  addGroupMember(request: GroupMemberRequest): Promise<TimelineSummary__Output> {
    return unary(this.timelines, this.timelines.AddGroupMember, request, this.metadata());
  }

  removeGroupMember(request: GroupMemberRequest): Promise<TimelineSummary__Output> {
    return unary(this.timelines, this.timelines.RemoveGroupMember, request, this.metadata());
  }

  /**
   * The live stream from `cursor` ('' = from now). No deadline: it lasts the session; the
   * channel's keepalive and the server's heartbeats find a dead connection.
   */
  subscribe(cursor: string, handlers: TimelineStreamHandlers): TimelineStream {
    const request: SubscribeRequest = { cursor };
    const call = this.timelines.Subscribe(request, this.metadata());
    let cancelled = false;
    let ended = false;
    const end = (error: ApiError | null) => {
      if (ended || cancelled) return;
      ended = true;
      handlers.onEnd(error);
    };
    call.on('data', (event: TimelineEvent__Output) => {
      if (!cancelled && !ended) handlers.onEvent(event);
    });
    call.on('error', (error) => end(ApiError.from(error)));
    call.on('end', () => end(null));
    return {
      cancel: () => {
        cancelled = true;
        call.cancel();
      },
    };
  }
}
