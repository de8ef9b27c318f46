// The screens' double of the contact timeline (TimelineApi): one made-up patient's timeline (山田
// 太郎, the doctor's patient) with a few posts among his care team, kept in memory. Online, a post is
// sent at once; offline it waits as 'pending' (未送信) and goes when `comeOnline` is called, as the
// core's outbox does. A post takes along files staged in the scripted chart (refused there as the
// server refuses their content); its attachments open with their bytes and file into the chart's
// documents once. The screens' helper extends it.
import type { CareTeamMemberView, DesktopEvent, UserView } from '../../src/shared/desktop-api';
import { DesktopApiError } from '../../src/shared/desktop-api-error';
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
  TimelineApi,
  TimelineMemberView,
  TimelinePageView,
  TimelineRefView,
  TimelineSummaryView,
  WritePostInput,
} from '../../src/shared/timeline-views';
import { userFacing, type ScriptedChart } from './scripted-chart';

const TIMELINE_NEEDS_CONNECTION = new DesktopApiError({
  reason: 'TIMELINE_NEEDS_CONNECTION',
  message: {
    ja: 'この操作にはサーバーへの接続が必要です。VPNとネットワークを確認してください。連絡帳の投稿は、接続がなくても書くことができ、接続が戻ると送信されます。',
    en: 'This needs the connection to the server. Check the VPN and the network. New posts can still be written: they are sent once the connection is back.',
  },
});

interface ScriptedContext {
  user(): UserView;
  online(): boolean;
  emit(event: DesktopEvent): void;
  /** Throws as the core does when nobody is logged in. */
  requireSession(): void;
  /** The scripted chart: its staged files, and its documents an attachment is filed into. */
  chart: ScriptedChart;
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const keyOf = (ref: TimelineRefView) => `${ref.kind}:${ref.id}`;

export class ScriptedTimeline implements TimelineApi {
  private readonly posts: PostView[] = [];
  private readonly members: TimelineMemberView[];
  private readonly outbox: { post: PostView; stagedFileIds: string[] }[] = [];
  /** Each attachment's bytes, by attachment id. */
  private readonly attachmentBytes = new Map<string, Uint8Array>();
  private settings: NotificationSettings = { mentions: true, urgent: true, confirmRequests: true };
  private nextId = 1;
  readonly timeline: TimelineRefView;
  /** Groups (自由グループ): one the nurse owns with the doctor in it, and those the doctor makes. */
  private readonly groups = new Map<string, { title: string; members: TimelineMemberView[] }>();
  private readonly colleagues: ColleagueView[];

  constructor(
    patientId: string,
    private readonly title: { name: string; kana: string },
    team: CareTeamMemberView[],
    private readonly context: ScriptedContext,
  ) {
    this.timeline = { kind: 'patient', id: patientId };
    this.members = team.map((m) => ({
      userId: m.userId,
      name: m.name,
      profession: m.profession,
      facilityId: m.facilityId,
      facilityName: m.facilityName,
      readUpTo: 0,
      owner: false,
    }));
    const by = (userId: string) => {
      const m = team.find((t) => t.userId === userId)!;
      return { userId: m.userId, name: m.name, profession: m.profession, facilityName: m.facilityName };
    };
    const [doctor, nurse, pharmacist] = [team[0]!.userId, team[1]!.userId, team[2]!.userId];
    this.seed(by(nurse), hoursAgo(26), '本日訪問。食事量は半分程度、水分はとれています。夜間の咳が増えたとご家族より。', {});
    this.seed(by(doctor), hoursAgo(25), '了解しました。明日の往診で診察します。', { replyTo: 1 });
    this.seed(by(pharmacist), hoursAgo(4), '新しい鎮咳薬を本日お届けしました。眠気に注意をお伝えしています。', { asksConfirmation: true });
    this.seed(by(nurse), hoursAgo(1), '37.9℃の発熱あり。SpO2 92%。往診をお願いできますか。', { urgent: true, mentions: [doctor] });
    // The doctor has read up to the pharmacist's post; everyone else has read everything they wrote.
    for (const member of this.members)
      member.readUpTo = member.userId === doctor ? 2 : (this.posts.filter((p) => p.author.userId === member.userId).at(-1)?.seq ?? 0);
    const asMember = (m: TimelineMemberView, owner: boolean): TimelineMemberView => ({ ...m, readUpTo: 0, owner });
    this.groups.set('g-region', {
      title: '宮崎市在宅医療連携グループ',
      members: [asMember(this.members[1]!, true), asMember(this.members[0]!, false), asMember(this.members[2]!, false)],
    });
    this.colleagues = [
      ...this.members.map(({ readUpTo: _r, owner: _o, ...person }) => person),
      {
        userId: 'u-kawano',
        name: { family: '川野', given: '真理', familyKana: 'カワノ', givenKana: 'マリ' },
        profession: 'PROFESSION_CARE_WORKER',
        facilityId: 'f-home-help',
        facilityName: 'ヘルパーステーションみどり',
      },
    ];
  }

  private seed(
    author: PostView['author'],
    at: string,
    body: string,
    options: { urgent?: boolean; asksConfirmation?: boolean; mentions?: string[]; replyTo?: number },
  ): void {
    const seq = this.posts.length + 1;
    this.posts.push({
      postId: `post-${seq}`,
      timeline: this.timeline,
      seq,
      replyToPostId: options.replyTo ? `post-${options.replyTo}` : '',
      version: 1,
      body,
      urgent: options.urgent ?? false,
      asksConfirmation: options.asksConfirmation ?? false,
      mentionedUserIds: options.mentions ?? [],
      attachments: [],
      author,
      postedAt: at,
      editedAt: at,
      retracted: false,
      confirmations: [],
      promotedNoteId: '',
      promotedBy: null,
      promotedAt: null,
      delivery: 'sent',
      pendingFiles: [],
      clientRequestId: '',
      error: null,
    });
    this.nextId = seq + 1;
  }

  private me(): string {
    return this.context.user().id;
  }

  private summary(timeline: TimelineRefView = this.timeline): TimelineSummaryView {
    const me = this.me();
    const group = timeline.kind === 'group' ? this.groups.get(timeline.id) : undefined;
    const members = group ? group.members : this.members;
    const posts = this.posts.filter((p) => keyOf(p.timeline) === keyOf(timeline));
    const readUpTo = members.find((m) => m.userId === me)?.readUpTo ?? 0;
    const unread = posts.filter((p) => p.seq > readUpTo && p.author.userId !== me && !p.retracted);
    const last = posts.at(-1);
    return {
      timeline,
      title: group ? group.title : this.title.name,
      titleKana: group ? '' : this.title.kana,
      unread: unread.length,
      mentions: unread.filter((p) => p.mentionedUserIds.includes(me)).length,
      urgentUnread: unread.filter((p) => p.urgent).length,
      readUpTo,
      lastPostSeq: last?.seq ?? 0,
      lastPostedAt: last?.postedAt ?? null,
      lastPostExcerpt: last?.body.slice(0, 60) ?? '',
      canWrite: true,
      pending: this.outbox.filter((o) => keyOf(o.post.timeline) === keyOf(timeline)).length,
    };
  }

  private groupView(groupId: string): GroupView {
    const group = this.groups.get(groupId)!;
    return { summary: this.summary({ kind: 'group', id: groupId }), members: group.members };
  }

  private myGroups(): string[] {
    return [...this.groups.entries()].filter(([, g]) => g.members.some((m) => m.userId === this.me())).map(([id]) => id);
  }

  private source(): Pick<InboxView, 'source' | 'asOf'> {
    return this.context.online() ? { source: 'server', asOf: new Date().toISOString() } : { source: 'cache', asOf: hoursAgo(0.5) };
  }

  private needServer(): void {
    this.context.requireSession();
    if (!this.context.online()) throw TIMELINE_NEEDS_CONNECTION;
  }

  private find(timeline: TimelineRefView, postId: string): PostView {
    const post = keyOf(timeline) === keyOf(this.timeline) ? this.posts.find((p) => p.postId === postId) : undefined;
    if (!post) throw userFacing('RECORD_NOT_FOUND');
    return post;
  }

  private replace(post: PostView): PostView {
    this.posts[this.posts.findIndex((p) => p.postId === post.postId)] = post;
    this.context.emit({ type: 'timeline', change: { kind: 'post', post } });
    return post;
  }

  async listTimelines(): Promise<InboxView> {
    this.context.requireSession();
    return { timelines: [this.summary(), ...this.myGroups().map((id) => this.summary({ kind: 'group', id }))], ...this.source() };
  }

  async readTimeline(timeline: TimelineRefView, options: { beforeSeq?: number } = {}): Promise<TimelinePageView> {
    this.context.requireSession();
    const group = timeline.kind === 'group' && this.myGroups().includes(timeline.id) ? this.groups.get(timeline.id) : undefined;
    if (keyOf(timeline) !== keyOf(this.timeline) && !group) throw userFacing('PATIENT_NOT_ON_CARE_TEAM');
    const before = options.beforeSeq ?? 0;
    const mine = (p: PostView) => keyOf(p.timeline) === keyOf(timeline);
    const posts = this.posts.filter((p) => mine(p) && (before === 0 || p.seq < before));
    return {
      summary: this.summary(timeline),
      members: group ? group.members : this.members,
      posts: [...posts, ...(before === 0 ? this.outbox.map((o) => o.post).filter(mine) : [])],
      hasMore: false,
      ...this.source(),
    };
  }

  async writePost(input: WritePostInput): Promise<PostView> {
    this.context.requireSession();
    const stagedFileIds = input.stagedFileIds ?? [];
    // Refused before anything is written, as the core uploads them before the post.
    const files = stagedFileIds.map((id) => this.context.chart.stagedForPost(id));
    if (input.body.trim() === '' && files.length === 0) throw userFacing('INVALID_REQUEST', {}, [{ field: 'body', reason: 'REQUIRED' }]);
    const user = this.context.user();
    const at = new Date().toISOString();
    const post: PostView = {
      postId: '',
      timeline: input.timeline,
      seq: 0,
      replyToPostId: input.replyToPostId ?? '',
      version: 1,
      body: input.body,
      urgent: input.urgent,
      asksConfirmation: input.asksConfirmation,
      mentionedUserIds: input.mentionedUserIds,
      attachments: [],
      author: { userId: user.id, name: user.name, profession: user.profession, facilityName: user.facilityName },
      postedAt: at,
      editedAt: at,
      retracted: false,
      confirmations: [],
      promotedNoteId: '',
      promotedBy: null,
      promotedAt: null,
      delivery: 'pending',
      pendingFiles: files.map((f) => ({ fileName: f.fileName, size: f.bytes.length })),
      clientRequestId: `request-${this.nextId}-${at}`,
      error: null,
    };
    if (!this.context.online()) {
      this.outbox.push({ post, stagedFileIds });
      this.context.emit({ type: 'timeline', change: { kind: 'post', post } });
      return post;
    }
    return this.send(post, stagedFileIds);
  }

  private send(post: PostView, stagedFileIds: string[]): PostView {
    const seq = this.nextId++;
    const attachments = stagedFileIds.map((stagedFileId) => {
      const file = this.context.chart.stagedForPost(stagedFileId);
      this.context.chart.releaseStaged(stagedFileId);
      const attachmentId = `attachment-${seq}-${this.attachmentBytes.size + 1}`;
      this.attachmentBytes.set(attachmentId, file.bytes);
      return { attachmentId, fileName: file.fileName, mediaType: file.mediaType, size: file.bytes.length, pageCount: 1, filedDocumentId: '' };
    });
    const sent: PostView = { ...post, postId: `post-${seq}`, seq, attachments, pendingFiles: [], delivery: 'sent' };
    this.posts.push(sent);
    this.context.emit({ type: 'timeline', change: { kind: 'post', post: sent } });
    return sent;
  }

  /** Another member (the team's `memberIndex`) posts, and the live stream brings it: the post, then the counts it moved (as the core tells them). */
  arrive(memberIndex: number, body: string, options: { urgent?: boolean } = {}): PostView {
    const member = this.members[memberIndex]!;
    const author = { userId: member.userId, name: member.name, profession: member.profession, facilityName: member.facilityName };
    this.seed(author, new Date().toISOString(), body, options);
    const post = this.posts.at(-1)!;
    member.readUpTo = post.seq;
    this.context.emit({ type: 'timeline', change: { kind: 'post', post } });
    this.context.emit({ type: 'timeline', change: { kind: 'summary', summary: { ...this.summary(), pending: 0 } } });
    return post;
  }

  /** The connection came back: what waits is sent, in order. */
  comeOnline(): void {
    for (const { post, stagedFileIds } of this.outbox.splice(0)) this.send(post, stagedFileIds);
  }

  async cancelPendingPost(clientRequestId: string): Promise<void> {
    this.context.requireSession();
    const at = this.outbox.findIndex((o) => o.post.clientRequestId === clientRequestId);
    if (at < 0)
      throw new DesktopApiError({
        reason: 'PENDING_POST_NOT_FOUND',
        message: {
          ja: 'この未送信の投稿は見つかりません（すでに送信されたか、取り消されました）。連絡帳を開き直して確認してください。',
          en: 'This unsent post is no longer waiting (it was sent or cancelled). Open the timeline again to check.',
        },
      });
    for (const stagedFileId of this.outbox.splice(at, 1)[0]!.stagedFileIds) this.context.chart.releaseStaged(stagedFileId);
  }

  async editPost(input: EditPostInput): Promise<PostView> {
    this.needServer();
    const post = this.find(input.timeline, input.postId);
    if (post.author.userId !== this.me()) throw userFacing('POST_NOT_AUTHOR');
    if (post.version !== input.baseVersion) throw userFacing('POST_VERSION_SUPERSEDED', { currentVersion: String(post.version) });
    return this.replace({ ...post, body: input.body, mentionedUserIds: input.mentionedUserIds, version: post.version + 1, editedAt: new Date().toISOString() });
  }

  async retractPost(timeline: TimelineRefView, postId: string, baseVersion: number): Promise<PostView> {
    this.needServer();
    const post = this.find(timeline, postId);
    if (post.author.userId !== this.me()) throw userFacing('POST_NOT_AUTHOR');
    if (post.version !== baseVersion) throw userFacing('POST_VERSION_SUPERSEDED', { currentVersion: String(post.version) });
    return this.replace({ ...post, body: '', retracted: true, version: post.version + 1, editedAt: new Date().toISOString() });
  }

  async markTimelineRead(timeline: TimelineRefView, upTo: number): Promise<void> {
    this.context.requireSession();
    if (!this.context.online()) return;
    const member = this.members.find((m) => m.userId === this.me());
    if (!member || upTo <= member.readUpTo) return;
    member.readUpTo = upTo;
    // As the core tells it: the marker, and the timeline's counts it moved.
    this.context.emit({ type: 'timeline', change: { kind: 'read', timeline, userId: member.userId, readUpTo: upTo } });
    this.context.emit({ type: 'timeline', change: { kind: 'summary', summary: { ...this.summary(), pending: 0 } } });
  }

  async confirmPost(timeline: TimelineRefView, postId: string): Promise<PostView> {
    this.needServer();
    const post = this.find(timeline, postId);
    if (post.confirmations.some((c) => c.userId === this.me())) return post;
    return this.replace({ ...post, confirmations: [...post.confirmations, { userId: this.me(), confirmedAt: new Date().toISOString() }] });
  }

  async getPostReaders(timeline: TimelineRefView, postId: string): Promise<PostReaderView[]> {
    this.needServer();
    const post = this.find(timeline, postId);
    return this.members
      .filter((m) => m.userId !== post.author.userId)
      .map((member) => ({
        member,
        readAt: member.readUpTo >= post.seq ? post.postedAt : null,
        confirmedAt: post.confirmations.find((c) => c.userId === member.userId)?.confirmedAt ?? null,
      }));
  }

  async promotePostsToNote(patientId: string, postIds: string[], _section: SoapSectionName): Promise<{ noteId: string; alreadyPromoted: boolean }> {
    this.needServer();
    const posts = postIds.map((id) => this.find({ kind: 'patient', id: patientId }, id));
    const already = posts.every((p) => p.promotedNoteId !== '') ? posts[0]!.promotedNoteId : '';
    if (already) return { noteId: already, alreadyPromoted: true };
    const noteId = `note-from-timeline-${postIds.join('-')}`;
    const user = this.context.user();
    const by = { userId: user.id, name: user.name, profession: user.profession, facilityName: user.facilityName };
    for (const post of posts) this.replace({ ...post, promotedNoteId: noteId, promotedBy: by, promotedAt: new Date().toISOString() });
    return { noteId, alreadyPromoted: false };
  }

  async openAttachment(timeline: TimelineRefView, postId: string, attachmentId: string): Promise<OpenedAttachment> {
    this.needServer();
    const attachment = this.find(timeline, postId).attachments.find((a) => a.attachmentId === attachmentId);
    if (!attachment) throw userFacing('RECORD_NOT_FOUND');
    return { attachment, bytes: this.attachmentBytes.get(attachmentId)! };
  }

  async fileAttachment(input: FileAttachmentInput): Promise<{ documentId: string; alreadyFiled: boolean }> {
    this.needServer();
    const post = this.find({ kind: 'patient', id: input.patientId }, input.postId);
    const attachment = post.attachments.find((a) => a.attachmentId === input.attachmentId);
    if (!attachment) throw userFacing('RECORD_NOT_FOUND');
    if (attachment.filedDocumentId !== '') return { documentId: attachment.filedDocumentId, alreadyFiled: true };
    const document = this.context.chart.fileBytes(
      input.patientId,
      { documentType: input.documentType, title: input.title || attachment.fileName, fileName: attachment.fileName },
      this.attachmentBytes.get(attachment.attachmentId)!,
    );
    this.replace({
      ...post,
      attachments: post.attachments.map((a) => (a.attachmentId === attachment.attachmentId ? { ...a, filedDocumentId: document.documentId } : a)),
    });
    return { documentId: document.documentId, alreadyFiled: false };
  }

  async createGroup(title: string): Promise<GroupView> {
    this.needServer();
    if (title.trim() === '') throw userFacing('INVALID_REQUEST', {}, [{ field: 'title', reason: 'REQUIRED' }]);
    const user = this.context.user();
    const me = this.members.find((m) => m.userId === user.id)!;
    const id = `g-${this.groups.size + 1}`;
    this.groups.set(id, { title: title.trim(), members: [{ ...me, readUpTo: 0, owner: true }] });
    return this.groupChanged(id);
  }

  async addGroupMember(groupId: string, userId: string): Promise<GroupView> {
    const group = this.ownedGroup(groupId);
    const person = this.colleagues.find((c) => c.userId === userId);
    if (!person) throw userFacing('INVALID_REQUEST', {}, [{ field: 'userId', reason: 'NOT_A_USER' }]);
    if (!group.members.some((m) => m.userId === userId)) group.members.push({ ...person, readUpTo: 0, owner: false });
    return this.groupChanged(groupId);
  }

  async removeGroupMember(groupId: string, userId: string): Promise<GroupView> {
    const group = this.ownedGroup(groupId);
    group.members = group.members.filter((m) => m.userId !== userId || m.owner);
    return this.groupChanged(groupId);
  }

  async listColleagues(): Promise<ColleagueView[]> {
    this.context.requireSession();
    return this.colleagues.filter((c) => c.userId !== this.me());
  }

  private ownedGroup(groupId: string): { title: string; members: TimelineMemberView[] } {
    this.needServer();
    const group = this.myGroups().includes(groupId) ? this.groups.get(groupId) : undefined;
    if (!group) throw userFacing('RECORD_NOT_FOUND');
    if (!group.members.some((m) => m.userId === this.me() && m.owner)) throw userFacing('TIMELINE_NOT_GROUP_OWNER');
    return group;
  }

  /** As the core tells a group's change: the summary (the members come with the answer). */
  private groupChanged(groupId: string): GroupView {
    const view = this.groupView(groupId);
    this.context.emit({ type: 'timeline', change: { kind: 'summary', summary: view.summary } });
    return view;
  }

  async getNotificationSettings(): Promise<NotificationSettings> {
    this.context.requireSession();
    return this.settings;
  }

  async setNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings> {
    this.context.requireSession();
    this.settings = { ...settings };
    return this.settings;
  }
}
