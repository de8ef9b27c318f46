// The contact timeline (在宅連絡帳) as the screens reach it (TimelineApi, shared/timeline-views.ts):
// the inbox and a timeline's posts from the server while it answers (kept in the user's timeline
// cache), else from that cache, with how old it is; new posts to the server, or, while it cannot
// be reached, to the outbox, with the photos and PDFs dropped for them (post-attachments.ts); the
// other writes need the server. What arrives live is the subscription's
// (timeline-subscription.ts); it files into the same cache.
import { randomUUID } from 'node:crypto';
import type { TimelineSummary__Output } from '@renkei/proto/generated/renkei/v1/TimelineSummary';
import type {
  ColleagueView,
  EditPostInput,
  FileAttachmentInput,
  GroupView,
  InboxView,
  NotificationSettings,
  OpenedAttachment,
  PostReaderView,
  PostView,
  SoapSectionName,
  TimelineChange,
  TimelinePageView,
  TimelineRefView,
  TimelineSummaryView,
  WritePostInput,
} from '../../shared/timeline-views';
import type { DocumentTypeName } from '@renkei/proto/labels';
import { inboxOrder } from '../../shared/timeline-views';
import type { TimelineServiceApi } from '../api/timeline-api';
import type { ServerConnection } from '../connection/server-connection';
import { fail } from '../desktop-error';
import type { StagedFiles } from '../documents/staged-files';
import type { SessionManager, UserSession } from '../session/session-manager';
import { LOCAL_ERRORS } from '../user-messages';
import { PostAttachments } from './post-attachments';
import { PostOutbox, writeRequest } from './post-outbox';
import { applyReadMarker, type Applied } from './stream-events';
import type { CachedTimeline } from './timeline-cache';
import { attachmentView, keyOf, refOfKey, memberView, postView, readerView, refMessage, SOAP_SECTIONS, summaryView } from './timeline-mapping';

const PAGE_SIZE = 50;

export class TimelineGateway {
  readonly outbox: PostOutbox;
  private readonly attachments: PostAttachments;

  constructor(
    private readonly sessions: SessionManager,
    private readonly connection: ServerConnection,
    staged: StagedFiles,
    private readonly publish: (change: TimelineChange) => void,
    private readonly now: () => Date,
  ) {
    this.attachments = new PostAttachments(staged);
    this.outbox = new PostOutbox(sessions, connection, this.attachments, publish, now);
  }

  /** A call that needs the server; offline, the user is told so. */
  private withServer<T>(call: (api: TimelineServiceApi, session: UserSession) => Promise<T>): Promise<T> {
    const session = this.sessions.require();
    return this.connection.ask(
      Boolean(session.token),
      (api) => call(api.timeline, session),
      () => fail(LOCAL_ERRORS.timelineNeedsConnection),
    );
  }

  private withPending(session: UserSession, summary: TimelineSummaryView): TimelineSummaryView {
    return { ...summary, pending: this.outbox.waiting(session, keyOf(summary.timeline)).length };
  }

  /** Reads the user's timelines from the server into the cache (the ones no longer listed leave it). */
  async refreshInbox(session: UserSession, api: TimelineServiceApi): Promise<CachedTimeline[]> {
    const list = await api.listTimelines();
    const at = this.now();
    const timelines = list.timelines.map((summary) => ({ summary: summaryView(summary), members: summary.members.map(memberView) }));
    const gone = session.timeline.replaceTimelines(timelines, at, (summary) => keyOf(summary.timeline));
    for (const key of gone) this.publish({ kind: 'left', timeline: refOfKey(key) });
    return timelines.map((t) => ({ ...t, syncedAt: at.toISOString() }));
  }

  /** Patients left the user's view (the sync's tombstones): their timelines leave this PC. */
  patientsLeft(session: UserSession, patientIds: readonly string[]): void {
    for (const id of patientIds) {
      const timeline: TimelineRefView = { kind: 'patient', id };
      session.timeline.removeTimeline(keyOf(timeline));
      this.publish({ kind: 'left', timeline });
    }
  }

  async listTimelines(): Promise<InboxView> {
    const session = this.sessions.require();
    const inbox = (timelines: CachedTimeline[], source: InboxView['source'], asOf: string | null): InboxView => ({
      timelines: timelines.map((t) => this.withPending(session, t.summary)).sort(inboxOrder),
      source,
      asOf,
    });
    return this.connection.ask(
      Boolean(session.token),
      async (api) => inbox(await this.refreshInbox(session, api.timeline), 'server', session.timeline.listedAt),
      () => inbox(session.timeline.timelines(), 'cache', session.timeline.listedAt),
    );
  }

  async readTimeline(timeline: TimelineRefView, options: { beforeSeq?: number } = {}): Promise<TimelinePageView> {
    const session = this.sessions.require();
    const key = keyOf(timeline);
    const beforeSeq = options.beforeSeq ?? 0;
    // Waiting posts come last, after the newest page only (an older page is history).
    const pending = () => (beforeSeq === 0 ? this.outbox.waiting(session, key) : []);
    return this.connection.ask<TimelinePageView>(
      Boolean(session.token),
      async (api) => {
        const page = await api.timeline.readTimeline({ timeline: refMessage(timeline), beforeSeq, pageSize: PAGE_SIZE });
        const at = this.now();
        const summary = summaryView(page.summary!);
        const members = page.summary!.members.map(memberView);
        const posts = page.posts.map(postView).reverse();
        session.timeline.transaction(() => {
          session.timeline.putTimeline(key, { summary, members }, at);
          for (const post of posts) session.timeline.putPost(key, post);
        });
        session.timeline.prune(at);
        return {
          summary: this.withPending(session, summary),
          members,
          posts: [...posts, ...pending()],
          hasMore: page.hasMore,
          source: 'server',
          asOf: at.toISOString(),
        };
      },
      () => {
        const cached = session.timeline.timeline(key);
        if (!cached) fail(LOCAL_ERRORS.timelineNotCached);
        const { posts, hasMore } = session.timeline.posts(key, beforeSeq, PAGE_SIZE);
        return {
          summary: this.withPending(session, cached.summary),
          members: cached.members,
          posts: [...posts, ...pending()],
          hasMore,
          source: 'cache',
          asOf: cached.syncedAt,
        };
      },
    );
  }

  async writePost(input: WritePostInput): Promise<PostView> {
    const session = this.sessions.require();
    const clientRequestId = randomUUID();
    const files = this.attachments.hold(input.stagedFileIds ?? [], clientRequestId);
    // Posts already waiting go first, so the timeline keeps the order they were written in.
    if (session.timeline.outbox().some((entry) => entry.state !== 'refused')) {
      const waiting = this.outbox.add(session, input, files, clientRequestId);
      void this.outbox.flush();
      return waiting;
    }
    try {
      return await this.connection.ask(
        Boolean(session.token),
        async (api) => {
          // The files first: a refused one (content inspection, too large) refuses the post, which is not written.
          const attachmentIds = await this.attachments.upload(api.timeline, input.timeline, files);
          const post = postView(await api.timeline.writePost(writeRequest(input, clientRequestId, attachmentIds)));
          session.timeline.putPost(keyOf(post.timeline), post);
          this.publish({ kind: 'post', post });
          await this.attachments.release(files);
          return post;
        },
        // Unreachable (or an offline session): the same id goes into the outbox, so a first attempt
        // the server stored before its answer was lost is not posted twice.
        () => this.outbox.add(session, input, files, clientRequestId),
      );
    } catch (error) {
      // Refused: the compose box still shows the post and its files, to be corrected and sent again.
      this.attachments.letGo(files);
      throw error;
    }
  }

  cancelPendingPost(clientRequestId: string): Promise<void> {
    return this.outbox.cancel(clientRequestId);
  }

  /** A post the server answered: kept in the cache and told to the screens. */
  private stored(session: UserSession, post: PostView): PostView {
    session.timeline.putPost(keyOf(post.timeline), post);
    this.publish({ kind: 'post', post });
    return post;
  }

  editPost(input: EditPostInput): Promise<PostView> {
    return this.withServer(async (api, session) =>
      this.stored(
        session,
        postView(
          await api.editPost({
            timeline: refMessage(input.timeline),
            postId: input.postId,
            baseVersion: input.baseVersion,
            body: input.body,
            mentionedUserIds: input.mentionedUserIds,
          }),
        ),
      ),
    );
  }

  retractPost(timeline: TimelineRefView, postId: string, baseVersion: number): Promise<PostView> {
    return this.withServer(async (api, session) =>
      this.stored(session, postView(await api.retractPost({ timeline: refMessage(timeline), postId, baseVersion }))),
    );
  }

  confirmPost(timeline: TimelineRefView, postId: string): Promise<PostView> {
    return this.withServer(async (api, session) => this.stored(session, postView(await api.confirmPost({ timeline: refMessage(timeline), postId }))));
  }

  /**
   * Offline the marker stays where it is (it never moves back, so nothing is lost): the posts are
   * shown again, and marked, when the screen is next opened online.
   */
  async markTimelineRead(timeline: TimelineRefView, upTo: number): Promise<void> {
    const session = this.sessions.require();
    await this.connection.ask(
      Boolean(session.token),
      async (api) => {
        const marker = await api.timeline.markRead({ timeline: refMessage(timeline), upTo });
        // Filed and told as the stream would (its echo of the marker then finds the counts moved):
        // the screens move 既読 and the inbox's counts without reading them again.
        let applied: Applied = { changes: [] };
        session.timeline.transaction(() => {
          applied = applyReadMarker(session.timeline, marker, session.user.id, this.now());
        });
        for (const change of applied.changes) this.publish(change);
      },
      () => undefined,
    );
  }

  getPostReaders(timeline: TimelineRefView, postId: string): Promise<PostReaderView[]> {
    return this.withServer(async (api) => (await api.getPostReaders({ timeline: refMessage(timeline), postId })).readers.map(readerView));
  }

  promotePostsToNote(patientId: string, postIds: string[], section: SoapSectionName): Promise<{ noteId: string; alreadyPromoted: boolean }> {
    return this.withServer(async (api, session) => {
      const promoted = await api.promoteToNote({ patientId, postIds, section: SOAP_SECTIONS[section] });
      for (const post of promoted.posts) this.stored(session, postView(post));
      return { noteId: promoted.note?.noteId ?? '', alreadyPromoted: promoted.alreadyPromoted };
    });
  }

  /** A post's photo or PDF, from the server (which checks the user may see the post); its size and SHA-256 checked. */
  async openAttachment(timeline: TimelineRefView, postId: string, attachmentId: string): Promise<OpenedAttachment> {
    const { info, bytes } = await this.withServer((api) => api.downloadAttachment({ timeline: refMessage(timeline), postId, attachmentId }));
    return { attachment: attachmentView(info), bytes };
  }

  /** Files a patient timeline's attachment as a chart document; the post then shows it filed. */
  fileAttachment(input: FileAttachmentInput): Promise<{ documentId: string; alreadyFiled: boolean }> {
    return this.withServer(async (api, session) => {
      const filed = await api.fileAttachment({
        patientId: input.patientId,
        postId: input.postId,
        attachmentId: input.attachmentId,
        documentType: input.documentType as DocumentTypeName,
        title: input.title,
      });
      if (filed.post) this.stored(session, postView(filed.post));
      return { documentId: filed.document?.documentId ?? '', alreadyFiled: filed.alreadyFiled };
    });
  }

  createGroup(title: string): Promise<GroupView> {
    return this.withServer(async (api, session) =>
      this.groupChanged(session, await api.createGroup({ clientRequestId: randomUUID(), title, memberUserIds: [] })),
    );
  }

  addGroupMember(groupId: string, userId: string): Promise<GroupView> {
    return this.withServer(async (api, session) => this.groupChanged(session, await api.addGroupMember({ groupId, userId })));
  }

  removeGroupMember(groupId: string, userId: string): Promise<GroupView> {
    return this.withServer(async (api, session) => {
      const summary = await api.removeGroupMember({ groupId, userId });
      if (userId !== session.user.id) return this.groupChanged(session, summary);
      // The user left: the group goes from this PC, as it would when the owner removes them.
      const timeline: TimelineRefView = { kind: 'group', id: groupId };
      session.timeline.removeTimeline(keyOf(timeline));
      this.publish({ kind: 'left', timeline });
      return { summary: summaryView(summary), members: summary.members.map(memberView) };
    });
  }

  /** The server's answer to a change of a group: kept in the cache and told to the screens. */
  private groupChanged(session: UserSession, message: TimelineSummary__Output): GroupView {
    const summary = summaryView(message);
    const members = message.members.map(memberView);
    session.timeline.putTimeline(keyOf(summary.timeline), { summary, members }, this.now());
    this.publish({ kind: 'summary', summary: this.withPending(session, summary) });
    return { summary: this.withPending(session, summary), members };
  }

  async listColleagues(): Promise<ColleagueView[]> {
    const session = this.sessions.require();
    const known = new Map<string, ColleagueView>();
    const add = (person: ColleagueView) => {
      if (person.userId !== session.user.id && !known.has(person.userId)) {
        known.set(person.userId, {
          userId: person.userId,
          name: person.name,
          profession: person.profession,
          facilityId: person.facilityId,
          facilityName: person.facilityName,
        });
      }
    };
    for (const timeline of session.timeline.timelines()) timeline.members.forEach(add);
    for (const patient of session.cache.search('', this.now())) session.cache.overview(patient.id)?.careTeam.forEach(add);
    const reading = (c: ColleagueView) => `${c.name.familyKana}${c.name.givenKana}` || `${c.name.family}${c.name.given}`;
    return [...known.values()].sort((a, b) => reading(a).localeCompare(reading(b), 'ja'));
  }

  async getNotificationSettings(): Promise<NotificationSettings> {
    return this.sessions.require().timeline.notificationSettings;
  }

  async setNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings> {
    const { timeline } = this.sessions.require();
    timeline.notificationSettings = { mentions: settings.mentions, urgent: settings.urgent, confirmRequests: settings.confirmRequests };
    return timeline.notificationSettings;
  }
}
