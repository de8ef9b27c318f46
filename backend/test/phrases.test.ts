// PhraseService through the real gRPC backend: 定型文, the user's own and their office's, with who
// may change which (phrases/phrases.ts).
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, closeClients, failure, type Credentials } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let clinic: TestRegion;
const who: Record<'doctor' | 'nurse' | 'clerk' | 'otherOffice', Credentials> = {} as never;

const phrases = <T = any>(method: string, request: object, credentials: Credentials): Promise<T> =>
  call<T>(clinic.clinical, 'PhraseService' as Parameters<typeof call>[1], method, request, credentials);
const list = async (credentials: Credentials) => (await phrases('ListPhrases', {}, credentials)).phrases as any[];

beforeAll(async () => {
  backend = await startTestBackend();
  clinic = new TestRegion(backend, 'FACILITY_KIND_CLINIC', 'みやざき在宅クリニック');
  const other = clinic.office('FACILITY_KIND_VISITING_NURSE_STATION', 'ひまわり訪問看護ステーション');
  who.doctor = await clinic.session((await clinic.user('PROFESSION_DOCTOR', ['黒木', '健一'])).login_id);
  who.nurse = await clinic.session((await clinic.user('PROFESSION_NURSE', ['日高', '美香'])).login_id);
  who.clerk = await clinic.session((await clinic.user('PROFESSION_CARE_WORKER', ['甲斐', '優子'])).login_id);
  who.otherOffice = await other.session((await other.user('PROFESSION_NURSE', ['外山', '進'])).login_id);
});

afterAll(async () => {
  closeClients();
  await backend?.stop();
});

describe('定型文', () => {
  it("keeps a user's own phrase to that user: others neither list, change nor delete it", async () => {
    const mine = await phrases(
      'CreatePhrase',
      { owner: 'PHRASE_OWNER_USER', target: 'PHRASE_TARGET_SOAP_S', title: '夜間良眠', body: '夜間はよく眠れたとのこと。' },
      who.nurse,
    );
    expect(mine).toMatchObject({ owner: 'PHRASE_OWNER_USER', target: 'PHRASE_TARGET_SOAP_S', title: '夜間良眠', callerMayEdit: true, deleted: false });
    expect((await list(who.nurse)).map((p) => p.phraseId)).toContain(mine.phraseId);
    expect((await list(who.doctor)).map((p) => p.phraseId)).not.toContain(mine.phraseId);

    const change = await failure(phrases('UpdatePhrase', { phraseId: mine.phraseId, target: 'PHRASE_TARGET_ANY', title: 'x', body: 'x' }, who.doctor));
    expect(change.reason).toBe('RECORD_NOT_FOUND');
    const remove = await failure(phrases('DeletePhrase', { phraseId: mine.phraseId }, who.doctor));
    expect(remove.reason).toBe('RECORD_NOT_FOUND');

    const edited = await phrases(
      'UpdatePhrase',
      { phraseId: mine.phraseId, target: 'PHRASE_TARGET_SOAP_S', title: '夜間良眠', body: '夜間は良眠。' },
      who.nurse,
    );
    expect(edited.body).toBe('夜間は良眠。');
    const deleted = await phrases('DeletePhrase', { phraseId: mine.phraseId }, who.nurse);
    expect(deleted).toMatchObject({ deleted: true, callerMayEdit: false });
    // Listed as deleted, so a PC's offline copy drops it; it cannot be changed again.
    expect((await list(who.nurse)).find((p) => p.phraseId === mine.phraseId)).toMatchObject({ deleted: true });
    expect((await failure(phrases('DeletePhrase', { phraseId: mine.phraseId }, who.nurse))).reason).toBe('RECORD_NOT_FOUND');
  });

  it("shares an office's phrase with its members, written by its doctors and nurses only", async () => {
    const shared = await phrases(
      'CreatePhrase',
      { owner: 'PHRASE_OWNER_FACILITY', target: 'PHRASE_TARGET_SOAP_O', title: 'バイタル安定', body: 'バイタル安定。著変なし。' },
      who.doctor,
    );
    expect(shared).toMatchObject({ owner: 'PHRASE_OWNER_FACILITY', facilityName: 'みやざき在宅クリニック', callerMayEdit: true });

    const seenByClerk = (await list(who.clerk)).find((p) => p.phraseId === shared.phraseId);
    expect(seenByClerk).toMatchObject({ body: 'バイタル安定。著変なし。', callerMayEdit: false });
    expect((await list(who.otherOffice)).map((p) => p.phraseId)).not.toContain(shared.phraseId);

    const byClerk = await failure(phrases('UpdatePhrase', { phraseId: shared.phraseId, target: 'PHRASE_TARGET_ANY', title: '変更', body: '変更' }, who.clerk));
    expect(byClerk.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(byClerk.reason).toBe('PHRASE_FACILITY_WRITER');
    const clerkCreates = await failure(
      phrases('CreatePhrase', { owner: 'PHRASE_OWNER_FACILITY', target: 'PHRASE_TARGET_ANY', title: 'a', body: 'b' }, who.clerk),
    );
    expect(clerkCreates.reason).toBe('PHRASE_FACILITY_WRITER');
    expect((await failure(phrases('DeletePhrase', { phraseId: shared.phraseId }, who.otherOffice))).reason).toBe('RECORD_NOT_FOUND');

    const byNurse = await phrases(
      'UpdatePhrase',
      { phraseId: shared.phraseId, target: 'PHRASE_TARGET_SOAP_O', title: 'バイタル安定', body: 'バイタル安定。' },
      who.nurse,
    );
    expect(byNurse.body).toBe('バイタル安定。');
    // The refusals are in the access log.
    const refused = await backend.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'phrase.%')
      .where('outcome', '=', 'denied')
      .execute();
    expect(refused.map((r) => r.action)).toEqual(expect.arrayContaining(['phrase.update', 'phrase.create']));
  });

  it('checks every field at the boundary, in words the user can act on', async () => {
    const blank = await failure(phrases('CreatePhrase', { owner: 'PHRASE_OWNER_USER', target: 'PHRASE_TARGET_ANY', title: '空', body: '   ' }, who.nurse));
    expect(blank.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(blank.fieldViolations).toEqual([expect.objectContaining({ field: 'body', reason: 'PHRASE_EMPTY' })]);
    const bad = await failure(
      phrases('CreatePhrase', { owner: 'PHRASE_OWNER_UNSPECIFIED', target: 'PHRASE_TARGET_UNSPECIFIED', title: '一行目\n二行目', body: 'x' }, who.nurse),
    );
    expect(bad.fieldViolations.map((v: any) => v.field).sort()).toEqual(['owner', 'target', 'title']);
    const hidden = await failure(
      phrases('CreatePhrase', { owner: 'PHRASE_OWNER_USER', target: 'PHRASE_TARGET_ANY', title: 't', body: 'abc\u202Edef' }, who.nurse),
    );
    expect(hidden.fieldViolations[0]?.field).toBe('body');
  });
});
