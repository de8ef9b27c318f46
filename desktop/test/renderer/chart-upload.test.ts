import { describe, expect, it } from 'vitest';
import { careTeamOffices, consentState } from '../../src/renderer/chart/consent/consent-state';
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
