// Photos and PDFs on timeline posts through the real gRPC backend, on both engines: real files go
// through the document pipeline and come back byte for byte to the team; a refused file leaves
// nothing, and a post naming it is not written; nobody claims another's upload; only members
// download, only while the post stands; filing into the chart makes one document that names the
// same stored file, under the chart policy for that kind of document.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { buildDocumentFixtures, defaultFixtureDirectory, type DocumentFixtures } from './support/document-fixtures';
import {
  CHUNK_BYTES,
  closeDocumentClients,
  documentCall,
  downloadAttachment,
  downloadDocument,
  fileDigest,
  uploadAttachment,
  type UploadOptions,
} from './support/document-transfer';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

/** The bound of unsent uploads per user in this file (the server's default is 50). */
const UNSENT_BOUND = 12;
let backend: TestBackend;
let region: TestRegion;
let files: DocumentFixtures;
let patientId: string;
const users: Record<string, { id: string; login_id: string }> = {};
const who: Record<string, Credentials> = {};

beforeAll(async () => {
  [backend, files] = await Promise.all([
    startTestBackend({ maxUploadMb: 1, maxUnclaimedUploads: UNSENT_BOUND }),
    buildDocumentFixtures(defaultFixtureDirectory()),
  ]);
  region = new TestRegion(backend);
  users.doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
  users.nurse = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
  users.careWorker = await region.user('PROFESSION_CARE_WORKER', ['矢野', 'さくら']);
  users.outsider = await region.user('PROFESSION_NURSE', ['他人', '花子']);
  const patient = await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミクト' });
  const other = await region.patient({ familyName: '日向', givenName: '夏', familyNameKana: 'ヒュウガ', givenNameKana: 'ナツ' });
  patientId = patient.id;
  await region.join(patientId, users.doctor.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
  await region.join(patientId, users.nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  await region.join(patientId, users.careWorker.id, 'CARE_TEAM_ROLE_CARE_WORKER');
  await region.join(other.id, users.outsider.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
  for (const [name, user] of Object.entries(users)) who[name] = await region.session(user.login_id);
}, 240_000);
afterAll(async () => {
  closeClients();
  closeDocumentClients();
  await backend?.stop();
});

const onPatient = () => ({ patientId });
const timeline = <T = any>(method: string, request: object, as: Credentials) => call<T>(region.clinical, 'TimelineService', method, request, as);
const attach = (as: Credentials, path: string, fields: Record<string, unknown> = {}, options: UploadOptions = {}) =>
  uploadAttachment(region.clinical, as, { timeline: onPatient(), uploadId: randomUUID(), fileName: basename(path), ...fields }, path, options);
const post = (as: Credentials, attachmentIds: string[], fields: Record<string, unknown> = {}) =>
  timeline('WritePost', { timeline: onPatient(), clientRequestId: randomUUID(), body: '', attachmentIds, ...fields }, as);
const file = (as: Credentials, request: Record<string, unknown>) =>
  timeline('FileAttachment', { patientId, documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER', title: '', ...request }, as);

async function count(table: 'timeline_attachments' | 'timeline_posts' | 'blobs' | 'documents' | 'document_versions' | 'patient_changes'): Promise<number> {
  const row = await backend.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const blobsDir = () => join(backend.dataDir, 'blobs');
const blobFiles = () =>
  readdirSync(blobsDir(), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.parentPath.startsWith(join(blobsDir(), 'tmp')))
    .length;
const tempFiles = () => readdirSync(join(blobsDir(), 'tmp'));

async function attachmentRow(id: string) {
  return backend.database.db.selectFrom('timeline_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

async function auditRows(action: string, actor: string) {
  return backend.database.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('actor_user_id', '=', actor).orderBy('seq').execute();
}

describe('attaching photos and PDFs', () => {
  it('shows a photo and a PDF on the post, in order, and gives them back byte for byte to another member', async () => {
    const photoDigest = await fileDigest(files.photoJpeg);
    const photo = await attach(who.nurse!, files.photoJpeg);
    const pdf = await attach(who.nurse!, files.multiPagePdf);
    expect(photo).toMatchObject({ fileName: 'FAX撮影.jpg', mediaType: 'MEDIA_TYPE_JPEG', sha256: photoDigest.sha256, pageCount: 1, filedDocumentId: '' });
    expect(Number(photo.size)).toBe(photoDigest.size);
    expect(pdf).toMatchObject({ mediaType: 'MEDIA_TYPE_PDF', pageCount: 3 });
    // Stored, but on no post until one names it.
    expect((await attachmentRow(photo.attachmentId))?.post_id).toBeNull();

    const written = await post(who.nurse!, [photo.attachmentId, pdf.attachmentId], { body: '褥瘡の写真と、病院からの紹介状です。' });
    expect(written.attachments.map((a: { attachmentId: string }) => a.attachmentId)).toEqual([photo.attachmentId, pdf.attachmentId]);
    const read = await timeline('ReadTimeline', { timeline: onPatient() }, who.doctor!);
    const shown = read.posts.find((p: { postId: string }) => p.postId === written.postId);
    expect(shown.attachments).toEqual([photo, pdf]);

    for (const [attachment, path] of [
      [photo, files.photoJpeg],
      [pdf, files.multiPagePdf],
    ] as const) {
      const got = await downloadAttachment(
        region.clinical,
        who.doctor!,
        { timeline: onPatient(), postId: written.postId, attachmentId: attachment.attachmentId },
        { keep: true },
      );
      expect(got.info).toEqual(attachment);
      expect(got.bytes!.equals(readFileSync(path))).toBe(true);
      expect(got.largestChunk).toBeLessThanOrEqual(CHUNK_BYTES);
    }
    expect(tempFiles()).toEqual([]);
    expect((await auditRows('timeline.attachment.upload', users.nurse!.id)).map((r) => r.outcome)).toContain('ok');
    const downloads = await auditRows('timeline.attachment.download', users.doctor!.id);
    expect(downloads.map((r) => JSON.parse(r.detail).attachmentId)).toEqual(expect.arrayContaining([photo.attachmentId, pdf.attachmentId]));
    expect(downloads.every((r) => r.patient_id === patientId)).toBe(true);
  });

  it('stores a retried upload once, answering the stored attachment without reading the body, even when the tries race', async () => {
    const uploadId = randomUUID();
    const first = await attach(who.nurse!, files.scanPng, { uploadId });
    const again = await attach(who.nurse!, files.scanPng, { uploadId }, { headerOnly: true });
    expect(again).toEqual(first);

    const racing = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => attach(who.nurse!, files.faxTiff, { uploadId: racing })));
    expect(new Set(answers.map((a) => a.attachmentId)).size).toBe(1);
    for (const id of [uploadId, racing]) {
      expect(await backend.database.db.selectFrom('timeline_attachments').select('id').where('upload_id', '=', id).execute()).toHaveLength(1);
    }
    expect(tempFiles()).toEqual([]);
  });

  it('takes the SHA-256 in a trailer after the body, as the app sends it: stored once on a retry, refused when it does not match', async () => {
    const uploadId = randomUUID();
    const first = await attach(who.nurse!, files.scanPng, { uploadId }, { trailer: true });
    expect(first.sha256).toBe((await fileDigest(files.scanPng)).sha256);
    expect(await attach(who.nurse!, files.scanPng, { uploadId }, { trailer: true })).toEqual(first);
    expect(await backend.database.db.selectFrom('timeline_attachments').select('id').where('upload_id', '=', uploadId).execute()).toHaveLength(1);
    const before = await count('timeline_attachments');
    expect((await failure(attach(who.nurse!, files.photoJpeg, {}, { trailer: 'ab'.repeat(32) }))).reason).toBe('DOCUMENT_CHECKSUM_MISMATCH');
    expect(await count('timeline_attachments')).toBe(before);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses an upload id reused for other bytes or by someone else', async () => {
    const uploadId = randomUUID();
    await attach(who.nurse!, files.scanPng, { uploadId });
    for (const [as, path] of [
      [who.nurse!, files.photoJpeg],
      [who.doctor!, files.scanPng],
    ] as const) {
      const error = await failure(attach(as, path, { uploadId }));
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.fieldViolations).toEqual([expect.objectContaining({ field: 'uploadId', reason: 'UPLOAD_ID_REUSED' })]);
    }
  });

  it('refuses a program named .pdf, a checksum mismatch, an oversized and an empty file, leaving no row, blob or temporary file', async () => {
    const before = { attachments: await count('timeline_attachments'), blobs: await count('blobs'), blobFiles: blobFiles() };
    const other = await fileDigest(files.referralPdf);
    const cases = [
      [files.renamedExecutable, {}, 'DOCUMENT_EXECUTABLE'],
      [files.photoJpeg, { sha256: other.sha256 }, 'DOCUMENT_CHECKSUM_MISMATCH'],
      [files.zipRenamed, {}, 'DOCUMENT_TYPE_NOT_ALLOWED'],
      [files.photoJpeg, { size: 2 * 1024 * 1024 }, 'DOCUMENT_TOO_LARGE'],
      [files.emptyFile, {}, 'DOCUMENT_EMPTY'],
    ] as const;
    for (const [path, lie, reason] of cases) {
      const error = await failure(attach(who.nurse!, path, lie));
      expect(error.reason).toBe(reason);
    }
    expect({ attachments: await count('timeline_attachments'), blobs: await count('blobs'), blobFiles: blobFiles() }).toEqual(before);
    expect(tempFiles()).toEqual([]);
    const failed = (await auditRows('timeline.attachment.upload', users.nurse!.id)).filter((r) => r.outcome === 'failed');
    expect(failed.slice(-cases.length).map((r) => JSON.parse(r.detail).reason)).toEqual(cases.map(([, , reason]) => reason));
  });

  it('writes no post that names a refused or unknown attachment, and leaves its good attachment free for the next try', async () => {
    const good = await attach(who.nurse!, files.photoJpeg);
    const refused = await failure(attach(who.nurse!, files.shellScript));
    expect(refused.reason).toBe('DOCUMENT_EXECUTABLE');
    const posts = await count('timeline_posts');
    const clientRequestId = randomUUID();
    // The client had no id for the refused file: whatever it sends in its place is unknown.
    const error = await failure(post(who.nurse!, [good.attachmentId, randomUUID()], { clientRequestId, body: '写真2枚' }));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.fieldViolations).toEqual([expect.objectContaining({ field: 'attachmentIds.1', reason: 'ATTACHMENT_UNKNOWN' })]);
    expect(await count('timeline_posts')).toBe(posts);
    expect((await attachmentRow(good.attachmentId))?.post_id).toBeNull();

    const written = await post(who.nurse!, [good.attachmentId], { body: '写真1枚' });
    expect(written.attachments.map((a: { attachmentId: string }) => a.attachmentId)).toEqual([good.attachmentId]);
  });

  it('lets nobody else claim my attachment, nor a second post, nor a post on another timeline', async () => {
    const mine = await attach(who.nurse!, files.photoJpeg);
    const taken = await failure(post(who.doctor!, [mine.attachmentId], { body: '拝見しました' }));
    expect(taken.fieldViolations).toEqual([expect.objectContaining({ field: 'attachmentIds.0', reason: 'ATTACHMENT_UNKNOWN' })]);

    const group = await timeline('CreateGroup', { clientRequestId: randomUUID(), title: '多職種連携会議', memberUserIds: [users.doctor!.id] }, who.nurse!);
    const elsewhere = await failure(
      timeline('WritePost', { timeline: group.timeline, clientRequestId: randomUUID(), body: '', attachmentIds: [mine.attachmentId] }, who.nurse!),
    );
    expect(elsewhere.fieldViolations?.[0]?.reason).toBe('ATTACHMENT_UNKNOWN');

    await post(who.nurse!, [mine.attachmentId], { body: '写真です' });
    const twice = await failure(post(who.nurse!, [mine.attachmentId], { body: 'もう一度' }));
    expect(twice.fieldViolations?.[0]?.reason).toBe('ATTACHMENT_UNKNOWN');
  });

  it('lets no post claim an upload left unclaimed for more than a day', async () => {
    const stale = await attach(who.nurse!, files.photoJpeg);
    const dayAgo = new Date(backend.clock.now().getTime() - 25 * 3_600_000).toISOString();
    await backend.database.db.updateTable('timeline_attachments').set({ uploaded_at: dayAgo }).where('id', '=', stale.attachmentId).execute();
    const error = await failure(post(who.nurse!, [stale.attachmentId], { body: '昨日の写真' }));
    expect(error.fieldViolations?.[0]?.reason).toBe('ATTACHMENT_UNKNOWN');
  });

  it('refuses an outsider the upload before a byte is read', async () => {
    const error = await failure(attach(who.outsider!, files.photoJpeg, {}, { headerOnly: true }));
    expect(error.reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
  });
});

describe('downloading attachments', () => {
  it('serves members only, only through the post, and no longer once the post is retracted', async () => {
    const photo = await attach(who.nurse!, files.photoJpeg);
    const written = await post(who.nurse!, [photo.attachmentId], { body: '発赤の写真' });
    const ref = { timeline: onPatient(), postId: written.postId, attachmentId: photo.attachmentId };

    expect((await failure(downloadAttachment(region.clinical, who.outsider!, ref))).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    // The attachment named with another post: answered like a missing one.
    const otherPost = await post(who.nurse!, [], { body: '別の投稿' });
    expect((await failure(downloadAttachment(region.clinical, who.doctor!, { ...ref, postId: otherPost.postId }))).reason).toBe('RECORD_NOT_FOUND');
    // An upload on no post is nobody's to download, not even its uploader's.
    const loose = await attach(who.nurse!, files.scanPng);
    expect((await failure(downloadAttachment(region.clinical, who.nurse!, { ...ref, attachmentId: loose.attachmentId }))).reason).toBe('RECORD_NOT_FOUND');

    expect((await downloadAttachment(region.clinical, who.careWorker!, ref)).sha256).toBe(photo.sha256);
    const retracted = await timeline('RetractPost', { timeline: onPatient(), postId: written.postId, baseVersion: 1 }, who.nurse!);
    expect(retracted.attachments).toEqual([]);
    expect((await failure(downloadAttachment(region.clinical, who.doctor!, ref))).reason).toBe('RECORD_NOT_FOUND');
  });

  it("serves a group's attachment to its members and nobody else", async () => {
    const group = await timeline(
      'CreateGroup',
      { clientRequestId: randomUUID(), title: '訪問看護ステーション連絡', memberUserIds: [users.doctor!.id] },
      who.nurse!,
    );
    const photo = await uploadAttachment(
      region.clinical,
      who.nurse!,
      { timeline: group.timeline, uploadId: randomUUID(), fileName: '掲示.png' },
      files.scanPng,
    );
    const written = await timeline(
      'WritePost',
      { timeline: group.timeline, clientRequestId: randomUUID(), body: '', attachmentIds: [photo.attachmentId] },
      who.nurse!,
    );
    const ref = { timeline: group.timeline, postId: written.postId, attachmentId: photo.attachmentId };
    expect((await downloadAttachment(region.clinical, who.doctor!, ref, { keep: true })).bytes!.equals(readFileSync(files.scanPng))).toBe(true);
    expect((await failure(downloadAttachment(region.clinical, who.careWorker!, ref))).reason).toBe('TIMELINE_NOT_MEMBER');
    // A group has no chart to file into.
    expect((await failure(file(who.doctor!, { postId: written.postId, attachmentId: photo.attachmentId }))).reason).toBe('RECORD_NOT_FOUND');
  });
});

describe('filing an attachment into the chart', () => {
  async function postedPdf(): Promise<{ postId: string; attachment: any }> {
    const pdf = await attach(who.nurse!, files.referralPdf);
    const written = await post(who.nurse!, [pdf.attachmentId], { body: '病院からの診療情報提供書です。' });
    return { postId: written.postId, attachment: pdf };
  }

  it('makes a document of the same stored file, readable through DocumentService, and shows it on the post', async () => {
    const { postId, attachment } = await postedPdf();
    const before = { documents: await count('documents'), blobs: await count('blobs'), blobFiles: blobFiles(), changes: await count('patient_changes') };
    const head = await backend.database.db
      .selectFrom('timeline_events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirstOrThrow();

    const filed = await file(who.doctor!, { postId, attachmentId: attachment.attachmentId, title: '紹介状（〇〇病院）' });
    expect(filed.alreadyFiled).toBe(false);
    expect(filed.document).toMatchObject({
      patientId,
      documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
      title: '紹介状（〇〇病院）',
      fileName: attachment.fileName,
      sha256: attachment.sha256,
      version: 1,
      pageCount: 1,
    });
    expect(filed.document.uploadedBy.userId).toBe(users.doctor!.id);
    expect(filed.post.attachments[0].filedDocumentId).toBe(filed.document.documentId);

    const listed = await documentCall(region.clinical, 'ListDocuments', { patientId }, who.nurse!);
    expect(listed.documents.map((d: { documentId: string }) => d.documentId)).toContain(filed.document.documentId);
    const downloaded = await downloadDocument(region.clinical, who.nurse!, { patientId, documentId: filed.document.documentId });
    expect(downloaded.sha256).toBe(attachment.sha256);

    // The same bytes, not a copy; the overview's feed and the timeline's log hear of it.
    expect({ documents: await count('documents'), blobs: await count('blobs'), blobFiles: blobFiles(), changes: await count('patient_changes') }).toEqual({
      ...before,
      documents: before.documents + 1,
      changes: before.changes + 1,
    });
    const events = await backend.database.db
      .selectFrom('timeline_events')
      .selectAll()
      .where('seq', '>', Number(head.seq ?? 0))
      .execute();
    expect(events.map((e) => [e.kind, e.post_id])).toEqual([['post', postId]]);
    const audit = await auditRows('timeline.attachment.file', users.doctor!.id);
    expect(JSON.parse(audit.at(-1)!.detail)).toMatchObject({ documentId: filed.document.documentId, attachmentId: attachment.attachmentId });
  });

  it('files once when filed twice at once, and answers a later filing with the same document', async () => {
    const { postId, attachment } = await postedPdf();
    const documents = await count('documents');
    const answers = await Promise.all([1, 2, 3].map(() => file(who.doctor!, { postId, attachmentId: attachment.attachmentId })));
    expect(new Set(answers.map((a) => a.document.documentId)).size).toBe(1);
    expect(answers.filter((a) => !a.alreadyFiled)).toHaveLength(1);
    expect(await count('documents')).toBe(documents + 1);
    const later = await file(who.nurse!, { postId, attachmentId: attachment.attachmentId, documentType: 'DOCUMENT_TYPE_OTHER' });
    expect(later).toMatchObject({
      alreadyFiled: true,
      document: { documentId: answers[0].document.documentId, documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER' },
    });
    expect(await count('documents')).toBe(documents + 1);
  });

  it('refuses a role the policy does not let write that kind of document, an instruction without its period, and an outsider', async () => {
    const { postId, attachment } = await postedPdf();
    const ref = { postId, attachmentId: attachment.attachmentId };
    const careWorker = await failure(file(who.careWorker!, { ...ref, documentType: 'DOCUMENT_TYPE_OTHER' }));
    expect(careWorker.reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
    // A nurse writes nursing reports, not doctors' letters.
    expect((await failure(file(who.nurse!, ref))).reason).toBe('RECORD_NOT_WRITABLE_BY_ROLE');
    const instruction = await failure(file(who.doctor!, { ...ref, documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION' }));
    expect(instruction.fieldViolations).toEqual([expect.objectContaining({ field: 'documentType', reason: 'INSTRUCTION_NEEDS_PERIOD' })]);
    expect((await failure(file(who.outsider!, ref))).reason).toBe('PATIENT_NOT_ON_CARE_TEAM');
    expect((await attachmentRow(attachment.attachmentId))?.filed_document_id).toBeNull();

    const filed = await file(who.nurse!, { ...ref, documentType: 'DOCUMENT_TYPE_VISITING_NURSING_REPORT' });
    expect(filed.document.documentType).toBe('DOCUMENT_TYPE_VISITING_NURSING_REPORT');
  });

  it("does not show a document filed as a kind the second filer's role may not read", async () => {
    const { postId, attachment } = await postedPdf();
    await file(who.doctor!, { postId, attachmentId: attachment.attachmentId, documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER' });
    const manager = await region.user('PROFESSION_CARE_MANAGER', ['介護', '支援']);
    await region.join(patientId, manager.id, 'CARE_TEAM_ROLE_CARE_MANAGER');
    const session = await region.session(manager.login_id);
    const error = await failure(file(session, { postId, attachmentId: attachment.attachmentId, documentType: 'DOCUMENT_TYPE_CARE_PLAN' }));
    expect(error.reason).toBe('RECORD_NOT_VISIBLE_TO_ROLE');
  });

  it("refuses a retracted post's attachment and an attachment named with another post", async () => {
    const { postId, attachment } = await postedPdf();
    const other = await post(who.nurse!, [], { body: '別件' });
    expect((await failure(file(who.doctor!, { postId: other.postId, attachmentId: attachment.attachmentId }))).reason).toBe('RECORD_NOT_FOUND');
    await timeline('RetractPost', { timeline: onPatient(), postId, baseVersion: 1 }, who.nurse!);
    expect((await failure(file(who.doctor!, { postId, attachmentId: attachment.attachmentId }))).reason).toBe('RECORD_NOT_FOUND');
  });
});

/** The scan PNG with a text chunk naming `tag`: a valid PNG whose bytes no other file has. */
function uniquePng(tag: string): string {
  const png = readFileSync(files.scanPng);
  const data = Buffer.concat([Buffer.from('tEXt'), Buffer.from(`Comment\0${tag} ${randomUUID()}`, 'latin1')]);
  const chunk = Buffer.alloc(data.length + 8);
  chunk.writeUInt32BE(data.length - 4, 0);
  data.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(data), data.length + 4);
  const path = join(backend.dataDir, `unique-${tag}.png`);
  // Before IEND, the last 12 bytes.
  writeFileSync(path, Buffer.concat([png.subarray(0, png.length - 12), chunk, png.subarray(png.length - 12)]));
  return path;
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const blobPath = (sha256: string) => join(blobsDir(), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
const blobRow = (sha256: string) => backend.database.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
const abandon = (attachmentId: string) =>
  backend.database.db
    .updateTable('timeline_attachments')
    .set({ uploaded_at: new Date(backend.clock.now().getTime() - 26 * 3_600_000).toISOString() })
    .where('id', '=', attachmentId)
    .execute();

describe('pruning and bounding unsent uploads', () => {
  it('prunes uploads never sent, and their blobs only when nothing else names them; the same bytes can be sent again', async () => {
    const lone = uniquePng('lone');
    const abandoned = await attach(who.nurse!, lone);
    // These bytes are a filed document and a posted attachment too.
    const filed = await attach(who.nurse!, files.referralPdf);
    const written = await post(who.nurse!, [filed.attachmentId], { body: '紹介状' });
    await file(who.doctor!, { postId: written.postId, attachmentId: filed.attachmentId });
    const shared = await attach(who.nurse!, files.referralPdf);
    const fresh = await attach(who.nurse!, uniquePng('fresh'));
    await abandon(abandoned.attachmentId);
    await abandon(shared.attachmentId);
    expect(existsSync(blobPath(abandoned.sha256))).toBe(true);

    const pruned = await backend.server.prune();
    expect(pruned?.uploads).toBeGreaterThanOrEqual(2);
    expect(await attachmentRow(abandoned.attachmentId)).toBeUndefined();
    expect(await attachmentRow(shared.attachmentId)).toBeUndefined();
    expect(await blobRow(abandoned.sha256)).toBeUndefined();
    expect(existsSync(blobPath(abandoned.sha256))).toBe(false);
    // Named by a document and a post: kept, row and file.
    expect(await blobRow(shared.sha256)).toBeDefined();
    expect(existsSync(blobPath(shared.sha256))).toBe(true);
    // Still within its claim window.
    expect((await attachmentRow(fresh.attachmentId))?.post_id).toBeNull();
    expect(existsSync(blobPath(fresh.sha256))).toBe(true);

    // The pruned bytes uploaded again are stored again, and come back whole.
    const again = await attach(who.nurse!, lone);
    const resent = await post(who.nurse!, [again.attachmentId], { body: '写真を送り直します' });
    const got = await downloadAttachment(
      region.clinical,
      who.doctor!,
      { timeline: onPatient(), postId: resent.postId, attachmentId: again.attachmentId },
      { keep: true },
    );
    expect(got.bytes!.equals(readFileSync(lone))).toBe(true);
    expect(await blobRow(again.sha256)).toBeDefined();
  });

  it('refuses an upload beyond the bound of unsent ones before a byte is read, saying what to do; a sent post makes room', async () => {
    const therapist = await region.user('PROFESSION_PHYSICAL_THERAPIST', ['作業', '療子']);
    await region.join(patientId, therapist.id, 'CARE_TEAM_ROLE_THERAPIST');
    const session = await region.session(therapist.login_id);
    const waiting: string[] = [];
    for (let i = 0; i < UNSENT_BOUND; i++) waiting.push((await attach(session, files.photoJpeg)).attachmentId);
    const refused = await failure(attach(session, files.photoJpeg, {}, { headerOnly: true }));
    expect(refused.reason).toBe('TOO_MANY_UNSENT_ATTACHMENTS');
    expect(refused.message).toContain(`${UNSENT_BOUND}件`);
    expect(refused.message).toContain('送信する');
    const rows = await backend.database.db.selectFrom('timeline_attachments').select('id').where('uploaded_by', '=', therapist.id).execute();
    expect(rows).toHaveLength(UNSENT_BOUND);

    await post(session, waiting.slice(0, 2), { body: '歩行訓練の様子です' });
    await attach(session, files.photoJpeg);
    // An upload past its claim window no longer counts.
    await abandon(waiting[2]!);
    await attach(session, files.photoJpeg);
  });
});
