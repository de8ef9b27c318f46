// The contact timeline's service (timeline.proto), on the clinical API's channel and credentials:
// the unary calls, and the one live subscription per session. Messages are handed on as they
// arrive; core/timeline/timeline-views.ts maps them to what the screens show.
import type * as grpc from '@grpc/grpc-js';
import type { ConfirmPostRequest } from '@renkei/proto/generated/renkei/v1/ConfirmPostRequest';
import type { CreateGroupRequest } from '@renkei/proto/generated/renkei/v1/CreateGroupRequest';
import type { EditPostRequest } from '@renkei/proto/generated/renkei/v1/EditPostRequest';
import type { GetPostReadersRequest } from '@renkei/proto/generated/renkei/v1/GetPostReadersRequest';
import type { GroupMemberRequest } from '@renkei/proto/generated/renkei/v1/GroupMemberRequest';
import type { ListTimelinesResponse__Output } from '@renkei/proto/generated/renkei/v1/ListTimelinesResponse';
import type { MarkReadRequest } from '@renkei/proto/generated/renkei/v1/MarkReadRequest';
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
import type { TimelineSummary__Output } from '@renkei/proto/generated/renkei/v1/TimelineSummary';
import type { TimelineServiceClient } from '@renkei/proto/generated/renkei/v1/TimelineService';
import type { WritePostRequest } from '@renkei/proto/generated/renkei/v1/WritePostRequest';
import { loadApi } from '@renkei/proto';
import { ApiError } from './api-error';
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
