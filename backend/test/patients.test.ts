import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refoldPatientSearchKeys } from '../src/db/migrations/0009-search-folding';
import { call, closeClients, failure } from './support/api-client';
import { TestRegion } from './support/region';
import { startTestBackend, type TestBackend } from './support/test-backend';

let backend: TestBackend;
let region: TestRegion;
let credentials: { device: string; session: string };
const names: [string, string, string, string][] = [
  ['髙橋', 'ヨシ子', 'タカハシ', 'ヨシコ'],
  ['山﨑', '一郎', 'ヤマサキ', 'イチロウ'],
  ['甲斐', 'ハル', 'カイ', 'ハル'],
  ['長曽我部', '千代子', 'チョウソカベ', 'チヨコ'],
  ['黒木', '茂', 'クロキ', 'シゲル'],
];

beforeAll(async () => {
  backend = await startTestBackend();
  region = new TestRegion(backend);
  const user = await region.user();
  for (const [familyName, givenName, familyNameKana, givenNameKana] of names) {
    const p = await region.patient({ familyName, givenName, familyNameKana, givenNameKana });
    await region.join(p.id, user.id, 'CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR');
  }
  credentials = await region.session(user.login_id);
});
afterAll(async () => {
  closeClients();
  await backend?.stop();
});

const search = async (query: string) =>
  (await call(region.clinical, 'PatientService', 'SearchPatients', { query }, credentials)).patients.map((p: any) => p.name.family);

describe('patient search on the server', () => {
  it.each([
    ['たかはし', ['髙橋']],
    ['ﾀｶﾊｼ', ['髙橋']],
    ['高橋', ['髙橋']],
    ['山崎', ['山﨑']],
    ['ヤマサキ　イチロウ', ['山﨑']],
    ['ちよこ', ['長曽我部']],
    // Names starting with what was typed come first, then the rest in kana order.
    ['か', ['甲斐', '髙橋', '長曽我部']],
    ['き', ['黒木', '山﨑']],
    ['ハル', ['甲斐']],
    // Voicing, small kana and long vowels are folded: a name heard on the phone is found.
    ['くろぎ', ['黒木']],
    ['やまざき', ['山﨑']],
    ['ちょーそかべ', ['長曽我部']],
    ['100%', []],
    ['_', []],
  ])('finds %s', async (query, expected) => {
    expect(await search(query)).toEqual(expected);
  });

  it('finds patients stored before the folding once migration 0009 has recomputed their keys', async () => {
    const db = backend.database.db;
    // As 0001–0003 stored them: voiced kana kept, so くろぎ (folded to くろき) misses クロキ's old key.
    await db.updateTable('patients').set({ search_reading: 'くろぎしげる' }).where('family_name', '=', '黒木').execute();
    expect(await search('くろぎ')).toEqual([]);
    expect(await refoldPatientSearchKeys(db)).toBe(1);
    expect(await search('くろぎ')).toEqual(['黒木']);
    expect(await refoldPatientSearchKeys(db)).toBe(0);
  });

  it('refuses an empty query with a message to type something', async () => {
    const error = await failure(call(region.clinical, 'PatientService', 'SearchPatients', { query: '  ' }, credentials));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.fieldViolations).toEqual([{ field: 'query', reason: 'REQUIRED' }]);
    expect(error.message).toContain('query: 入力してください');
  });
});

describe('patient list', () => {
  it("lists in kana order across pages, with the caller's role on each team", async () => {
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await call(region.clinical, 'PatientService', 'ListPatients', { pageSize: 2, pageToken }, credentials);
      expect(page.patients.length).toBeLessThanOrEqual(2);
      for (const p of page.patients) {
        expect(p.myRoles).toEqual(['CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR']);
        seen.push(p.name.familyKana);
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(['カイ', 'クロキ', 'タカハシ', 'チョウソカベ', 'ヤマサキ']);
  });

  it('refuses a page token it did not issue', async () => {
    const error = await failure(call(region.clinical, 'PatientService', 'ListPatients', { pageToken: 'bogus' }, credentials));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.fieldViolations[0]?.field).toBe('pageToken');
  });
});
