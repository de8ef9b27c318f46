// The screens' test double (ScriptedDesktopApi, test/e2e/) must not contradict the product, or a
// screen spec asserts a screen the product never shows. The same fixture is written, through
// DesktopApi only, into the real core (a real backend behind it) and into the double, and what the
// overview then says must be the same: the instruction alerts (the rule lives once, in proto's
// chart-rules), the latest notes in order, the 保険・認定 recorded and its list mark, no 病院データ
// for a patient linked to no hospital, and how a refused write is reported (a coverage change on a
// version someone replaced, too).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { japanToday } from '@renkei/proto/calendar';
import { templateFields } from '@renkei/proto/template-forms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveDevice,
  buildDocumentFixtures,
  defaultFixtureDirectory,
  TEST_PASSWORD,
  TestRegion,
  startTestBackend,
  type TestBackend,
} from '@renkei/backend/test-support';
import { osKeychain } from '../../src/core/keychain/keychain';
import { RenkeiCore } from '../../src/core/renkei-core';
import type { ChartView, DesktopApi, UserFacingError } from '../../src/shared/desktop-api';
import { DesktopApiError } from '../../src/shared/desktop-api-error';
import { ScriptedDesktopApi } from '../e2e/scripted-desktop-api';

/** The staging of a dropped file: the core's host and the double both take bytes. */
type Writer = Pick<
  DesktopApi,
  'writeNote' | 'correctNote' | 'uploadDocument' | 'createForm' | 'finaliseForm' | 'saveForm' | 'getPatientOverview' | 'recordCoverage'
> & {
  stageBytes(fileName: string, body: AsyncIterable<Uint8Array>): Promise<{ stagedFileId: string }>;
};

function day(offset: number): string {
  const today = new Date(`${japanToday(new Date())}T00:00:00Z`);
  return new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Every field a 訪問看護指示書 needs before it can be finalised, filled in from its definition. */
function filledInstruction(): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of templateFields('VISITING_NURSING_INSTRUCTION').filter((f) => f.required)) {
    if (field.type === 'date') values[field.key] = day(-60);
    else if (field.type === 'choice') values[field.key] = field.choices![0]!.value;
    else if (field.type === 'text' || field.type === 'multiline') values[field.key] = '記載あり';
  }
  return values;
}

const note = (subjective: string) => ({ subjective, objective: '', assessment: '', plan: '' });

async function refusal(promise: Promise<unknown>): Promise<{ reason: string; fields: [string, string][] }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof DesktopApiError)) throw error;
    const detail: UserFacingError = error.detail;
    return { reason: detail.reason, fields: (detail.fields ?? []).map((f) => [f.field, f.reason]) };
  }
  throw new Error('expected a refusal');
}

/**
 * The fixture: two notes; a filed 訪問看護指示書 ending in 10 days; an instruction form finalised
 * to end in 3 days, then amended (a draft) to end in 100 days. The draft is not in force, so the
 * coverage ends in 10 days and the team is warned. Returns what the overview says, and two refusals.
 */
async function runFixture(api: Writer, patientId: string, pdf: Uint8Array) {
  const first = await api.writeNote({ patientId, soap: note('朝から息苦しい'), observedAt: `${day(-2)}T00:30:00.000Z` });
  await api.writeNote({ patientId, soap: note('夜間よく眠れた'), observedAt: `${day(-1)}T00:30:00.000Z` });
  const staged = await api.stageBytes(
    '指示書.pdf',
    (async function* () {
      yield pdf;
    })(),
  );
  await api.uploadDocument({
    patientId,
    stagedFileId: staged.stagedFileId,
    documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
    title: '訪問看護指示書（届いた紙）',
    issuedOn: day(-170),
    issuer: '',
    validFrom: day(-170),
    validUntil: day(10),
    note: '',
    replacesDocumentId: '',
  });
  const instruction = (to: string) => ({ ...filledInstruction(), instructionKind: 'NORMAL', instructionPeriod: { from: day(-60), to } });
  const form = await api.createForm({
    patientId,
    documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
    title: '訪問看護指示書',
    values: instruction(day(3)),
  });
  const finalised = await api.finaliseForm(patientId, form.formId, form.version);
  await api.saveForm({ patientId, formId: form.formId, baseVersion: finalised.version, values: instruction(day(100)), amendFinalised: true });
  // A certification ending in 40 days, recorded on version 0; the same again is on a replaced version.
  const coverage = {
    patientId,
    baseVersion: 0,
    medical: null,
    longTermCare: { insurerNumber: '452017', insuredNumber: '0000123456', copayTenths: 1 },
    certification: { careLevel: 'CARE_LEVEL_CARE_2', validFrom: day(-300), validUntil: day(40) },
    disabilityIndependence: 'DISABILITY_INDEPENDENCE_A1',
    dementiaIndependence: 'DEMENTIA_INDEPENDENCE_UNSPECIFIED',
    changeReason: '',
  };
  const recordedCoverage = await api.recordCoverage(coverage);
  const supersededCoverage = await refusal(api.recordCoverage(coverage));

  const overview = await api.getPatientOverview(patientId);
  const chart: ChartView = overview.chart;
  const inForce = overview.instructionInForce;
  return {
    // The instruction in force (always shown on 概要) and the list's mark, by the same rule.
    instructionInForce: inForce && {
      about: inForce.documentId ? 'document' : 'form',
      validFrom: inForce.validFrom,
      validUntil: inForce.validUntil,
      state: inForce.state,
      daysLeft: inForce.daysLeft,
    },
    instructionMark: overview.patient.marks.instruction?.state ?? null,
    alerts: chart.instructionAlerts.map((a) => ({
      about: a.documentId ? 'document' : 'form',
      title: a.title,
      validUntil: a.validUntil,
      expired: a.expired,
      daysLeft: a.daysLeft,
    })),
    latestNotes: chart.latestNotes.map((n) => n.soap.subjective),
    coverage: overview.coverage && {
      version: overview.coverage.version,
      savedVersion: recordedCoverage.version,
      certification: overview.coverage.certification,
      longTermCare: overview.coverage.longTermCare,
      medical: overview.coverage.medical,
    },
    certificationMark: overview.patient.marks.certification,
    // A patient linked to no hospital has no hospital data (not an empty one), in the double too.
    hospitalData: overview.hospitalData,
    supersededCoverage,
    emptyCorrectionReason: await refusal(api.correctNote({ patientId, noteId: first.noteId, baseVersion: first.version, soap: note('訂正'), reason: '  ' })),
    noFormForKind: await refusal(api.createForm({ patientId, documentType: 'DOCUMENT_TYPE_CARE_PLAN', title: '', values: {} })),
    incompleteForm: await refusal(
      api
        .createForm({ patientId, documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION', title: '', values: {} })
        .then((draft) => api.finaliseForm(patientId, draft.formId, draft.version)),
    ),
  };
}

describe('the screens test double and the product', () => {
  let backend: TestBackend;
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-contract-'));
  const keychain = osKeychain(`jp.renkei.test.${randomBytes(4).toString('hex')}`);
  let core: RenkeiCore;
  let patientId: string;
  let pdf: Uint8Array;

  beforeAll(async () => {
    let fixtures;
    [backend, fixtures] = await Promise.all([startTestBackend(), buildDocumentFixtures(defaultFixtureDirectory())]);
    pdf = readFileSync(fixtures.referralPdf);
    const region = new TestRegion(backend);
    const user = await region.user('PROFESSION_DOCTOR', ['黒木', '健一']);
    patientId = (await region.patient()).id;
    await region.join(patientId, user.id);
    // One station on the team, as the double's: a new 指示書 is addressed to it (form-prefill).
    const station = region.office('FACILITY_KIND_VISITING_NURSE_STATION', 'みやざき訪問看護ステーション');
    await station.join(patientId, (await station.user('PROFESSION_NURSE', ['鈴木', '恵子'])).id, 'CARE_TEAM_ROLE_VISITING_NURSE');
    core = await RenkeiCore.start({ dataDir, tunnel: null, keychain, syncIntervalMs: 3_600_000 });
    const status = await core.enroll({ serverAddress: backend.enrollmentAddress, enrollmentCode: await region.code(), deviceName: '診察室PC' });
    await approveDevice(backend.database, (status.device as { deviceId: string }).deviceId, 'test', backend.clock.now());
    await core.refreshDevice();
    await core.login({ loginId: user.login_id, password: TEST_PASSWORD });
    await core.syncNow();
  }, 300_000);

  afterAll(async () => {
    await core?.stop();
    await backend?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says the same of the same chart: instruction alerts, the instruction in force and its list mark, latest notes, 保険・認定 and its mark, and refusals', async () => {
    const product = await runFixture(core, patientId, pdf);
    const double = await runFixture(ScriptedDesktopApi.loggedIn(), 'p-sasaki', pdf);
    // The fixture means something: one alert, about the filed instruction, ten days ahead.
    expect(product.alerts).toEqual([{ about: 'document', title: '訪問看護指示書（届いた紙）', validUntil: day(10), expired: false, daysLeft: 10 }]);
    expect(product.instructionInForce).toEqual({
      about: 'document',
      validFrom: day(-170),
      validUntil: day(10),
      state: 'INSTRUCTION_STATE_ENDING',
      daysLeft: 10,
    });
    expect(product.instructionMark).toBe('INSTRUCTION_STATE_ENDING');
    expect(product.latestNotes).toEqual(['夜間よく眠れた', '朝から息苦しい']);
    expect(product.emptyCorrectionReason).toEqual({ reason: 'INVALID_REQUEST', fields: [['reason', 'REQUIRED']] });
    expect(product.certificationMark).toEqual({ validUntil: day(40), expired: false, daysLeft: 40 });
    expect(product.supersededCoverage).toEqual({ reason: 'COVERAGE_VERSION_SUPERSEDED', fields: [] });
    expect(product.hospitalData).toBeNull();
    expect(double).toEqual(product);
  });
});
