// 定型文 through the desktop core against a real backend (TLS), the real OS keychain and the real
// encrypted cache: a nurse adds her own phrase and an office phrase, the list carries both (and the
// server's edit rule); with the server gone the list comes from this PC's cache, sealed on disk,
// and adding needs the connection. A deleted phrase leaves the cached list at the next read, and an
// office phrase added on another PC reaches this PC's offline list with the next sync.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDevice, TEST_PASSWORD, TestRegion, startTestBackend, type TestBackend } from '@renkei/backend/test-support';
import { osKeychain } from '../../src/core/keychain/keychain';
import { RenkeiCore } from '../../src/core/renkei-core';
import { phrasesFor } from '../../src/shared/phrase-views';
import { failure } from './support/clinic-pc';

let backend: TestBackend;
let region: TestRegion;

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
}, 120_000);
afterAll(async () => {
  await backend?.stop();
});

async function startCore(dataDir: string, profession: Parameters<TestRegion['user']>[0], name: [string, string]): Promise<RenkeiCore> {
  const user = await region.user(profession, name);
  const keychain = osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`);
  const core = await RenkeiCore.start({ dataDir, tunnel: null, keychain, syncIntervalMs: 3_600_000 });
  const status = await core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await region.code(), deviceName: '事務所PC' });
  await approveDevice(backend.database, (status.device as { deviceId: string }).deviceId, 'test', backend.clock.now());
  await core.refreshDevice();
  await core.login({ loginId: user.login_id, password: TEST_PASSWORD });
  return core;
}

describe('定型文 on a clinic PC', () => {
  const nurseDir = mkdtempSync(join(tmpdir(), 'renkei-desktop-phrases-'));
  const helperDir = mkdtempSync(join(tmpdir(), 'renkei-desktop-phrases-helper-'));
  let nurse: RenkeiCore;
  let helper: RenkeiCore;

  beforeAll(async () => {
    nurse = await startCore(nurseDir, 'PROFESSION_NURSE', ['看護', '花子']);
    helper = await startCore(helperDir, 'PROFESSION_CARE_WORKER', ['介護', '太郎']);
  });
  afterAll(async () => {
    await nurse?.stop();
    await helper?.stop();
    rmSync(nurseDir, { recursive: true, force: true });
    rmSync(helperDir, { recursive: true, force: true });
  });

  it("lists the user's own and the office's phrases, with who may change them", async () => {
    const own = await nurse.createPhrase({ owner: 'PHRASE_OWNER_USER', target: 'PHRASE_TARGET_SOAP_S', title: '訴えなし', body: '特に訴えなし。' });
    const office = await nurse.createPhrase({
      owner: 'PHRASE_OWNER_FACILITY',
      target: 'PHRASE_TARGET_SOAP_O',
      title: 'バイタル安定',
      body: 'バイタル安定。著変なし。',
    });
    const gone = await nurse.createPhrase({ owner: 'PHRASE_OWNER_USER', target: 'PHRASE_TARGET_ANY', title: '消す', body: '消す定型文' });
    await nurse.updatePhrase({ phraseId: own.phraseId, target: 'PHRASE_TARGET_SOAP_S', title: '訴えなし', body: '特に訴えなし。睡眠良好。' });
    await nurse.deletePhrase(gone.phraseId);

    const list = await nurse.listPhrases();
    expect(list.source).toBe('server');
    expect(list.phrases.map((p) => p.title).sort()).toEqual(['バイタル安定', '訴えなし']);
    expect(list.phrases.find((p) => p.phraseId === own.phraseId)).toMatchObject({
      owner: 'PHRASE_OWNER_USER',
      body: '特に訴えなし。睡眠良好。',
      callerMayEdit: true,
    });
    expect(phrasesFor(list.phrases, 'PHRASE_TARGET_SOAP_O').map((p) => p.phraseId)).toEqual([office.phraseId]);

    // A care worker of the same office reads the office's phrase but may not change it; the server says so.
    const helperList = await helper.listPhrases();
    expect(helperList.phrases).toEqual([expect.objectContaining({ phraseId: office.phraseId, callerMayEdit: false })]);
    const refused = await failure(helper.createPhrase({ owner: 'PHRASE_OWNER_FACILITY', target: 'PHRASE_TARGET_ANY', title: '事業所', body: '本文' }));
    expect(refused.reason).toBe('PHRASE_FACILITY_WRITER');
    expect(refused.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
  });

  let addedElsewhere: string;
  it('keeps an office phrase added on another PC for offline use once this PC has synced, without opening a picker', async () => {
    // The care worker's PC read the list once (the first test); the nurse then adds a phrase for forms.
    addedElsewhere = (
      await nurse.createPhrase({ owner: 'PHRASE_OWNER_FACILITY', target: 'PHRASE_TARGET_FORM', title: '状態安定', body: '状態安定。著変なし。' })
    ).phraseId;
    expect((await helper.syncNow()).state).toBe('idle');
  });

  it('lists them from the encrypted cache when the server is gone; adding needs the connection', async () => {
    const online = await nurse.listPhrases();
    await backend.server.stop();

    // The sync, not a read of the list, brought the other PC's phrase into this one's cache.
    const helperOffline = await helper.listPhrases();
    expect(helperOffline.source).toBe('cache');
    expect(phrasesFor(helperOffline.phrases, 'PHRASE_TARGET_FORM').map((p) => p.phraseId)).toContain(addedElsewhere);

    const offline = await nurse.listPhrases();
    expect(offline.source).toBe('cache');
    expect(offline.phrases).toEqual(online.phrases);
    expect(offline.phrases.map((p) => p.title)).not.toContain('消す');

    for (const entry of readdirSync(join(nurseDir, 'caches'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      const raw = readFileSync(join(entry.parentPath, entry.name));
      expect(raw.includes(Buffer.from('睡眠良好')), `${entry.name} holds a phrase in the clear`).toBe(false);
    }
    const offlineAdd = await failure(nurse.createPhrase({ owner: 'PHRASE_OWNER_USER', target: 'PHRASE_TARGET_ANY', title: 'x', body: 'y' }));
    expect(offlineAdd.reason).toBe('CHART_NEEDS_CONNECTION');
  });
});
