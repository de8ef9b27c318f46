// The shared chart of the scripted test double (see scripted-desktop-api.ts): made-up notes,
// documents, forms and consents for the demo patients, kept in memory and changed by the calls
// the screens make, with the rules the server applies (only the author corrects a note, a save
// on an old version conflicts, a finalised form is locked, consent is recorded by the
// registering office). Tests can also act as another team member (someone saves a form first)
// and set the rare states (an upload refused, the watched folder offering a file).
import { createHash } from 'node:crypto';
import { refusalWords, type ErrorReason, type RefusedField } from '@renkei/proto/error-reasons';
import { certificationAlert, instructionAlerts, instructionInForce, instructionNeedingAttention } from '@renkei/proto/chart-rules';
import { RECORD_KINDS } from '@renkei/proto/labels';
import {
  formRuleViolations,
  isTemplateKind,
  prefillValues,
  validateForFinalise,
  validateTemplateValues,
  type PrefillFacts,
  type TemplateKind,
  type TemplateValues,
} from '@renkei/proto/template-forms';
import type {
  InstructionInForceView,
  PatientListMarksView,
  ChartView,
  ConsentRecordView,
  ConsentView,
  CreateFormInput,
  DesktopEvent,
  DocumentMediaType,
  DocumentView,
  FormView,
  InstructionAlertView,
  ProgressNoteView,
  RecordAuthorView,
  RecordConsentInput,
  SoapText,
  StagedFileView,
  UploadDocumentInput,
  UploadResult,
  WatchedFolderView,
  WithdrawConsentInput,
} from '../../src/shared/desktop-api';
import { DesktopApiError } from '../../src/shared/desktop-api-error';

/** A refusal as the core reports one: the same words from the same reasons (proto's refusalWords). */
export function userFacing(reason: ErrorReason, metadata: Record<string, string> = {}, violations: readonly RefusedField[] = []): DesktopApiError {
  const { message, fields } = refusalWords(reason, metadata, violations);
  return new DesktopApiError({ reason, message, ...(fields.length > 0 && { fields }) });
}

export const CHART_NEEDS_CONNECTION = new DesktopApiError({
  reason: 'CHART_NEEDS_CONNECTION',
  message: {
    ja: 'この操作にはサーバーへの接続が必要です。VPNとネットワークを確認してください。',
    en: 'This needs the connection to the server. Check the VPN and the network.',
  },
});

export const ARCHIVED_SEARCH_NEEDS_CONNECTION = new DesktopApiError({
  reason: 'ARCHIVED_SEARCH_NEEDS_CONNECTION',
  message: {
    ja: 'アーカイブ済みの患者は、サーバーに接続しているときだけ探せます。',
    en: 'Archived patients can be searched only while connected to the server.',
  },
});

const STAGED_FILE_NOT_FOUND = new DesktopApiError({
  reason: 'STAGED_FILE_NOT_FOUND',
  message: {
    ja: 'このファイルは登録の候補にありません。もう一度ファイルをドロップしてください。',
    en: 'This file is no longer waiting to be filed. Drop the file again.',
  },
});

const DOCUMENT_NOT_CACHED = new DesktopApiError({
  reason: 'DOCUMENT_NOT_CACHED',
  message: {
    ja: 'この文書はこの端末に保存されていないため、オフラインでは開けません。接続が戻ってから開いてください。',
    en: 'This document is not saved on this PC, so it cannot be opened offline. Open it again once the connection is back.',
  },
});

// ---- who writes ------------------------------------------------------------------------------

export const SCRIPTED_FACILITY = '宮崎在宅クリニック';

export const AUTHORS = {
  tanaka: {
    userId: 'u-tanaka',
    name: { family: '田中', given: '一郎', familyKana: 'タナカ', givenKana: 'イチロウ' },
    profession: 'PROFESSION_DOCTOR',
    facilityName: SCRIPTED_FACILITY,
  },
  suzuki: {
    userId: 'u-suzuki',
    name: { family: '鈴木', given: '恵子', familyKana: 'スズキ', givenKana: 'ケイコ' },
    profession: 'PROFESSION_NURSE',
    facilityName: 'みやざき訪問看護ステーション',
  },
  ito: {
    userId: 'u-ito',
    name: { family: '伊藤', given: '健', familyKana: 'イトウ', givenKana: 'ケン' },
    profession: 'PROFESSION_PHARMACIST',
    facilityName: '橘通り薬局',
  },
} satisfies Record<string, RecordAuthorView>;

const ME = AUTHORS.tanaka;

// ---- time ------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** A calendar day `offset` days from today in Japan (the tests run in Asia/Tokyo). */
export function dayFromToday(offset: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + offset * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant it is `time` (HH:MM) in Japan on the day `offset` days from today there. A note a
 * test finds by its Japan day is dated so: "7 days 4 hours ago" falls on day -8 between 00:00 and
 * 04:00 in Japan.
 */
function onJapanDay(offset: number, time: string): string {
  return new Date(`${dayFromToday(offset)}T${time}:00+09:00`).toISOString();
}

/** An instant `days` days and `hours` hours ago. */
function ago(days: number, hours = 0): string {
  return new Date(Date.now() - days * DAY_MS - hours * 3_600_000).toISOString();
}

// ---- a small real PDF ------------------------------------------------------------------------

/** A one-page A4 PDF with a framed block of ASCII text (the scripted API's documents and form PDFs). */
export function scriptedPdf(lines: readonly string[]): Uint8Array {
  const escape = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const text = lines.map((line, index) => `${index === 0 ? '' : '0 -22 Td '}(${escape(line)}) Tj`).join('\n');
  const stream = `0.12 0.37 0.66 RG 3 w 40 40 515 762 re S\n0.12 0.37 0.66 rg 40 742 515 60 re f\nBT /F1 18 Tf 1 1 1 rg 60 765 Td (Renkei) Tj ET\nBT /F1 14 Tf 0 0 0 rg 60 700 Td\n${text}\nET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function mediaTypeOf(bytes: Uint8Array): DocumentMediaType | null {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.subarray(0, 4).equals(Buffer.from('II*\0', 'latin1')) || head.subarray(0, 4).equals(Buffer.from('MM\0*', 'latin1'))) return 'image/tiff';
  return null;
}

// ---- the chart -------------------------------------------------------------------------------

interface PatientChart {
  /** Every version of every note. */
  notes: ProgressNoteView[];
  /** Every version of every document. */
  documents: DocumentView[];
  /** Every version of every form. */
  forms: FormView[];
  consent: ConsentView;
  /** Whether the logged-in user's office registered the patient (and so may record consent). */
  registeredHere: boolean;
}

interface StagedFile {
  view: StagedFileView;
  bytes: Uint8Array;
}

const soap = (subjective: string, objective: string, assessment: string, plan: string): SoapText => ({ subjective, objective, assessment, plan });

export class ScriptedChart {
  private readonly charts = new Map<string, PatientChart>();
  private readonly bytes = new Map<string, Uint8Array>();
  private readonly staged = new Map<string, StagedFile>();
  /** Documents opened once are in "this PC's document cache", readable offline. */
  private readonly cachedDocuments = new Set<string>();
  private nextId = 1;
  watchedFolder: WatchedFolderView = { path: null, files: [], error: null };
  /** The next upload is refused with this reason (after its progress has run), as the server would. */
  refuseNextUpload: ErrorReason | null = null;
  /** How long each progress step of an upload takes. */
  uploadStepMs = 120;

  constructor(
    patientIds: readonly string[],
    private readonly emit: (event: DesktopEvent) => void,
    /** What the server would know when a form is created (the patient, the user's office, the team). */
    private readonly prefillFacts: (patientId: string, kind: TemplateKind, addresseeFacilityId: string) => PrefillFacts | undefined = () => undefined,
  ) {
    for (const id of patientIds) this.charts.set(id, this.emptyChart(id));
    this.seedYamada();
    this.seedTakahashi();
    this.seedTeshigawara();
    this.seedTakanashi();
  }

  private id(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  private emptyChart(patientId: string): PatientChart {
    const consent: ConsentRecordView = {
      id: `c-${patientId}`,
      obtainedOn: '2025-06-01',
      obtainedBy: '主治医 田中',
      scope: 'CONSENT_SCOPE_CARE_TEAM',
      facilityNames: [],
      formDocumentId: '',
      note: '',
      recordedBy: '田中 一郎',
      recordedAt: '2025-06-01T01:00:00Z',
      withdrawnOn: '',
      withdrawalReason: '',
    };
    return {
      notes: [],
      documents: [],
      forms: [],
      consent: { shared: true, current: consent, history: [consent], registeredByFacilityName: SCRIPTED_FACILITY, callerMayRecord: false },
      registeredHere: true,
    };
  }

  private chart(patientId: string): PatientChart {
    const found = this.charts.get(patientId);
    if (!found) throw userFacing('PATIENT_NOT_ON_CARE_TEAM');
    return found;
  }

  // ---- seed data ----

  private addNote(
    chart: PatientChart,
    author: RecordAuthorView,
    observedAt: string,
    text: SoapText,
    versions: { soap?: SoapText; reason: string; error?: boolean }[] = [],
  ): string {
    const noteId = this.id('n');
    let version: ProgressNoteView = {
      noteId,
      version: 1,
      soap: text,
      observedAt,
      status: 'current',
      correctionReason: '',
      author,
      recordedAt: new Date(Date.parse(observedAt) + 20 * 60_000).toISOString(),
      superseded: versions.length > 0,
    };
    chart.notes.push(version);
    versions.forEach((change, index) => {
      version = {
        ...version,
        version: version.version + 1,
        soap: change.soap ?? version.soap,
        status: change.error ? 'entered-in-error' : 'current',
        correctionReason: change.reason,
        recordedAt: new Date(Date.parse(version.recordedAt) + 3 * 3_600_000).toISOString(),
        superseded: index < versions.length - 1,
      };
      chart.notes.push(version);
    });
    return noteId;
  }

  private addDocument(
    chart: PatientChart,
    patientId: string,
    fields: Partial<DocumentView> & Pick<DocumentView, 'documentType' | 'title'>,
    bytes: Uint8Array,
    documentId = this.id('d'),
  ): DocumentView {
    const previous = chart.documents.filter((d) => d.documentId === documentId);
    for (const p of previous) p.superseded = true;
    const doc: DocumentView = {
      documentId,
      version: previous.length + 1,
      fileName: `${fields.title}.pdf`,
      mediaType: mediaTypeOf(bytes) ?? 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
      pageCount: 1,
      issuedOn: '',
      issuer: '',
      validFrom: '',
      validUntil: '',
      note: '',
      uploadedBy: ME,
      uploadedAt: new Date().toISOString(),
      superseded: false,
      ...fields,
    };
    chart.documents.push(doc);
    this.bytes.set(`${patientId}/${doc.documentId}/${doc.version}`, bytes);
    return doc;
  }

  private addForm(
    chart: PatientChart,
    documentType: string,
    title: string,
    versions: { values: TemplateValues; by: RecordAuthorView; at: string; finalised?: boolean }[],
    formId = this.id('f'),
  ): string {
    versions.forEach((v, index) => {
      chart.forms.push({
        formId,
        version: index + 1,
        currentVersion: versions.length,
        documentType,
        title,
        values: v.values,
        savedBy: v.by,
        savedAt: v.at,
        basedOnVersion: index,
        finalised: v.finalised ?? false,
        finalisedBy: v.finalised ? v.by : null,
        finalisedAt: v.finalised ? v.at : null,
      });
    });
    return formId;
  }

  private seedYamada(): void {
    const chart = this.charts.get('p-yamada');
    if (!chart) return;
    this.addNote(
      chart,
      AUTHORS.ito,
      ago(10, 2),
      soap('薬が多くて飲みにくい', '残薬: フロセミド 6錠、アムロジピン 2錠', '飲み忘れは週1回程度', '一包化を主治医に提案'),
    );
    this.addNote(chart, ME, ago(12, 5), soap('', 'BP 150/88', '', ''), [{ reason: '別の患者の記録を誤って記載したため', error: true }]);
    this.addNote(
      chart,
      ME,
      onJapanDay(-7, '10:15'),
      soap('食欲は戻ってきた', 'BP 132/78 HR 72 SpO2 96%', '心不全コントロール良好', '現行処方継続。2週後に再診'),
    );
    this.addNote(chart, ME, ago(3, 3), soap('夜間の息苦しさあり', 'BP 158/90 下腿浮腫 2+', '心不全の増悪疑い', 'フロセミド 20mg→40mg に増量'), [
      {
        soap: soap('夜間の息苦しさあり', 'BP 138/90 下腿浮腫 2+', '心不全の増悪疑い', 'フロセミド 20mg→40mg に増量'),
        reason: '血圧の値を誤記（158/90 → 138/90）',
      },
    ]);
    this.addNote(
      chart,
      AUTHORS.suzuki,
      ago(1, 6),
      soap('昨日より楽になった', 'BP 128/76 SpO2 95%（室内気）体重 58.2kg（-1.1kg）', '利尿薬増量の効果あり', '体重測定を毎朝継続'),
    );

    const instructionFrom = dayFromToday(-180);
    this.addDocument(
      chart,
      'p-yamada',
      {
        documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
        title: '訪問看護指示書（通常）',
        issuedOn: instructionFrom,
        issuer: `${SCRIPTED_FACILITY} 田中一郎`,
        validFrom: instructionFrom,
        validUntil: dayFromToday(3),
        uploadedAt: ago(180),
      },
      scriptedPdf(['Visiting nursing instruction', 'Patient: Yamada Taro', `Valid ${instructionFrom} to ${dayFromToday(3)}`]),
      'd-instruction',
    );
    this.addDocument(
      chart,
      'p-yamada',
      { documentType: 'DOCUMENT_TYPE_CONSENT_FORM', title: '患者同意書（署名済み）', issuedOn: '2025-06-01', issuer: '山田 太郎', uploadedAt: ago(400) },
      scriptedPdf(['Consent form', 'Signed 2025-06-01']),
      'd-consent',
    );
    this.addDocument(
      chart,
      'p-yamada',
      {
        documentType: 'DOCUMENT_TYPE_DISCHARGE_SUMMARY',
        title: '退院時サマリー（宮崎市民病院）',
        issuedOn: dayFromToday(-40),
        issuer: '宮崎市民病院 循環器内科',
        uploadedBy: AUTHORS.suzuki,
        uploadedAt: ago(40),
      },
      scriptedPdf(['Discharge summary', 'Draft from the ward']),
      'd-discharge',
    );
    this.addDocument(
      chart,
      'p-yamada',
      {
        documentType: 'DOCUMENT_TYPE_DISCHARGE_SUMMARY',
        title: '退院時サマリー（宮崎市民病院）',
        issuedOn: dayFromToday(-38),
        issuer: '宮崎市民病院 循環器内科',
        note: '確定版を受領',
        uploadedBy: AUTHORS.suzuki,
        uploadedAt: ago(38),
      },
      scriptedPdf(['Discharge summary', 'Final version']),
      'd-discharge',
    );
    // "Opened before on this PC": readable offline.
    this.cachedDocuments.add('p-yamada/d-instruction');

    const reportFrom = dayFromToday(-20);
    const reportTo = dayFromToday(9);
    const visits = [dayFromToday(-18), dayFromToday(-15), dayFromToday(-11)];
    const report: TemplateValues = {
      reportPeriod: { from: reportFrom, to: reportTo },
      visitDates: [
        { date: visits[0]!, mark: '○' },
        { date: visits[1]!, mark: '◎' },
      ],
      courseAndAdl: '心不全の増悪なく経過。屋内は伝い歩き。',
      careGiven: 'バイタル測定、服薬確認、下肢の浮腫観察',
      stationName: 'みやざき訪問看護ステーション',
      reporterName: '鈴木 恵子',
    };
    this.addForm(
      chart,
      'DOCUMENT_TYPE_VISITING_NURSING_REPORT',
      '訪問看護報告書 今月分',
      [
        { values: { ...report, visitDates: [{ date: visits[0]!, mark: '○' }] }, by: AUTHORS.suzuki, at: ago(9) },
        { values: report, by: AUTHORS.suzuki, at: ago(2) },
      ],
      'f-report',
    );
    const specialFrom = dayFromToday(-18);
    this.addForm(
      chart,
      'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
      '特別訪問看護指示書（心不全増悪）',
      [
        {
          values: {
            instructionKind: 'SPECIAL',
            instructionPeriod: { from: specialFrom, to: dayFromToday(-5) },
            issuedOn: specialFrom,
            mainDiagnosis: '慢性心不全の急性増悪',
            conditionSummary: '下腿浮腫の増悪、夜間呼吸困難',
            careNotes: '体重・浮腫・呼吸状態を毎日観察',
            emergencyContact: `${SCRIPTED_FACILITY} 0985-20-1111`,
            facilityName: SCRIPTED_FACILITY,
            doctorName: '田中 一郎',
            addresseeStation: 'みやざき訪問看護ステーション',
          },
          by: ME,
          at: ago(18),
          finalised: true,
        },
      ],
      'f-special',
    );
    this.addForm(
      chart,
      'DOCUMENT_TYPE_REFERRAL_LETTER',
      '診療情報提供書（皮膚科へ）',
      [{ values: { toFacility: '宮崎皮膚科クリニック', diagnosis: '仙骨部褥瘡', purpose: '褥瘡治療のご相談' }, by: ME, at: ago(4) }],
      'f-referral',
    );

    const consent: ConsentRecordView = {
      id: 'c-yamada',
      obtainedOn: '2025-06-01',
      obtainedBy: '主治医 田中',
      scope: 'CONSENT_SCOPE_CARE_TEAM',
      facilityNames: [],
      formDocumentId: 'd-consent',
      note: '長女同席',
      // Recorded by the regional office with renkei-admin, as the demo region's consents are.
      recordedBy: 'admin:root@renkei-server',
      recordedAt: '2025-06-01T03:00:00Z',
      withdrawnOn: '',
      withdrawalReason: '',
    };
    chart.consent = { shared: true, current: consent, history: [consent], registeredByFacilityName: SCRIPTED_FACILITY, callerMayRecord: false };
  }

  private seedTakahashi(): void {
    const chart = this.charts.get('p-takahashi');
    if (!chart) return;
    chart.consent = { shared: false, current: null, history: [], registeredByFacilityName: SCRIPTED_FACILITY, callerMayRecord: false };
    this.addDocument(
      chart,
      'p-takahashi',
      {
        documentType: 'DOCUMENT_TYPE_CONSENT_FORM',
        title: '患者同意書（髙橋様・署名済み）',
        issuedOn: dayFromToday(-2),
        issuer: '髙橋 一郎（長男）',
        uploadedAt: ago(2),
      },
      scriptedPdf(['Consent form', 'Takahashi Hanako']),
      'd-takahashi-consent',
    );
  }

  /** An instruction that lapsed and was not renewed: the one thing the team must not miss. */
  private seedTakanashi(): void {
    const chart = this.charts.get('p-takanashi');
    if (!chart) return;
    const from = dayFromToday(-186);
    this.addDocument(
      chart,
      'p-takanashi',
      {
        documentType: 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION',
        title: '訪問看護指示書（通常）',
        issuedOn: from,
        validFrom: from,
        validUntil: dayFromToday(-5),
        uploadedAt: ago(186),
      },
      scriptedPdf(['Visiting nursing instruction', 'Patient: Takanashi Hikari']),
      'd-takanashi-instruction',
    );
  }

  private seedTeshigawara(): void {
    const chart = this.charts.get('p-teshigawara');
    if (!chart) return;
    chart.registeredHere = false;
    chart.consent = { ...chart.consent, registeredByFacilityName: '宮崎皮膚科クリニック' };
  }

  // ---- the overview's chart ----

  summary(patientId: string): ChartView {
    const chart = this.chart(patientId);
    const current = <T extends { superseded?: boolean }>(items: T[]) => items.filter((i) => !i.superseded);
    const forms = this.currentForms(chart);
    return {
      latestNotes: this.currentNotes(chart, false).slice(0, 5),
      documents: current(chart.documents).sort((a, b) => (a.uploadedAt < b.uploadedAt ? 1 : -1)),
      forms,
      instructionAlerts: this.alerts(chart),
      consent: structuredClone(chart.consent),
      myAccess: RECORD_KINDS.map((recordKind) => ({ recordKind, canRead: true, canWrite: true })),
    };
  }

  /** The instruction in force by the server's rule (proto chart-rules), as the overview carries it. */
  instructionInForce(patientId: string): InstructionInForceView | null {
    const chart = this.chart(patientId);
    const latestFinalised = new Map<string, FormView>();
    for (const f of chart.forms) if (f.finalised && (latestFinalised.get(f.formId)?.version ?? 0) < f.version) latestFinalised.set(f.formId, f);
    return (
      instructionInForce(
        chart.documents.filter((d) => !d.superseded),
        [...latestFinalised.values()].map((f) => ({ formId: f.formId, documentType: f.documentType, title: f.title, values: f.values as TemplateValues })),
        new Date(),
      ) ?? null
    );
  }

  /** The list's marks by the server's rules (proto chart-rules), for a certification ending on `certificationUntil`. */
  listMarks(patientId: string, certificationUntil: string): PatientListMarksView {
    return {
      instruction: instructionNeedingAttention(this.instructionInForce(patientId) ?? undefined) ?? null,
      certification: certificationAlert(certificationUntil, new Date()) ?? null,
    };
  }

  /** The server's rule (proto chart-rules) on this chart's current documents and latest finalised forms. */
  private alerts(chart: PatientChart): InstructionAlertView[] {
    const latestFinalised = new Map<string, FormView>();
    for (const f of chart.forms) if (f.finalised && (latestFinalised.get(f.formId)?.version ?? 0) < f.version) latestFinalised.set(f.formId, f);
    return instructionAlerts(
      chart.documents.filter((d) => !d.superseded),
      [...latestFinalised.values()].map((f) => ({ formId: f.formId, documentType: f.documentType, title: f.title, values: f.values as TemplateValues })),
      new Date(),
    );
  }

  // ---- notes ----

  private currentNotes(chart: PatientChart, includeEnteredInError: boolean): ProgressNoteView[] {
    return chart.notes
      .filter((n) => !n.superseded && (includeEnteredInError || n.status === 'current'))
      .sort((a, b) => Date.parse(b.observedAt) - Date.parse(a.observedAt))
      .map((n) => structuredClone(n));
  }

  listNotes(patientId: string, includeEnteredInError: boolean): ProgressNoteView[] {
    return this.currentNotes(this.chart(patientId), includeEnteredInError);
  }

  noteHistory(patientId: string, noteId: string): ProgressNoteView[] {
    const versions = this.chart(patientId).notes.filter((n) => n.noteId === noteId);
    if (versions.length === 0) throw userFacing('RECORD_NOT_FOUND');
    return structuredClone(versions.sort((a, b) => a.version - b.version));
  }

  writeNote(patientId: string, text: SoapText, observedAt: string | undefined): ProgressNoteView {
    const chart = this.chart(patientId);
    const now = new Date().toISOString();
    const note: ProgressNoteView = {
      noteId: this.id('n'),
      version: 1,
      soap: text,
      observedAt: observedAt ?? now,
      status: 'current',
      correctionReason: '',
      author: ME,
      recordedAt: now,
      superseded: false,
    };
    chart.notes.push(note);
    return structuredClone(note);
  }

  reviseNote(
    patientId: string,
    noteId: string,
    baseVersion: number,
    change: { soap?: SoapText; reason: string; enteredInError: boolean; observedAt?: string },
  ): ProgressNoteView {
    const chart = this.chart(patientId);
    const current = chart.notes.find((n) => n.noteId === noteId && !n.superseded);
    if (!current) throw userFacing('RECORD_NOT_FOUND');
    if (current.author.userId !== ME.userId) throw userFacing('NOTE_NOT_AUTHOR');
    if (current.version !== baseVersion || current.status !== 'current')
      throw userFacing('NOTE_VERSION_SUPERSEDED', { currentVersion: String(current.version) });
    if (change.reason.trim() === '') throw userFacing('INVALID_REQUEST', {}, [{ field: 'reason', reason: 'REQUIRED' }]);
    current.superseded = true;
    const next: ProgressNoteView = {
      ...current,
      version: current.version + 1,
      soap: change.soap ?? current.soap,
      observedAt: change.observedAt ?? current.observedAt,
      status: change.enteredInError ? 'entered-in-error' : 'current',
      correctionReason: change.reason,
      recordedAt: new Date().toISOString(),
      superseded: false,
    };
    chart.notes.push(next);
    return structuredClone(next);
  }

  // ---- documents ----

  listDocuments(patientId: string): DocumentView[] {
    return this.summary(patientId).documents;
  }

  documentHistory(patientId: string, documentId: string): DocumentView[] {
    const versions = this.chart(patientId).documents.filter((d) => d.documentId === documentId);
    if (versions.length === 0) throw userFacing('RECORD_NOT_FOUND');
    return structuredClone(versions.sort((a, b) => a.version - b.version));
  }

  openDocument(
    patientId: string,
    documentId: string,
    version: number,
    online: boolean,
  ): { document: DocumentView; bytes: Uint8Array; source: 'server' | 'cache' } {
    if (!online && !this.cachedDocuments.has(`${patientId}/${documentId}`)) throw DOCUMENT_NOT_CACHED;
    const versions = this.chart(patientId).documents.filter((d) => d.documentId === documentId);
    const doc = version === 0 ? versions.find((d) => !d.superseded) : versions.find((d) => d.version === version);
    const bytes = doc && this.bytes.get(`${patientId}/${doc.documentId}/${doc.version}`);
    if (!doc || !bytes) throw userFacing('RECORD_NOT_FOUND');
    if (online) this.cachedDocuments.add(`${patientId}/${documentId}`);
    return { document: structuredClone(doc), bytes, source: online ? 'server' : 'cache' };
  }

  async stage(fileName: string, body: AsyncIterable<Uint8Array>, origin: StagedFileView['origin'] = 'dropped'): Promise<StagedFileView> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    const bytes = new Uint8Array(Buffer.concat(chunks));
    const view: StagedFileView = { stagedFileId: this.id('s'), fileName, size: bytes.length, origin, stagedAt: new Date().toISOString() };
    this.staged.set(view.stagedFileId, { view, bytes });
    return view;
  }

  /** A staged file's bytes for the preview, as the core gives them. */
  readStaged(stagedFileId: string): { fileName: string; bytes: Uint8Array; mediaType: DocumentMediaType } {
    const file = this.staged.get(stagedFileId);
    if (!file) throw STAGED_FILE_NOT_FOUND;
    return { fileName: file.view.fileName, bytes: file.bytes, mediaType: mediaTypeOf(file.bytes) ?? 'application/pdf' };
  }

  discard(stagedFileId: string): void {
    this.staged.delete(stagedFileId);
    this.dropWatchedFile(stagedFileId);
  }

  async upload(input: UploadDocumentInput): Promise<UploadResult> {
    const chart = this.chart(input.patientId);
    const file = this.staged.get(input.stagedFileId);
    if (!file) throw STAGED_FILE_NOT_FOUND;
    const total = file.bytes.length;
    const steps = 5;
    for (let step = 1; step <= steps; step += 1) {
      await new Promise((resolve) => setTimeout(resolve, this.uploadStepMs));
      this.emit({ type: 'upload-progress', stagedFileId: input.stagedFileId, sentBytes: Math.round((total * step) / steps), totalBytes: total });
    }
    // What the server finds in the content, refused after the bytes arrived, as it is for real.
    const refusal = this.refuseNextUpload ?? this.contentProblem(file.bytes);
    if (refusal !== null) {
      this.refuseNextUpload = null;
      throw userFacing(refusal, { fileName: file.view.fileName, limitMb: '50', detected: 'unknown' });
    }
    const duplicate = chart.documents.find((d) => d.sha256 === sha256(file.bytes));
    if (duplicate) {
      this.release(input.stagedFileId);
      return { document: structuredClone(duplicate), alreadyFiled: true };
    }
    const documentId = input.replacesDocumentId !== '' ? input.replacesDocumentId : this.id('d');
    const doc = this.addDocument(
      chart,
      input.patientId,
      {
        documentType: input.documentType,
        title: input.title,
        fileName: file.view.fileName,
        issuedOn: input.issuedOn,
        issuer: input.issuer,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        note: input.note,
      },
      file.bytes,
      documentId,
    );
    this.release(input.stagedFileId);
    return { document: structuredClone(doc), alreadyFiled: false };
  }

  /**
   * A staged file a timeline post takes along, refused as the server refuses its content; it stays
   * staged until `releaseStaged` (the post was sent), as in the core.
   */
  stagedForPost(stagedFileId: string): { fileName: string; bytes: Uint8Array; mediaType: DocumentMediaType } {
    const file = this.staged.get(stagedFileId);
    if (!file) throw STAGED_FILE_NOT_FOUND;
    const refusal = this.contentProblem(file.bytes);
    if (refusal !== null) throw userFacing(refusal, { fileName: file.view.fileName, limitMb: '50', detected: 'unknown' });
    return { fileName: file.view.fileName, bytes: file.bytes, mediaType: mediaTypeOf(file.bytes)! };
  }

  releaseStaged(stagedFileId: string): void {
    this.release(stagedFileId);
  }

  /** A timeline attachment filed as a document of the patient's chart (the same bytes). */
  fileBytes(patientId: string, fields: Pick<DocumentView, 'documentType' | 'title' | 'fileName'>, bytes: Uint8Array): DocumentView {
    return structuredClone(this.addDocument(this.chart(patientId), patientId, fields, bytes));
  }

  private contentProblem(bytes: Uint8Array): ErrorReason | null {
    if (bytes.length === 0) return 'DOCUMENT_EMPTY';
    const head = Buffer.from(bytes.subarray(0, 4));
    if (head.subarray(0, 2).toString('latin1') === 'MZ' || head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return 'DOCUMENT_EXECUTABLE';
    const type = mediaTypeOf(bytes);
    if (type === null) return 'DOCUMENT_TYPE_NOT_ALLOWED';
    if (type === 'application/pdf' && Buffer.from(bytes).includes('/Encrypt')) return 'DOCUMENT_PDF_ENCRYPTED';
    return null;
  }

  private release(stagedFileId: string): void {
    this.staged.delete(stagedFileId);
    this.dropWatchedFile(stagedFileId);
  }

  // ---- the watched folder ----

  private dropWatchedFile(stagedFileId: string): void {
    if (!this.watchedFolder.files.some((f) => f.stagedFileId === stagedFileId)) return;
    this.watchedFolder = { ...this.watchedFolder, files: this.watchedFolder.files.filter((f) => f.stagedFileId !== stagedFileId) };
    this.emit({ type: 'watched-folder', folder: structuredClone(this.watchedFolder) });
  }

  setWatchedFolder(path: string | null): WatchedFolderView {
    this.watchedFolder = { path, files: path === null ? [] : this.watchedFolder.files, error: null };
    this.emit({ type: 'watched-folder', folder: structuredClone(this.watchedFolder) });
    return structuredClone(this.watchedFolder);
  }

  /** A business system saved a file into the watched folder. */
  async offerWatchedFile(fileName: string, bytes: Uint8Array): Promise<StagedFileView> {
    const view = await this.stage(
      fileName,
      (async function* () {
        yield bytes;
      })(),
      'watched-folder',
    );
    this.watchedFolder = { ...this.watchedFolder, files: [...this.watchedFolder.files, view] };
    this.emit({ type: 'watched-folder', folder: structuredClone(this.watchedFolder) });
    return view;
  }

  // ---- forms ----

  private currentForms(chart: PatientChart): FormView[] {
    const latest = new Map<string, FormView>();
    for (const f of chart.forms) if ((latest.get(f.formId)?.version ?? 0) < f.version) latest.set(f.formId, f);
    return [...latest.values()].sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1)).map((f) => this.withCurrent(chart, f));
  }

  private withCurrent(chart: PatientChart, form: FormView): FormView {
    const current = Math.max(...chart.forms.filter((f) => f.formId === form.formId).map((f) => f.version));
    return structuredClone({ ...form, currentVersion: current });
  }

  listForms(patientId: string): FormView[] {
    return this.currentForms(this.chart(patientId));
  }

  getForm(patientId: string, formId: string, version: number): FormView {
    const chart = this.chart(patientId);
    const versions = chart.forms.filter((f) => f.formId === formId);
    const found =
      version === 0
        ? versions.reduce<FormView | undefined>((a, b) => (a === undefined || b.version > a.version ? b : a), undefined)
        : versions.find((f) => f.version === version);
    if (!found) throw userFacing('RECORD_NOT_FOUND');
    return this.withCurrent(chart, found);
  }

  formVersions(patientId: string, formId: string): FormView[] {
    const chart = this.chart(patientId);
    const versions = chart.forms.filter((f) => f.formId === formId).sort((a, b) => a.version - b.version);
    if (versions.length === 0) throw userFacing('RECORD_NOT_FOUND');
    return versions.map((f) => this.withCurrent(chart, f));
  }

  private checkValues(documentType: string, values: Record<string, unknown>): void {
    const kind = documentType.replace(/^DOCUMENT_TYPE_/, '');
    if (!isTemplateKind(kind)) throw userFacing('INVALID_REQUEST', {}, [{ field: 'documentType', reason: 'NOT_A_CHOICE' }]);
    const problems = validateTemplateValues(kind, values);
    if (problems.length > 0) {
      throw userFacing('INVALID_REQUEST', {}, formRuleViolations(problems));
    }
  }

  createForm(input: CreateFormInput, by: RecordAuthorView = ME): FormView {
    const chart = this.chart(input.patientId);
    this.checkValues(input.documentType, input.values);
    // Prefilled as the server does (prefillValues), what was sent winning.
    const kind = input.documentType.replace(/^DOCUMENT_TYPE_/, '');
    const facts = isTemplateKind(kind) ? this.prefillFacts(input.patientId, kind, input.addresseeFacilityId ?? '') : undefined;
    const values = { ...(facts && isTemplateKind(kind) ? prefillValues(kind, facts) : {}), ...(input.values as TemplateValues) };
    const formId = this.addForm(chart, input.documentType, input.title, [{ values, by, at: new Date().toISOString() }]);
    return this.getForm(input.patientId, formId, 0);
  }

  saveForm(
    patientId: string,
    formId: string,
    baseVersion: number,
    values: Record<string, unknown>,
    amendFinalised: boolean,
    by: RecordAuthorView = ME,
  ): FormView {
    const chart = this.chart(patientId);
    const current = this.getForm(patientId, formId, 0);
    if (current.version !== baseVersion) {
      throw userFacing('TEMPLATE_VERSION_CONFLICT', {
        editor: `${current.savedBy.name.family} ${current.savedBy.name.given}`,
        currentVersion: String(current.version),
      });
    }
    if (current.finalised && !amendFinalised) throw userFacing('TEMPLATE_FINALISED', { version: String(current.version) });
    this.checkValues(current.documentType, values);
    const saved: FormView = {
      ...current,
      version: current.version + 1,
      values: structuredClone(values),
      savedBy: by,
      savedAt: new Date().toISOString(),
      basedOnVersion: baseVersion,
      finalised: false,
      finalisedBy: null,
      finalisedAt: null,
    };
    chart.forms.push(saved);
    return this.getForm(patientId, formId, 0);
  }

  /** Another team member saves the form first (for the conflict and merge tests). */
  saveAsColleague(patientId: string, formId: string, change: Record<string, unknown>, by: RecordAuthorView = AUTHORS.suzuki): FormView {
    const current = this.getForm(patientId, formId, 0);
    return this.saveForm(patientId, formId, current.version, { ...current.values, ...change }, current.finalised, by);
  }

  finaliseForm(patientId: string, formId: string, version: number): FormView {
    const chart = this.chart(patientId);
    const current = this.getForm(patientId, formId, 0);
    if (current.version !== version) {
      throw userFacing('TEMPLATE_VERSION_CONFLICT', {
        editor: `${current.savedBy.name.family} ${current.savedBy.name.given}`,
        currentVersion: String(current.version),
      });
    }
    if (current.finalised) throw userFacing('TEMPLATE_FINALISED', { version: String(version) });
    const kind = current.documentType.replace(/^DOCUMENT_TYPE_/, '');
    if (isTemplateKind(kind)) {
      const missing = validateForFinalise(kind, current.values as TemplateValues);
      if (missing.length > 0) throw userFacing('INVALID_REQUEST', {}, formRuleViolations(missing));
    }
    const stored = chart.forms.find((f) => f.formId === formId && f.version === version)!;
    stored.finalised = true;
    stored.finalisedBy = ME;
    stored.finalisedAt = new Date().toISOString();
    return this.getForm(patientId, formId, 0);
  }

  renderFormPdf(patientId: string, formId: string, version: number): { bytes: Uint8Array; fileName: string } {
    const form = this.getForm(patientId, formId, version);
    return {
      bytes: scriptedPdf([
        `Form ${form.documentType.replace(/^DOCUMENT_TYPE_/, '')}`,
        `Version ${form.version}${form.finalised ? ' (finalised)' : ''}`,
        `Saved ${form.savedAt}`,
      ]),
      fileName: `${form.title}_v${form.version}.pdf`,
    };
  }

  // ---- consent ----

  /** As the server answers the user: whether they may record follows the office that registered the patient. */
  consent(patientId: string): ConsentView {
    const chart = this.chart(patientId);
    return { ...structuredClone(chart.consent), callerMayRecord: chart.registeredHere };
  }

  /** The patient's registration moves to another office while a screen shows the old answer (the server then refuses). */
  registerElsewhere(patientId: string): void {
    this.chart(patientId).registeredHere = false;
  }

  recordConsent(input: RecordConsentInput): ConsentView {
    const chart = this.chart(input.patientId);
    if (!chart.registeredHere) throw userFacing('CONSENT_NOT_RECORDABLE');
    const record: ConsentRecordView = {
      id: this.id('c'),
      obtainedOn: input.obtainedOn,
      obtainedBy: input.obtainedBy,
      scope: input.scope,
      facilityNames: input.facilityIds,
      formDocumentId: input.formDocumentId,
      note: input.note,
      recordedBy: '田中 一郎',
      recordedAt: new Date().toISOString(),
      withdrawnOn: '',
      withdrawalReason: '',
    };
    chart.consent = { ...chart.consent, shared: true, current: record, history: [record, ...chart.consent.history] };
    return this.consent(input.patientId);
  }

  withdrawConsent(input: WithdrawConsentInput): ConsentView {
    const chart = this.chart(input.patientId);
    if (!chart.registeredHere) throw userFacing('CONSENT_NOT_RECORDABLE');
    const current = chart.consent.current;
    if (!current) throw userFacing('RECORD_NOT_FOUND');
    const withdrawn = { ...current, withdrawnOn: input.withdrawnOn, withdrawalReason: input.reason };
    chart.consent = {
      ...chart.consent,
      shared: false,
      current: null,
      history: chart.consent.history.map((c) => (c.id === current.id ? withdrawn : c)),
    };
    return this.consent(input.patientId);
  }
}
