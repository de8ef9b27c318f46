import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { StoredOverview } from '../../src/core/cache/overview-mapping';
import { CacheKeyError, PatientCache } from '../../src/core/cache/patient-cache';

function overview(id: string, family: string, familyKana: string, given = 'ハル', givenKana = 'ハル'): StoredOverview {
  return {
    patient: { id, name: { family, given, familyKana, givenKana }, birthDate: '1938-04-02', sex: 'SEX_FEMALE', careLevel: 'CARE_LEVEL_CARE_3', myRoles: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'], postalCode: '880-0805', address: '宮崎市橘通東3丁目', phone: '0985-20-1001', keyPerson: '長女 宮崎花子' },
    careTeam: [],
    allergies: [{ substance: 'ペニシリン系抗菌薬', reaction: '蕁麻疹', severity: 'ALLERGY_SEVERITY_MODERATE', notedOn: '' }],
    diagnoses: [{ name: '慢性心不全', icd10Code: 'I50.0', onsetDate: '', primary: true, note: '' }],
    updatedAt: null,
  };
}

function freshCache() {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-cache-'));
  const path = join(dir, 'user.sqlite');
  const key = randomBytes(32);
  return { dir, path, key, cache: PatientCache.open(path, key) };
}

const page = (nextCursor: string, complete = true, reset = false) => ({ nextCursor, complete, reset, at: new Date('2026-11-24T05:00:00Z') });

describe('patient cache', () => {
  it('keeps nothing readable about patients on disk', () => {
    const { dir, path, cache } = freshCache();
    cache.applyPage([{ patientId: 'p1', overview: overview('p1', '宮崎', 'ミヤザキ') }], page('c1'));
    cache.close();
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      for (const secret of ['宮崎', 'ミヤザキ', 'ペニシリン', '慢性心不全', '橘通東']) expect(bytes.includes(Buffer.from(secret)), `${file} contains ${secret}`).toBe(false);
    }
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });

  it('opens only with its key, and a sealed row moved to another id does not open', () => {
    const { path, key, cache } = freshCache();
    cache.applyPage([{ patientId: 'p1', overview: overview('p1', '宮崎', 'ミヤザキ') }, { patientId: 'p2', overview: overview('p2', '甲斐', 'カイ') }], page('c1'));
    cache.close();
    expect(() => PatientCache.open(path, randomBytes(32))).toThrow(CacheKeyError);

    const raw = new Database(path);
    const p1 = raw.prepare("select sealed from patients where id = 'p1'").get() as { sealed: Buffer };
    raw.prepare("update patients set sealed = ? where id = 'p2'").run(p1.sealed);
    raw.close();
    expect(() => PatientCache.open(path, key)).toThrow(CacheKeyError);
  });

  it('applies upserts, removals and resets, and knows when it last matched the server', () => {
    const { path, key, cache } = freshCache();
    cache.applyPage([{ patientId: 'p1', overview: overview('p1', '宮崎', 'ミヤザキ') }, { patientId: 'p2', overview: overview('p2', '甲斐', 'カイ') }], page('c1', false));
    expect(cache.lastSyncedAt).toBeNull();
    cache.applyPage([{ patientId: 'p1', overview: null }], page('c2'));
    expect(cache.lastSyncedAt).toBe('2026-11-24T05:00:00.000Z');
    expect(cache.search('').map((p) => p.id)).toEqual(['p2']);
    expect(cache.overview('p1')).toBeUndefined();
    cache.applyPage([{ patientId: 'p3', overview: overview('p3', '黒木', 'クロキ') }], page('c3', true, true));
    expect(cache.search('').map((p) => p.id)).toEqual(['p3']);
    cache.close();
    const reopened = PatientCache.open(path, key);
    expect(reopened.cursor).toBe('c3');
    expect(reopened.search('').map((p) => p.id)).toEqual(['p3']);
    expect(reopened.overview('p3')?.allergies[0]?.substance).toBe('ペニシリン系抗菌薬');
  });

  it('searches by kanji or kana, ignoring width and hiragana/katakana, names starting with the query first', () => {
    const { cache } = freshCache();
    cache.applyPage(
      [
        { patientId: 'a', overview: overview('a', '髙橋', 'タカハシ', 'ヨシ子', 'ヨシコ') },
        { patientId: 'b', overview: overview('b', '甲斐', 'カイ') },
        { patientId: 'c', overview: overview('c', '長曽我部', 'チョウソカベ', '千代子', 'チヨコ') },
      ],
      page('c1'),
    );
    const ids = (query: string) => cache.search(query).map((p) => p.id);
    expect(ids('高橋')).toEqual(['a']);
    expect(ids('たかはし')).toEqual(['a']);
    expect(ids('ﾀｶﾊｼ')).toEqual(['a']);
    expect(ids('か')).toEqual(['b', 'a', 'c']);
    expect(ids('')).toEqual(['b', 'a', 'c']);
    expect(ids('やまだ')).toEqual([]);
  });
});
