// Posts written while the server could not be reached (未送信). Each waits, sealed in the user's
// timeline cache with the client request id it was given when written, and is sent when the
// server answers again (the tunnel came up, a call got through, the user logged in online), in the
// order written, one at a time. The id makes a send whose answer was lost safe to repeat: the
// server answers the post it already has, so each post appears exactly once.
//
// A post's photos and PDFs go up just before it (post-attachments.ts), and are let go once it is
// sent or cancelled.
//
// A refusal of the post itself (an empty text, a mention of a non-member, the user left the team,
// a file refused by content inspection or gone from this PC) marks it 'refused' with the reason;
// it stays until the user cancels it. A refusal of the session or of this PC keeps it waiting for
// the next online login.
//
// Cancelling races with sending: a post whose send has begun cannot be taken back (the server may
// already have stored it), so cancelPendingPost refuses it with PENDING_POST_BEING_SENT; it then
// appears as sent, and the user retracts it like any post.
import type { UserFacingError, UserView } from '../../shared/desktop-api';
import type { PostView, TimelineChange, WritePostInput } from '../../shared/timeline-views';
import { ApiError } from '../api/api-error';
import type { ServerConnection } from '../connection/server-connection';
import { fail, toDesktopError } from '../desktop-error';
import type { SessionManager, UserSession } from '../session/session-manager';
import { LOCAL_ERRORS } from '../user-messages';
import type { HeldFile, PostAttachments } from './post-attachments';
import type { OutboxEntry } from './timeline-cache';
import { keyOf, postView, refMessage } from './timeline-mapping';

/** The request the server gets for a post (a new one, or one from the outbox). */
export function writeRequest(input: WritePostInput, clientRequestId: string, attachmentIds: string[]) {
  return {
    timeline: refMessage(input.timeline),
    clientRequestId,
    body: input.body,
    urgent: input.urgent,
    asksConfirmation: input.asksConfirmation,
    mentionedUserIds: input.mentionedUserIds,
    replyToPostId: input.replyToPostId ?? '',
    attachmentIds,
  };
}

/** How a post waiting here looks on screen: by this user, now, with no place in the timeline yet. */
export function outboxPostView(entry: OutboxEntry, user: UserView): PostView {
  return {
    postId: '',
    timeline: entry.input.timeline,
    seq: 0,
    replyToPostId: entry.input.replyToPostId ?? '',
    version: 1,
    body: entry.input.body,
    urgent: entry.input.urgent,
    asksConfirmation: entry.input.asksConfirmation,
    mentionedUserIds: entry.input.mentionedUserIds,
    attachments: [],
    author: { userId: user.id, name: user.name, profession: user.profession, facilityName: user.facilityName },
    postedAt: entry.writtenAt,
    editedAt: entry.writtenAt,
    retracted: false,
    confirmations: [],
    promotedNoteId: '',
    promotedBy: null,
    promotedAt: null,
    delivery: entry.state === 'refused' ? 'refused' : 'pending',
    pendingFiles: entry.files.map(({ fileName, size }) => ({ fileName, size })),
    clientRequestId: entry.clientRequestId,
    error: entry.error,
  };
}

export class PostOutbox {
  private sending: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly sessions: SessionManager,
    private readonly connection: ServerConnection,
    private readonly attachments: PostAttachments,
    private readonly publish: (change: TimelineChange) => void,
    private readonly now: () => Date,
  ) {}

  /** Keeps the post, with the files held for it, to be sent later; answers it as 'pending'. */
  add(session: UserSession, input: WritePostInput, files: HeldFile[], clientRequestId: string): PostView {
    const entry: OutboxEntry = { clientRequestId, state: 'pending', input, files, writtenAt: this.now().toISOString(), error: null };
    session.timeline.enqueue(entry);
    const view = outboxPostView(entry, session.user);
    this.publish({ kind: 'post', post: view });
    return view;
  }

  /** The posts of one timeline waiting here, in the order written. */
  waiting(session: UserSession, key: string): PostView[] {
    return session.timeline
      .outbox()
      .filter((entry) => keyOf(entry.input.timeline) === key)
      .map((entry) => outboxPostView(entry, session.user));
  }

  async cancel(clientRequestId: string): Promise<void> {
    const { timeline } = this.sessions.require();
    const entry = timeline.outboxEntry(clientRequestId);
    if (!entry) fail(LOCAL_ERRORS.pendingPostNotFound);
    if (entry.state === 'sending') fail(LOCAL_ERRORS.pendingPostBeingSent);
    timeline.removeFromOutbox(clientRequestId);
    await this.attachments.release(entry.files);
  }

  /** Sends what waits, if the server may be reachable; one run at a time (a call meanwhile runs it once more after). */
  flush(): Promise<void> {
    if (this.sending) {
      this.again = true;
      return this.sending;
    }
    this.sending = (async () => {
      do {
        this.again = false;
        await this.sendAll();
      } while (this.again);
    })().finally(() => {
      this.sending = undefined;
    });
    return this.sending;
  }

  private async sendAll(): Promise<void> {
    const session = this.sessions.current;
    if (!session?.token) return;
    for (;;) {
      // The session may have ended, or the connection gone, while the last one was sent.
      if (this.sessions.current !== session || !this.connection.callsCanGetThrough) return;
      const entry = session.timeline.outbox().find((e) => e.state === 'pending');
      if (!entry) return;
      const lost = this.attachments.lost(entry.files);
      if (lost) {
        this.refuse(session, entry, LOCAL_ERRORS.attachmentFileLost(lost.fileName));
        continue;
      }
      session.timeline.updateOutbox({ ...entry, state: 'sending' });
      let sent;
      try {
        const api = this.connection.clinical().timeline;
        const attachmentIds = await this.attachments.upload(api, entry.input.timeline, entry.files);
        sent = await api.writePost(writeRequest(entry.input, entry.clientRequestId, attachmentIds));
      } catch (error) {
        if (this.sessions.current !== session) return;
        const apiError = error instanceof ApiError ? error : undefined;
        if (apiError && (apiError.unreachable || apiError.refusesSessionOrDevice)) {
          // Not the post's fault: it waits for the next time the server answers this user.
          session.timeline.updateOutbox({ ...entry, state: 'pending' });
          await this.connection.reportFailure(error);
          return;
        }
        this.refuse(session, entry, toDesktopError(error).detail);
        continue;
      }
      this.connection.markAnswered();
      if (this.sessions.current !== session) return;
      const post = { ...postView(sent), clientRequestId: entry.clientRequestId };
      session.timeline.transaction(() => {
        session.timeline.removeFromOutbox(entry.clientRequestId);
        session.timeline.putPost(keyOf(post.timeline), post);
      });
      this.publish({ kind: 'post', post });
      await this.attachments.release(entry.files);
    }
  }

  /** The post itself was refused: it stays, with the reason, until the user cancels it. */
  private refuse(session: UserSession, entry: OutboxEntry, error: UserFacingError): void {
    const refused: OutboxEntry = { ...entry, state: 'refused', error };
    session.timeline.updateOutbox(refused);
    this.publish({ kind: 'post', post: outboxPostView(refused, session.user) });
  }
}
