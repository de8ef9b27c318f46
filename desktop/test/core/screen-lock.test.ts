// The screen lock of a shared clinic PC (issue 13) in the real desktop core, against a real backend
// (TLS, SQLite or PostgreSQL), the real OS keychain and real encrypted caches: a locked core hands
// no patient data to the screens and tells them nothing but the status, while the outbox keeps
// sending underneath; the nurse's own password unlocks it (checked on the PC), five wrong ones end
// her session with the reason for the login screen; a restart comes back locked; another staff
// member signs in on the same PC and opens their own caches, not hers, and her unsent post goes at
// her next login.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import type { DesktopEvent } from '../../src/shared/desktop-api';
import type { TimelineRefView } from '../../src/shared/timeline-views';
import { clinicPc, eventually, postInput, readTimelineFromServer, refusal, removeClinicPcData, type ClinicPc } from './support/clinic-pc';

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
}, 120_000);
afterAll(async () => {
  await backend?.stop();
  removeClinicPcData();
});

const lockedView = async (pc: ClinicPc) => (await pc.core.getStatus()).session?.locked ?? null;

describe('the screen lock', () => {
  let pc: ClinicPc;
  let doctorPc: ClinicPc;
  let nurse: { id: string; login_id: string };
  let doctor: { id: string; login_id: string };
  let shared: TimelineRefView;
  let nursesOwnPatient: string;
  let doctorsOwnPatient: string;

  beforeAll(async () => {
    nurse = await region.user('PROFESSION_NURSE', ['鈴木', '恵子']);
    doctor = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    const both = await region.patient({ familyName: '宮崎', givenName: '未来斗', familyNameKana: 'ミヤザキ', givenNameKana: 'ミキト' });
    const nurses = await region.patient({ familyName: '日向', givenName: '花子', familyNameKana: 'ヒュウガ', givenNameKana: 'ハナコ' });
    const doctors = await region.patient({ familyName: '延岡', givenName: '太郎', familyNameKana: 'ノベオカ', givenNameKana: 'タロウ' });
    await region.join(both.id, doctor.id);
    await region.join(both.id, nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    await region.join(nurses.id, nurse.id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    await region.join(doctors.id, doctor.id);
    [shared, nursesOwnPatient, doctorsOwnPatient] = [{ kind: 'patient', id: both.id }, nurses.id, doctors.id];
    pc = await clinicPc(backend, region, nurse.login_id);
    doctorPc = await clinicPc(backend, region, doctor.login_id);
  }, 120_000);

  afterAll(async () => {
    await pc?.core.stop();
    await doctorPc?.core.stop();
  });

  it("keeps the facility's minutes in the session (the server's 0 is the default, 10) and remembers them for an offline unlock", async () => {
    expect((await pc.core.getStatus()).session).toMatchObject({ idleLockMinutes: 10, locked: null });
    const known = JSON.parse(readFileSync(join(pc.dataDir, 'known-users.json'), 'utf8')) as Record<string, { idleLockMinutes: number }>;
    expect(known[nurse.login_id]?.idleLockMinutes).toBe(10);
  });

  it('refuses every call that hands patient data while locked, and tells the screens nothing but the status', async () => {
    expect((await pc.core.searchPatients('')).patients.length).toBe(2);
    await pc.core.lockScreen();
    const locked = await lockedView(pc);
    expect(locked).toMatchObject({ attemptsLeft: 5, unsentPosts: 0 });
    expect(Number.isNaN(Date.parse(locked!.lockedAt))).toBe(false);

    expect(await refusal(pc.core.searchPatients(''))).toBe('SCREEN_LOCKED');
    expect(await refusal(pc.core.getPatientOverview(nursesOwnPatient))).toBe('SCREEN_LOCKED');
    expect(await refusal(pc.core.listNotes(nursesOwnPatient))).toBe('SCREEN_LOCKED');
    expect(await refusal(pc.core.listTimelines())).toBe('SCREEN_LOCKED');
    expect(await refusal(pc.core.readTimeline(shared))).toBe('SCREEN_LOCKED');
    expect(await refusal(pc.core.writePost(postInput(shared, '鍵の裏から')))).toBe('SCREEN_LOCKED');
    expect(await refusal(pc.core.getWatchedFolder())).toBe('SCREEN_LOCKED');
    // Logging in over the lock would skip the password count: the lock screen's 別のユーザー is the way.
    expect(await refusal(pc.core.login({ loginId: doctor.login_id, password: TEST_PASSWORD }))).toBe('SCREEN_LOCKED');

    // The doctor mentions the nurse, urgently: her PC's stream receives it (on loopback, within
    // milliseconds; unlocked, it would be a notification at once), her screens hear nothing.
    const from = pc.events.length;
    const post = await doctorPc.core.writePost(postInput(shared, '至急：明朝の採血をお願いします。', { urgent: true, mentionedUserIds: [nurse.id] }));
    await sleep(2_000);
    expect(pc.events.slice(from).filter((event: DesktopEvent) => event.type !== 'status')).toEqual([]);
    await pc.core.unlockScreen(TEST_PASSWORD);
    // It reached her cache behind the lock: readable once unlocked, also with the server away.
    await backend.server.stop();
    const page = await pc.core.readTimeline(shared);
    await backend.startAgain();
    expect(page.source).toBe('cache');
    expect(page.posts.map((p) => p.postId)).toContain(post.postId);
  });

  it('unlocks with the right password only, counting the wrong ones', async () => {
    await pc.core.lockScreen();
    expect(await refusal(pc.core.unlockScreen('wrong password'))).toBe('UNLOCK_PASSWORD_WRONG');
    expect(await lockedView(pc)).toMatchObject({ attemptsLeft: 4 });
    await pc.core.unlockScreen(TEST_PASSWORD);
    expect(await lockedView(pc)).toBeNull();
    expect((await pc.core.searchPatients('')).patients.map((p) => p.name.family).sort()).toEqual(['宮崎', '日向'].sort());
    // A new lock counts afresh.
    await pc.core.lockScreen();
    expect(await lockedView(pc)).toMatchObject({ attemptsLeft: 5 });
    await pc.core.unlockScreen(TEST_PASSWORD);
  });

  it('comes back locked after a restart on the lock screen', async () => {
    await pc.core.lockScreen();
    await pc.restart();
    const status = await pc.core.getStatus();
    expect(status.session?.user.loginId).toBe(nurse.login_id);
    expect(status.session?.locked).not.toBeNull();
    expect(await refusal(pc.core.searchPatients(''))).toBe('SCREEN_LOCKED');
    await pc.core.unlockScreen(TEST_PASSWORD);
    expect((await pc.core.searchPatients('')).patients.length).toBe(2);
  });

  it('keeps the outbox sending while locked', async () => {
    await backend.server.stop();
    const pending = await pc.core.writePost(postInput(shared, '本日の訪問で褥瘡処置を実施しました。'));
    expect(pending.delivery).toBe('pending');
    await pc.core.lockScreen();
    expect(await lockedView(pc)).toMatchObject({ unsentPosts: 1 });
    await backend.startAgain();
    await eventually(
      'the outbox emptied behind the lock',
      () => lockedView(pc),
      (view) => view?.unsentPosts === 0,
      60_000,
    );
    const page = await readTimelineFromServer(doctorPc.core, shared);
    expect(page.posts.map((p) => p.body)).toContain('本日の訪問で褥瘡処置を実施しました。');
    await pc.core.unlockScreen(TEST_PASSWORD);
  });

  it("switches to another user on the same PC: the doctor's caches open, not the nurse's, and her unsent post goes at her next login", async () => {
    await backend.server.stop();
    await pc.core.writePost(postInput(shared, '（ロック中に残った下書きの送信）訪問記録を共有します。'));
    await pc.core.lockScreen();
    expect(await lockedView(pc)).toMatchObject({ unsentPosts: 1 });
    await pc.core.switchUser();
    expect((await pc.core.getStatus()).session).toBeNull();
    // Her caches stay on the PC for her next login.
    const nurseCache = readdirSync(join(pc.dataDir, 'caches')).filter((name) => name.startsWith(nurse.id));
    expect(nurseCache.length).toBeGreaterThan(0);
    await backend.startAgain();

    await eventually(
      'the doctor logged in',
      () =>
        pc.core.login({ loginId: doctor.login_id, password: TEST_PASSWORD }).then(
          () => true,
          () => false,
        ),
      (done) => done,
      60_000,
    );
    await pc.core.syncNow();
    const doctorsPatients = (await pc.core.searchPatients('')).patients.map((p) => p.id);
    expect(doctorsPatients).toContain(doctorsOwnPatient);
    expect(doctorsPatients).not.toContain(nursesOwnPatient);
    expect(await refusal(pc.core.getPatientOverview(nursesOwnPatient))).not.toBe('SCREEN_LOCKED');
    // The doctor's session does not send the nurse's post.
    const whileDoctor = await pc.core.readTimeline(shared);
    expect(whileDoctor.posts.map((p) => p.body)).not.toContain('（ロック中に残った下書きの送信）訪問記録を共有します。');
    await pc.core.logout();

    await pc.core.login({ loginId: nurse.login_id, password: TEST_PASSWORD });
    await eventually(
      'her post sent at her login',
      () => doctorPc.core.readTimeline(shared),
      (page) => page.posts.some((p) => p.body === '（ロック中に残った下書きの送信）訪問記録を共有します。'),
      60_000,
    );
    expect(existsSync(join(pc.dataDir, 'caches', `${nurse.id}.sqlite`))).toBe(true);
  });

  it('ends the session after five wrong passwords, with the reason for the login screen', async () => {
    await pc.core.lockScreen();
    for (let left = 4; left >= 1; left--) {
      expect(await refusal(pc.core.unlockScreen(`wrong ${left}`))).toBe('UNLOCK_PASSWORD_WRONG');
      expect(await lockedView(pc)).toMatchObject({ attemptsLeft: left });
    }
    expect(await refusal(pc.core.unlockScreen('wrong again'))).toBe('UNLOCK_ATTEMPTS_EXHAUSTED');
    const ended = await pc.core.getStatus();
    expect(ended.session).toBeNull();
    expect(ended.sessionEnded?.reason).toBe('UNLOCK_ATTEMPTS_EXHAUSTED');
    expect(ended.sessionEnded?.message.ja).toContain('ログアウトしました');
    expect(await refusal(pc.core.searchPatients(''))).toBe('NOT_LOGGED_IN');
    // Not restored after a restart: the session left the keychain as at a logout.
    await pc.restart();
    expect((await pc.core.getStatus()).session).toBeNull();
    // The next login clears the reason.
    await pc.core.login({ loginId: nurse.login_id, password: TEST_PASSWORD });
    expect((await pc.core.getStatus()).sessionEnded).toBeNull();
  });
});
