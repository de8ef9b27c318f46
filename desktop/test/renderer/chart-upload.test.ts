import { describe, expect, it } from 'vitest';
import { careTeamOffices, consentState } from '../../src/renderer/chart/consent/consent-state';
import { checkFileBytes, pdfOpenProblemOf, pdfProblemRefusal } from '../../src/renderer/chart/documents/staged-file-check';
import {
  formatFileSize,
  titleFromFileName,
  toUploadInput,
  uploadPercent,
  uploadProblems,
  type UploadDraft,
} from '../../src/renderer/chart/documents/upload-form';
import type { ConsentView } from '../../src/shared/desktop-api';

const draft = (change: Partial<UploadDraft> = {}): UploadDraft => ({
  documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
  title: '訪問看護指示書',
  issuedOn: '2026-11-01',
  issuer: 'くろき在宅クリニック 黒木一郎',
  validFrom: '2026-11-01',
  validUntil: '2027-04-30',
  instructionKind: 'NORMAL',
  note: '',
  asNewVersion: false,
  replacesDocumentId: '',
  ...change,
});

describe('the upload dialog', () => {
  it('titles a file by its name without the extension', () => {
    expect(titleFromFileName('訪問看護指示書_山田様.pdf')).toBe('訪問看護指示書_山田様');
    expect(titleFromFileName('scan.2026.11.tiff')).toBe('scan.2026.11');
    expect(titleFromFileName('.pdf')).toBe('.pdf');
  });

  it('accepts a complete instruction within its kind’s limit', () => {
    expect(uploadProblems(draft())).toEqual([]);
  });

  it('says what is missing or too long, field by field', () => {
    expect(uploadProblems(draft({ documentType: '', title: ' ' })).map((p) => p.field)).toEqual(['documentType', 'title']);
    expect(uploadProblems(draft({ validFrom: '', validUntil: '' })).map((p) => `${p.field}:${p.code}`)).toEqual(['validFrom:required', 'validUntil:required']);
    expect(uploadProblems(draft({ validUntil: '2026-10-31' }))).toEqual([{ field: 'validUntil', code: 'before-start' }]);
    // 6 months from 2026-11-01 end on 2027-04-30; a special instruction lasts 14 days.
    expect(uploadProblems(draft({ validUntil: '2027-05-01' }))).toEqual([{ field: 'validUntil', code: 'too-long', kind: 'NORMAL', latest: '2027-04-30' }]);
    expect(uploadProblems(draft({ instructionKind: 'SPECIAL', validUntil: '2026-11-15' }))).toEqual([
      { field: 'validUntil', code: 'too-long', kind: 'SPECIAL', latest: '2026-11-14' },
    ]);
    expect(uploadProblems(draft({ asNewVersion: true }))).toEqual([{ field: 'replacesDocumentId', code: 'required' }]);
  });

  it('sends a validity period only for an instruction, and the replaced document only when asked', () => {
    const report = toUploadInput('p', 's', draft({ documentType: 'DOCUMENT_TYPE_OTHER', replacesDocumentId: 'd-1' }));
    expect(report).toMatchObject({ validFrom: '', validUntil: '', replacesDocumentId: '' });
    expect(toUploadInput('p', 's', draft({ asNewVersion: true, replacesDocumentId: 'd-1' })).replacesDocumentId).toBe('d-1');
  });

  it('reports progress in whole percent, 100 only at the end', () => {
    expect(uploadPercent(0, 1000)).toBe(0);
    expect(uploadPercent(999, 1000)).toBe(99);
    expect(uploadPercent(1000, 1000)).toBe(100);
    expect(uploadPercent(5, 0)).toBe(0);
    expect(formatFileSize(512)).toBe('512 B');
    expect(formatFileSize(840 * 1024)).toBe('840 KB');
    expect(formatFileSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});

describe('consent', () => {
  const record = {
    id: 'c1',
    obtainedOn: '2026-04-01',
    obtainedBy: '主治医 黒木',
    scope: 'CONSENT_SCOPE_CARE_TEAM',
    facilityNames: [],
    formDocumentId: '',
    note: '',
    recordedBy: '黒木 一郎',
    recordedAt: '2026-04-01T01:00:00Z',
    withdrawnOn: '',
    withdrawalReason: '',
  };
  const view = (change: Partial<ConsentView>): ConsentView => ({
    shared: false,
    current: null,
    history: [],
    registeredByFacilityName: 'くろき在宅クリニック',
    callerMayRecord: true,
    ...change,
  });

  it('tells in force, never obtained and withdrawn apart', () => {
    expect(consentState(null)).toBe('unknown');
    expect(consentState(view({}))).toBe('none');
    expect(consentState(view({ shared: true, current: record, history: [record] }))).toBe('in-force');
    expect(consentState(view({ history: [{ ...record, withdrawnOn: '2026-10-01', withdrawalReason: '家族の申し出' }] }))).toBe('withdrawn');
  });

  it('lists each office of the care team once', () => {
    const member = (facilityName: string, facilityId?: string) => ({
      userId: facilityName,
      name: { family: '', given: '', familyKana: '', givenKana: '' },
      profession: 'PROFESSION_NURSE',
      facilityName,
      facilityId: '',
      facilityPhone: '',
      facilityOnCallPhone: '',
      role: 'CARE_TEAM_ROLE_VISITING_NURSE',
      joinedAt: null,
      contactPhone: '',
      ...(facilityId ? { facilityId } : {}),
    });
    expect(careTeamOffices([member('A', 'f-a'), member('B', 'f-b'), member('A', 'f-a')])).toEqual([
      { id: 'f-a', name: 'A' },
      { id: 'f-b', name: 'B' },
    ]);
    expect(careTeamOffices([member('A'), member('A')])).toEqual([{ id: '', name: 'A' }]);
  });
});

describe('the upload dialog’s early check of the file', () => {
  const pdfHead = new TextEncoder().encode('%PDF-1.7\n');
  const MB = 1024 * 1024;

  it('takes a PDF, JPEG, PNG or TIFF by its first bytes, whatever its name', () => {
    expect(checkFileBytes('紹介状.pdf', 1000, pdfHead)).toEqual({ ok: true, format: 'application/pdf', overUsualLimit: false });
    expect(checkFileBytes('photo.pdf', 1000, new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({ ok: true, format: 'image/jpeg' });
    expect(checkFileBytes('fax', 1000, new TextEncoder().encode('II*\0'))).toMatchObject({ ok: true, format: 'image/tiff' });
  });

  it('refuses in the server’s words an empty file, a file past every server’s limit, and another format', () => {
    const empty = checkFileBytes('空.pdf', 0, new Uint8Array());
    expect(empty).toMatchObject({ ok: false, problem: { reason: 'DOCUMENT_EMPTY' } });
    if (!empty.ok) expect(empty.problem.message.ja).toBe('ファイル「空.pdf」は空です（0バイト）。出力元のソフトで、もう一度ファイルを書き出してください。');
    const huge = checkFileBytes('scan.pdf', 100 * MB + 1, pdfHead);
    expect(huge).toMatchObject({ ok: false, problem: { reason: 'DOCUMENT_TOO_LARGE' } });
    if (!huge.ok) expect(huge.problem.message.ja).toContain('上限 100 MB');
    const text = checkFileBytes('一覧.pdf', 10, new TextEncoder().encode('氏名,生年月日'));
    expect(text).toMatchObject({ ok: false, problem: { reason: 'DOCUMENT_TYPE_NOT_ALLOWED' } });
    if (!text.ok) expect(text.problem.message.ja).toContain('テキストファイル');
    // A PDF header after other bytes is refused, as the server refuses it.
    expect(checkFileBytes('x.pdf', 20, new TextEncoder().encode('PK\x03\x04%PDF-1.7'))).toMatchObject({ ok: false });
  });

  it('warns, without refusing, past the usual server limit', () => {
    expect(checkFileBytes('scan.pdf', 50 * MB + 1, pdfHead)).toMatchObject({ ok: true, overUsualLimit: true });
    expect(checkFileBytes('scan.pdf', 50 * MB, pdfHead)).toMatchObject({ ok: true, overUsualLimit: false });
  });

  it('says a PDF pdf.js cannot open as the server would', () => {
    expect(pdfOpenProblemOf({ name: 'PasswordException' })).toBe('password');
    expect(pdfOpenProblemOf({ name: 'InvalidPDFException' })).toBe('damaged');
    expect(pdfOpenProblemOf(new Error('worker gone'))).toBeNull();
    expect(pdfProblemRefusal('保護.pdf', 'encrypted').reason).toBe('DOCUMENT_PDF_ENCRYPTED');
    expect(pdfProblemRefusal('保護.pdf', 'password').message.ja).toContain('パスワードで保護');
  });
});
