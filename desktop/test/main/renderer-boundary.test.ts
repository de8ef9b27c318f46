// What a renderer may send into the core, over IPC or the bridge (core/renderer-boundary.ts).
import { describe, expect, it } from 'vitest';
import { asUserFacingError, checkArguments, isDesktopApiMethod } from '../../src/core/renderer-boundary';
import { DESKTOP_API_METHODS } from '../../src/shared/desktop-api';
import { DesktopApiError } from '../../src/shared/desktop-api-error';

describe('renderer boundary', () => {
  it('knows exactly the API methods', () => {
    for (const method of DESKTOP_API_METHODS) expect(isDesktopApiMethod(method)).toBe(true);
    for (const other of ['onEvent', 'constructor', '__proto__', 'stop', 'forgetEverything', '']) expect(isDesktopApiMethod(other), other).toBe(false);
  });

  it('accepts arguments of the declared shape only', () => {
    expect(checkArguments('login', { args: [{ loginId: 'dr.kuroki', password: 'x' }] })).toEqual({ ok: true, args: [{ loginId: 'dr.kuroki', password: 'x' }] });
    expect(checkArguments('login', { args: [{ loginId: 'dr.kuroki', password: 'x', admin: true }] }).ok).toBe(false);
    expect(checkArguments('login', { args: [] }).ok).toBe(false);
    expect(checkArguments('getStatus', { args: ['extra'] }).ok).toBe(false);
    expect(checkArguments('searchPatients', { args: ['x'.repeat(5000)] }).ok).toBe(false);
    expect(checkArguments('getPatientOverview', { args: [42] }).ok).toBe(false);
    expect(checkArguments('getStatus', null).ok).toBe(false);
  });

  it('takes a 保険・認定 change as the API declares it: parts or null, nothing that says who recorded it', () => {
    const coverage = {
      patientId: 'p1',
      baseVersion: 0,
      medical: { insurerNumber: '39450010', symbol: '', number: '00123456', branch: '', copayTenths: 1, publicExpenses: [] },
      longTermCare: null,
      certification: { careLevel: 'CARE_LEVEL_CARE_2', validFrom: '2026-04-01', validUntil: '2027-03-31' },
      disabilityIndependence: 'DISABILITY_INDEPENDENCE_B1',
      dementiaIndependence: 'DEMENTIA_INDEPENDENCE_UNSPECIFIED',
      changeReason: '',
    };
    expect(checkArguments('recordCoverage', { args: [coverage] }).ok).toBe(true);
    expect(checkArguments('recordCoverage', { args: [{ ...coverage, recordedBy: { userId: 'u-other' } }] }).ok).toBe(false);
    expect(checkArguments('recordCoverage', { args: [{ ...coverage, medical: undefined }] }).ok).toBe(false);
    expect(checkArguments('recordCoverage', { args: [{ ...coverage, baseVersion: -1 }] }).ok).toBe(false);
    expect(checkArguments('getCoverageHistory', { args: ['p1'] }).ok).toBe(true);
    expect(checkArguments('getCoverageHistory', { args: [] }).ok).toBe(false);
  });

  it("checks the chart methods' arguments: strict objects, known enum names, bounded sizes", () => {
    const soap = { subjective: 'S', objective: 'O', assessment: 'A', plan: 'P' };
    expect(checkArguments('writeNote', { args: [{ patientId: 'p1', soap }] }).ok).toBe(true);
    expect(checkArguments('writeNote', { args: [{ patientId: 'p1', soap: { ...soap, extra: 'x' } }] }).ok).toBe(false);
    expect(checkArguments('writeNote', { args: [{ patientId: 'p1', soap: { ...soap, plan: 'x'.repeat(20_001) } }] }).ok).toBe(false);
    expect(checkArguments('listNotes', { args: ['p1'] }).ok).toBe(true);
    expect(checkArguments('listNotes', { args: ['p1', { includeEnteredInError: true }] }).ok).toBe(true);
    expect(checkArguments('listNotes', { args: ['p1', { pageSize: 10_000 }] }).ok).toBe(false);
    expect(checkArguments('openDocument', { args: ['p1', 'd1', 0] }).ok).toBe(true);
    expect(checkArguments('openDocument', { args: ['p1', 'd1', -1] }).ok).toBe(false);
    expect(checkArguments('openDocument', { args: ['p1', 'd1', 1.5] }).ok).toBe(false);
    expect(checkArguments('finaliseForm', { args: ['p1', 'f1', 0] }).ok).toBe(false);

    const details = {
      drugName: 'フロセミド錠20mg',
      dose: '1錠',
      usage: '1日1回 朝食後',
      prescriber: '黒木',
      startedOn: '2026-12-01',
      stoppedOn: '',
      handling: ['MEDICATION_HANDLING_ONE_DOSE_PACKAGE', 'MEDICATION_HANDLING_DO_NOT_CRUSH'],
      note: '',
    };
    expect(checkArguments('addMedication', { args: [{ patientId: 'p1', details }] }).ok).toBe(true);
    expect(checkArguments('addMedication', { args: [{ patientId: 'p1', details: { ...details, handling: ['MEDICATION_HANDLING_UNSPECIFIED'] } }] }).ok).toBe(
      false,
    );
    expect(checkArguments('addMedication', { args: [{ patientId: 'p1', details: { ...details, prescribedBy: 'x' } }] }).ok).toBe(false);
    const change = { patientId: 'p1', medicationId: 'm1', baseVersion: 1, details: { ...details, stoppedOn: '2026-12-06' }, reason: '中止' };
    expect(checkArguments('changeMedication', { args: [change] }).ok).toBe(true);
    expect(checkArguments('changeMedication', { args: [{ ...change, baseVersion: 0 }] }).ok).toBe(false);
    expect(checkArguments('changeMedication', { args: [{ ...change, reason: 'x'.repeat(4_097) }] }).ok).toBe(false);

    const upload = {
      patientId: 'p1',
      stagedFileId: 's1',
      documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
      title: '指示書',
      issuedOn: '2026-11-01',
      issuer: '',
      validFrom: '',
      validUntil: '',
      note: '',
      replacesDocumentId: '',
    };
    expect(checkArguments('uploadDocument', { args: [upload] }).ok).toBe(true);
    expect(checkArguments('uploadDocument', { args: [{ ...upload, documentType: 'DOCUMENT_TYPE_UNSPECIFIED' }] }).ok).toBe(false);
    expect(checkArguments('uploadDocument', { args: [{ ...upload, path: '/etc/passwd' }] }).ok).toBe(false);
    expect(
      checkArguments('recordConsent', {
        args: [
          { patientId: 'p1', obtainedOn: '2026-11-01', obtainedBy: '主治医', scope: 'CONSENT_SCOPE_CARE_TEAM', facilityIds: [], formDocumentId: '', note: '' },
        ],
      }).ok,
    ).toBe(true);
    expect(
      checkArguments('recordConsent', {
        args: [{ patientId: 'p1', obtainedOn: '2026-11-01', obtainedBy: '主治医', scope: 'EVERYONE', facilityIds: [], formDocumentId: '', note: '' }],
      }).ok,
    ).toBe(false);
  });

  it('takes form values only as plain JSON of bounded size and depth', () => {
    const form = (values: unknown) => checkArguments('saveForm', { args: [{ patientId: 'p1', formId: 'f1', baseVersion: 1, values }] }).ok;
    expect(form({ goal: '在宅生活の継続', period: { from: '2026-11-01', to: '2026-12-01' }, visits: [{ date: '2026-11-02', mark: '○' }] })).toBe(true);
    expect(form({ big: 'あ'.repeat(100_000) })).toBe(false);
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(form({ deep })).toBe(false);
    expect(form({ when: new Date() })).toBe(false);
    expect(form({ n: Number.NaN })).toBe(false);
    expect(form(['not', 'a', 'record'])).toBe(false);
  });

  it('lets through only the fields of a UserFacingError', () => {
    const detail = {
      reason: 'LOGIN_FAILED',
      message: { ja: 'あ', en: 'a' },
      fields: [{ field: 'password', reason: 'REQUIRED', message: { ja: 'い', en: 'i', stack: 'y' }, secret: 'x' }],
    };
    expect(asUserFacingError(new DesktopApiError({ ...detail, stack: 'at /home/x.ts' } as never))).toEqual({
      reason: 'LOGIN_FAILED',
      message: { ja: 'あ', en: 'a' },
      fields: [{ field: 'password', reason: 'REQUIRED', message: { ja: 'い', en: 'i' } }],
    });
    expect(asUserFacingError(new Error('/home/user/secret path'))).toBeNull();
  });
});
