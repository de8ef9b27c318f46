// The document cache (core/documents/document-cache.ts) on its own: encrypted bodies, bounded by
// least recently opened, SHA-256 checked on every read, and purged by patient.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentCache } from '../../src/core/documents/document-cache';
import type { DocumentView } from '../../src/shared/desktop-api';

const author = {
  userId: 'u1',
  name: { family: '黒木', given: '一郎', familyKana: 'クロキ', givenKana: 'イチロウ' },
  profession: 'PROFESSION_DOCTOR',
  facilityName: 'くろき在宅クリニック',
};

/** A PDF-like body: a real header and a distinctive, searchable text. */
function body(label: string, size: number): Buffer {
  const text = Buffer.from(`%PDF-1.7\n% ${label} 宮崎ハル様 訪問看護指示書\n`);
  return Buffer.concat([text, Buffer.alloc(Math.max(0, size - text.length), 0x20)]);
}

function view(documentId: string, version: number, bytes: Buffer): DocumentView {
  return {
    documentId,
    version,
    documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
    title: `指示書 ${documentId}`,
    fileName: `${documentId}.pdf`,
    mediaType: 'application/pdf',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    pageCount: 1,
    issuedOn: '',
    issuer: '',
    validFrom: '',
    validUntil: '',
    note: '',
    uploadedBy: author,
    uploadedAt: '2026-11-24T00:00:00.000Z',
    superseded: false,
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const fresh = (maxBytes?: number) => {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-documents-'));
  made.push(dir);
  const key = randomBytes(32);
  return { dir, key, cache: DocumentCache.open(dir, key, maxBytes) };
};

describe('document cache', () => {
  it('keeps bodies and descriptions encrypted, and gives them back only with the key', async () => {
    const { dir, key, cache } = fresh();
    const bytes = body('d1', 4_000);
    expect(await cache.put('p1', view('d1', 1, bytes), bytes)).toBe(true);
    const got = await cache.get('d1', 1);
    expect(got?.bytes.equals(bytes)).toBe(true);
    expect(got?.document.title).toBe('指示書 d1');
    cache.close();
    for (const file of filesUnder(dir)) {
      const raw = readFileSync(file);
      for (const secret of ['%PDF-1.7', '宮崎ハル', '指示書 d1']) expect(raw.includes(Buffer.from(secret)), `${file} holds ${secret}`).toBe(false);
    }
    const wrongKey = DocumentCache.open(dir, randomBytes(32));
    expect(await wrongKey.get('d1', 1)).toBeUndefined();
    wrongKey.close();
    // An entry that did not open was dropped: the right key finds nothing either.
    const reopened = DocumentCache.open(dir, key);
    expect(reopened.entries()).toEqual([]);
  });

  it('drops an entry whose body was changed on disk instead of returning it', async () => {
    const { dir, cache } = fresh();
    const bytes = body('d1', 2_000);
    await cache.put('p1', view('d1', 1, bytes), bytes);
    const [bodyFile] = filesUnder(join(dir, 'bodies'));
    const sealed = readFileSync(bodyFile!);
    sealed[sealed.length - 1]! ^= 0x01;
    writeFileSync(bodyFile!, sealed);
    expect(await cache.get('d1', 1)).toBeUndefined();
    expect(cache.entries()).toEqual([]);
  });

  it('evicts the least recently opened versions to stay within its bound', async () => {
    const { cache } = fresh(10_000);
    const a = body('a', 4_000);
    const b = body('b', 4_000);
    const c = body('c', 4_000);
    await cache.put('p1', view('a', 1, a), a);
    await cache.put('p1', view('b', 1, b), b);
    // Opening a makes b the least recently opened.
    expect(await cache.get('a', 1)).toBeDefined();
    await cache.put('p1', view('c', 1, c), c);
    expect(cache.entries().map((e) => e.documentId)).toEqual(['c', 'a']);
    expect(cache.totalBytes).toBeLessThanOrEqual(10_000);
    expect(await cache.get('b', 1)).toBeUndefined();
    // Larger than the whole cache: not kept, nothing else evicted for it.
    const huge = body('huge', 20_000);
    expect(await cache.put('p1', view('huge', 1, huge), huge)).toBe(false);
    expect(cache.entries().map((e) => e.documentId)).toEqual(['c', 'a']);
  });

  it('finds the newest version kept for version 0, and only the version with the SHA-256 asked for', async () => {
    const { cache } = fresh();
    const v1 = body('v1', 1_000);
    const v2 = body('v2', 1_000);
    await cache.put('p1', view('d', 1, v1), v1);
    await cache.put('p1', view('d', 2, v2), v2);
    expect((await cache.get('d', 0))?.document.version).toBe(2);
    expect(await cache.get('d', 1, view('d', 2, v2).sha256)).toBeUndefined();
    expect((await cache.get('d', 1, view('d', 1, v1).sha256))?.bytes.equals(v1)).toBe(true);
  });

  it('refuses bytes that do not match the description', async () => {
    const { cache } = fresh();
    const bytes = body('d1', 1_000);
    expect(await cache.put('p1', { ...view('d1', 1, bytes), sha256: '0'.repeat(64) }, bytes)).toBe(false);
    expect(cache.entries()).toEqual([]);
  });

  it('purges by patient and clears everything', async () => {
    const { dir, cache } = fresh();
    for (const [patient, id] of [
      ['p1', 'x'],
      ['p2', 'y'],
      ['p2', 'z'],
    ] as const) {
      const bytes = body(id, 1_000);
      await cache.put(patient, view(id, 1, bytes), bytes);
    }
    await cache.purgePatient('p2');
    expect(cache.entries().map((e) => e.documentId)).toEqual(['x']);
    expect(filesUnder(join(dir, 'bodies'))).toHaveLength(1);
    await cache.clear();
    expect(cache.entries()).toEqual([]);
    expect(filesUnder(join(dir, 'bodies'))).toHaveLength(0);
  });
});
