// Photos and PDFs on the contact timeline (在宅連絡帳) through two clinic PCs' cores, against a real
// backend (TLS, SQLite or PostgreSQL), real files from the backend's document fixtures, the real OS
// keychain and real encrypted caches: a post with a PDF and a photo reaches the other PC, which
// opens both byte for byte; a file refused by content inspection refuses the whole post, and the
// post sent again with good files appears once; filing an attachment into the chart makes one
// document; a post with a file written while the server is down is sent once when it is back.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDocumentFixtures,
  defaultFixtureDirectory,
  type DocumentFixtures,
  TEST_PASSWORD,
  TestRegion,
  startTestBackend,
  type TestBackend,
} from '@renkei/backend/test-support';
import type { RenkeiCore } from '../../src/core/renkei-core';
import type { SessionView, UploadDocumentInput } from '../../src/shared/desktop-api';
import { clinicPc, eventually, postInput, readTimelineFromServer, removeClinicPcData, type ClinicPc, failure } from './support/clinic-pc';
import type { PostView, TimelineRefView } from '../../src/shared/timeline-views';

let backend: TestBackend;
let region: TestRegion;
let fixtures: DocumentFixtures;

beforeAll(async () => {
  [backend, fixtures] = await Promise.all([startTestBackend(), buildDocumentFixtures(defaultFixtureDirectory())]);
  region = new TestRegion(backend);
}, 300_000);
afterAll(async () => {
  await backend?.stop();
  removeClinicPcData();
});

describe('photos and PDFs on the timeline between two clinic PCs', () => {
  let nurseLogin: string;
  let nurse: ClinicPc;
  let doctor: ClinicPc;
  let patientId: string;
  let timeline: TimelineRefView;
  let withFiles: PostView;

  const post = (body: string, stagedFileIds: string[]) => postInput(timeline, body, { stagedFileIds });
  /** Whether the staged file is still offered (filing it as a chart document would find it). */
  const stillStaged = async (core: RenkeiCore, stagedFileId: string) => {
    const input: UploadDocumentInput = {
      patientId: '',
      stagedFileId,
      documentType: 'DOCUMENT_TYPE_OTHER',
      title: '',
      issuedOn: '',
      issuer: '',
      validFrom: '',
      validUntil: '',
      replacesDocumentId: '',
      note: '',
    };
    return (await failure(core.uploadDocument(input))).reason !== 'STAGED_FILE_NOT_FOUND';
  };

  beforeAll(async () => {
    const nurseUser = await region.user('PROFESSION_NURSE', ['甲斐', '由美']);
    const doctorUser = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    const patient = await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミキト' });
    patientId = patient.id;
    await region.join(patientId, doctorUser.id, 'CARE_TEAM_ROLE_ATTENDING_DOCTOR');
    await region.join(patientId, nurseUser.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    timeline = { kind: 'patient', id: patientId };
    nurseLogin = nurseUser.login_id;
    nurse = await clinicPc(backend, region, nurseLogin);
    doctor = await clinicPc(backend, region, doctorUser.login_id);
  }, 120_000);

  afterAll(async () => {
    await nurse?.core.stop();
    await doctor?.core.stop();
  });

  it('sends a post with a PDF and a photo; the other PC sees both on it and opens them byte for byte', async () => {
    const pdf = await nurse.core.stageFile(fixtures.referralPdf);
    const photo = await nurse.core.stageFile(fixtures.photoJpeg);
    withFiles = await nurse.core.writePost(post('病院からの紹介状と、褥瘡の写真です。', [pdf.stagedFileId, photo.stagedFileId]));
    expect(withFiles.delivery).toBe('sent');
    expect(withFiles.attachments.map((a) => [a.fileName, a.mediaType, a.size])).toEqual([
      [basename(fixtures.referralPdf), 'application/pdf', readFileSync(fixtures.referralPdf).length],
      [basename(fixtures.photoJpeg), 'image/jpeg', readFileSync(fixtures.photoJpeg).length],
    ]);
    // Sent: the files are no longer offered on the nurse's PC.
    expect(await stillStaged(nurse.core, pdf.stagedFileId)).toBe(false);
    expect(await stillStaged(nurse.core, photo.stagedFileId)).toBe(false);

    const page = await doctor.core.readTimeline(timeline);
    const seen = page.posts.find((p) => p.postId === withFiles.postId)!;
    expect(seen.attachments.map((a) => a.attachmentId)).toEqual(withFiles.attachments.map((a) => a.attachmentId));
    for (const [attachment, path] of [
      [seen.attachments[0]!, fixtures.referralPdf],
      [seen.attachments[1]!, fixtures.photoJpeg],
    ] as const) {
      const opened = await doctor.core.openAttachment(timeline, seen.postId, attachment.attachmentId);
      expect(opened.attachment).toEqual(attachment);
      expect(Buffer.from(opened.bytes).equals(readFileSync(path))).toBe(true);
    }
  });

  it('writes no post when a file is refused by inspection, and sends it once with good files', async () => {
    const before = (await doctor.core.readTimeline(timeline)).posts.length;
    const good = await nurse.core.stageFile(fixtures.photoJpeg);
    const program = await nurse.core.stageFile(fixtures.renamedExecutable);
    const refused = await failure(nurse.core.writePost(post('検査結果を添付します。', [good.stagedFileId, program.stagedFileId])));
    expect(refused.reason).toBe('DOCUMENT_EXECUTABLE');
    expect(refused.message.ja).not.toBe('');
    expect((await doctor.core.readTimeline(timeline)).posts).toHaveLength(before);
    expect((await nurse.core.listTimelines()).timelines[0]!.pending).toBe(0);

    // More files than a post takes (the server's limit, 10): refused whole too, saying how many it takes.
    const many = await Promise.all(Array.from({ length: 11 }, () => nurse.core.stageFile(fixtures.photoJpeg)));
    const tooMany = await failure(
      nurse.core.writePost(
        post(
          '写真をまとめて送ります。',
          many.map((f) => f.stagedFileId),
        ),
      ),
    );
    expect(tooMany.fields).toEqual([expect.objectContaining({ field: 'attachmentIds', reason: 'TOO_MANY' })]);
    expect((await doctor.core.readTimeline(timeline)).posts).toHaveLength(before);
    for (const file of many) await nurse.core.discardStagedFile(file.stagedFileId);

    // The compose box still holds both; the user removes the program and adds the right PDF.
    await nurse.core.discardStagedFile(program.stagedFileId);
    const pdf = await nurse.core.stageFile(fixtures.multiPagePdf);
    const sent = await nurse.core.writePost(post('検査結果を添付します。', [good.stagedFileId, pdf.stagedFileId]));
    expect(sent.attachments.map((a) => a.fileName)).toEqual([basename(fixtures.photoJpeg), basename(fixtures.multiPagePdf)]);
    const page = await readTimelineFromServer(doctor.core, timeline);
    expect(page.posts).toHaveLength(before + 1);
    expect(page.posts.filter((p) => p.body === '検査結果を添付します。').map((p) => p.postId)).toEqual([sent.postId]);
  });

  it("files an attachment into the patient's documents once, and answers a second filing with the same document", async () => {
    const pdf = withFiles.attachments[0]!;
    const filed = await doctor.core.fileAttachment({
      patientId,
      postId: withFiles.postId,
      attachmentId: pdf.attachmentId,
      documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
      title: '紹介状（〇〇病院）',
    });
    expect(filed.alreadyFiled).toBe(false);
    const documents = await doctor.core.listDocuments(patientId);
    expect(documents.find((d) => d.documentId === filed.documentId)).toMatchObject({
      title: '紹介状（〇〇病院）',
      documentType: 'DOCUMENT_TYPE_REFERRAL_LETTER',
    });
    // The post now says so, on the screens at once and when read again.
    const told = doctor.events.flatMap((e) =>
      e.type === 'timeline' && e.change.kind === 'post' && e.change.post.postId === withFiles.postId ? [e.change.post] : [],
    );
    expect(told.at(-1)?.attachments[0]?.filedDocumentId).toBe(filed.documentId);
    const page = await nurse.core.readTimeline(timeline);
    expect(page.posts.find((p) => p.postId === withFiles.postId)?.attachments[0]?.filedDocumentId).toBe(filed.documentId);

    const again = await doctor.core.fileAttachment({
      patientId,
      postId: withFiles.postId,
      attachmentId: pdf.attachmentId,
      documentType: 'DOCUMENT_TYPE_OTHER',
      title: '',
    });
    expect(again).toEqual({ documentId: filed.documentId, alreadyFiled: true });
    expect((await doctor.core.listDocuments(patientId)).filter((d) => d.documentId === filed.documentId)).toHaveLength(1);
  });

  it('keeps a post with a file in the outbox while the server is down, naming the file, and sends it once when it is back', async () => {
    const before = (await doctor.core.readTimeline(timeline)).posts.length;
    await backend.server.stop();
    const photo = await nurse.core.stageFile(fixtures.photoJpeg);
    const cancelledPhoto = await nurse.core.stageFile(fixtures.photoJpeg);
    const waiting = await nurse.core.writePost(post('訪問時の写真です。', [photo.stagedFileId]));
    const cancelled = await nurse.core.writePost(post('（取り消す投稿）', [cancelledPhoto.stagedFileId]));
    expect(waiting).toMatchObject({ delivery: 'pending', attachments: [], pendingFiles: [{ fileName: basename(fixtures.photoJpeg), size: photo.size }] });
    // A file a waiting post holds is that post's alone.
    expect((await failure(nurse.core.writePost(post('同じ写真をもう一度', [photo.stagedFileId])))).reason).toBe('STAGED_FILE_NOT_FOUND');
    expect((await nurse.core.readTimeline(timeline)).posts.at(-1)?.pendingFiles).toEqual(cancelled.pendingFiles);

    // Cancelling lets its file go; the other's file stays until its post is sent.
    await nurse.core.cancelPendingPost(cancelled.clientRequestId);

    await backend.startAgain();
    await eventually(
      'a sync through',
      () => nurse.core.syncNow(),
      (sync) => sync.state === 'idle',
    );
    // (Asked once the server answers: offline, a filing is refused for that before its file is looked for.)
    expect(await stillStaged(nurse.core, cancelledPhoto.stagedFileId)).toBe(false);
    // (A page read while the outbox sends may have the post in neither part: wait for it sent.)
    const online = await eventually(
      'the outbox emptied',
      () => nurse.core.readTimeline(timeline),
      (page) => page.source === 'server' && page.posts.every((p) => p.delivery === 'sent') && page.posts.some((p) => p.body === waiting.body),
    );
    const sent = online.posts.filter((p) => p.body === waiting.body);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ delivery: 'sent', pendingFiles: [], attachments: [{ fileName: basename(fixtures.photoJpeg), mediaType: 'image/jpeg' }] });
    expect(await stillStaged(nurse.core, photo.stagedFileId)).toBe(false);

    const page = await readTimelineFromServer(doctor.core, timeline);
    expect(page.posts).toHaveLength(before + 1);
    const seen = page.posts.at(-1)!;
    expect(seen.postId).toBe(sent[0]!.postId);
    const opened = await doctor.core.openAttachment(timeline, seen.postId, seen.attachments[0]!.attachmentId);
    expect(Buffer.from(opened.bytes).equals(readFileSync(fixtures.photoJpeg))).toBe(true);
  });

  it("keeps a waiting post's file when its user logs out, and sends it when they are next online; other dropped files go", async () => {
    await backend.server.stop();
    const photo = await nurse.core.stageFile(fixtures.photoJpeg);
    const loose = await nurse.core.stageFile(fixtures.referralPdf);
    const waiting = await nurse.core.writePost(post('ログアウト前に書いた投稿です。', [photo.stagedFileId]));
    expect(waiting.delivery).toBe('pending');
    await nurse.core.logout();

    await backend.startAgain();
    // Until the server answers, a login unlocks the cache offline (which sends nothing): log out and try again.
    await eventually(
      'an online login',
      async () => {
        const session = (await nurse.core.login({ loginId: nurseLogin, password: TEST_PASSWORD })) as SessionView;
        if (session.offline) await nurse.core.logout();
        return session.offline;
      },
      (offline) => !offline,
    );
    expect(await stillStaged(nurse.core, loose.stagedFileId)).toBe(false);
    const online = await eventually(
      'the outbox emptied',
      () => nurse.core.readTimeline(timeline),
      (page) => page.source === 'server' && page.posts.every((p) => p.delivery === 'sent') && page.posts.some((p) => p.body === waiting.body),
    );
    const sent = online.posts.filter((p) => p.body === waiting.body);
    expect(sent.map((p) => p.attachments.map((a) => a.fileName))).toEqual([[basename(fixtures.photoJpeg)]]);
  });
});
