// A test double of DesktopApi with a small made-up care team: every screen state (first run,
// waiting, revoked, offline, a long sync, the tunnel service missing, a form someone else saved
// first, an upload the server refuses…) can be set from a test, for checking how the screens
// render states the real core reaches only rarely. The chart's data and rules are in
// scripted-chart.ts. It is not the core: journey.spec.ts drives the same screens over the real
// core, backend and tunnel.
import { japanToday } from '@renkei/proto/calendar';
import { nameMatches, normalizeForSearch } from '@renkei/proto/japanese-search';
import { addresseeChoices, defaultAddresseeFacilityId, type PrefillFacts, type TemplateKind } from '@renkei/proto/template-forms';
import type {
  AppStatus,
  CareTeamMemberView,
  ConsentView,
  CorrectNoteInput,
  CreateFormInput,
  DesktopApi,
  DesktopEvent,
  DeviceView,
  DocumentView,
  EnrollInput,
  FormView,
  LoginInput,
  MarkNoteEnteredInErrorInput,
  MarkVitalSignsEnteredInErrorInput,
  OpenedDocument,
  StagedFileContent,
  PatientOverviewView,
  PatientSearchResult,
  ArchivedPatientSearchResult,
  ProgressNoteView,
  RecordConsentInput,
  SaveFormInput,
  SecondFactorSetupView,
  AccountSecurityView,
  SessionView,
  StagedFileView,
  SyncView,
  TunnelView,
  UploadDocumentInput,
  UploadResult,
  WatchedFolderView,
  WithdrawConsentInput,
  WriteNoteInput,
} from '../../src/shared/desktop-api';
import type {
  AddMedicationInput,
  ChangeMedicationInput,
  MedicationView,
  RecordedVitalSigns,
  RecordVitalSignsInput,
  VitalSignsView,
} from '../../src/shared/medication-views';
import type { FhirExportQuery, FhirExportSaved } from '../../src/shared/fhir-export-views';
import type { AccessLogEntryView, AccessLogCsvSaved, AccessLogExportQuery, AccessLogPage, AccessLogQuery } from '../../src/shared/access-log-views';

const NO_VITALS: VitalSignsView['values'] = {
  systolicMmhg: 0,
  diastolicMmhg: 0,
  pulsePerMin: 0,
  temperatureCelsius: 0,
  spo2Percent: 0,
  respirationPerMin: 0,
  weightKg: 0,
  bloodGlucoseMgDl: 0,
};
import type { DesktopApiError } from '../../src/shared/desktop-api-error';
import type { CoverageView, RecordCoverageInput } from '../../src/shared/coverage-views';
import type { EmergencyInfoView, RecordEmergencyInfoInput } from '../../src/shared/emergency-views';
import type { CreatePhraseInput, PhraseListView, PhraseView, UpdatePhraseInput } from '../../src/shared/phrase-views';
import type {
  EditPostInput,
  InboxView,
  NotificationSettings,
  OpenedAttachment,
  PostReaderView,
  PostView,
  SoapSectionName,
  TimelinePageView,
  TimelineRefView,
  ColleagueView,
  GroupView,
  WritePostInput,
} from '../../src/shared/timeline-views';
import {
  ARCHIVED_SEARCH_NEEDS_CONNECTION,
  AUTHORS,
  CHART_NEEDS_CONNECTION,
  SCRIPTED_FACILITY,
  ScriptedChart,
  userFacing,
  dayFromToday,
} from './scripted-chart';
import { ScriptedTimeline } from './scripted-timeline';
import { scriptedHospitalData } from './scripted-hospital-data';
import type { HospitalDataView } from '../../src/shared/hospital-data-views';

export { SCRIPTED_FACILITY };
export const SCRIPTED_LOGIN: LoginInput = { loginId: 'tanaka', password: 'correct-horse' };
/** The folder chooseWatchedFolder "picks" (there is no native dialog in a test). */
export const SCRIPTED_WATCHED_FOLDER = 'C:\\Users\\clinic\\Documents\\電子カルテ出力';

const doctor: CareTeamMemberView = {
  userId: 'u-tanaka',
  name: { family: '田中', given: '一郎', familyKana: 'タナカ', givenKana: 'イチロウ' },
  profession: 'PROFESSION_DOCTOR',
  facilityName: SCRIPTED_FACILITY,
  facilityId: 'f-clinic',
  facilityPhone: '0985-20-1111',
  facilityOnCallPhone: '090-0000-1111',
  role: 'CARE_TEAM_ROLE_ATTENDING_DOCTOR',
  contactPhone: '090-1234-5678',
  joinedAt: '2024-04-01T00:00:00Z',
};

const team: CareTeamMemberView[] = [
  doctor,
  {
    userId: 'u-suzuki',
    name: { family: '鈴木', given: '恵子', familyKana: 'スズキ', givenKana: 'ケイコ' },
    profession: 'PROFESSION_NURSE',
    facilityName: 'みやざき訪問看護ステーション',
    facilityId: 'f-nursing',
    facilityPhone: '0985-20-2222',
    facilityOnCallPhone: '',
    role: 'CARE_TEAM_ROLE_VISITING_NURSE',
    contactPhone: '080-2222-0001',
    joinedAt: null,
  },
  {
    userId: 'u-ito',
    name: { family: '伊藤', given: '健', familyKana: 'イトウ', givenKana: 'ケン' },
    profession: 'PROFESSION_PHARMACIST',
    facilityName: '橘通り薬局',
    facilityId: 'f-pharmacy',
    facilityPhone: '0985-20-3333',
    facilityOnCallPhone: '',
    role: 'CARE_TEAM_ROLE_PHARMACIST',
    contactPhone: '',
    joinedAt: null,
  },
  {
    userId: 'u-nakamura',
    name: { family: '中村', given: '由美', familyKana: 'ナカムラ', givenKana: 'ユミ' },
    profession: 'PROFESSION_CARE_MANAGER',
    facilityName: '居宅介護支援事業所ひまわり',
    facilityId: 'f-care-management',
    facilityPhone: '0985-20-4444',
    facilityOnCallPhone: '',
    role: 'CARE_TEAM_ROLE_CARE_MANAGER',
    contactPhone: '',
    joinedAt: null,
  },
  {
    userId: 'u-kobayashi',
    name: { family: '小林', given: '誠', familyKana: 'コバヤシ', givenKana: 'マコト' },
    profession: 'PROFESSION_CARE_WORKER',
    facilityName: 'ヘルパーステーションあおぞら',
    facilityId: 'f-helper',
    facilityPhone: '0985-20-5555',
    facilityOnCallPhone: '',
    role: 'CARE_TEAM_ROLE_CARE_WORKER',
    contactPhone: '',
    joinedAt: null,
  },
  {
    userId: 'u-watanabe',
    name: { family: '渡辺', given: '直樹', familyKana: 'ワタナベ', givenKana: 'ナオキ' },
    profession: 'PROFESSION_DOCTOR',
    facilityName: '宮崎皮膚科クリニック',
    facilityId: 'f-dermatology',
    facilityPhone: '0985-20-6666',
    facilityOnCallPhone: '',
    role: 'CARE_TEAM_ROLE_COOPERATING_DOCTOR',
    contactPhone: '',
    joinedAt: null,
  },
];

type DemoPatient = Omit<PatientOverviewView['patient'], 'marks' | 'archivedAt'> & Pick<PatientOverviewView, 'allergies' | 'diagnoses' | 'coverage'>;

const patients: DemoPatient[] = [
  {
    id: 'p-yamada',
    name: { family: '山田', given: '太郎', familyKana: 'ヤマダ', givenKana: 'タロウ' },
    birthDate: '1938-04-02',
    sex: 'SEX_MALE',
    careLevel: 'CARE_LEVEL_CARE_3',
    myRoles: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
    regionalNumber: 101,
    postalCode: '8800805',
    address: '宮崎県宮崎市橘通東1丁目2-3 メゾン橘201号',
    phone: '0985-12-3456',
    keyPerson: '山田 花子（長女）090-1234-5678',
    coverage: {
      version: 1,
      medical: { insurerNumber: '39450010', symbol: '', number: '00123456', branch: '', copayTenths: 1, publicExpenses: [] },
      longTermCare: { insurerNumber: '452017', insuredNumber: '0000345678', copayTenths: 1 },
      certification: { careLevel: 'CARE_LEVEL_CARE_3', validFrom: dayFromToday(-320), validUntil: dayFromToday(45) },
      disabilityIndependence: 'DISABILITY_INDEPENDENCE_B2',
      dementiaIndependence: 'DEMENTIA_INDEPENDENCE_IIA',
      changeReason: '',
      recordedBy: {
        userId: 'u-kuroki',
        name: { family: '黒木', given: '健一', familyKana: 'クロキ', givenKana: 'ケンイチ' },
        profession: 'PROFESSION_DOCTOR',
        facilityName: 'みやざき在宅クリニック',
      },
      recordedAt: '2026-11-02T00:00:00.000Z',
    },
    allergies: [
      { substance: '卵', reaction: '蕁麻疹', severity: 'ALLERGY_SEVERITY_MILD', notedOn: '2020-05-11' },
      { substance: 'ペニシリン系抗菌薬', reaction: 'アナフィラキシー（2016年 救急搬送）', severity: 'ALLERGY_SEVERITY_SEVERE', notedOn: '2016-08-20' },
    ],
    diagnoses: [
      { name: '2型糖尿病', icd10Code: 'E11.9', onsetDate: '2008', primary: false, note: 'インスリン自己注射' },
      { name: '慢性心不全', icd10Code: 'I50.9', onsetDate: '2015-06', primary: true, note: 'NYHA III' },
      { name: '脳梗塞後遺症（左片麻痺）', icd10Code: 'I69.3', onsetDate: '2019-11-03', primary: false, note: '' },
    ],
  },
  {
    id: 'p-takahashi',
    name: { family: '髙橋', given: '花子', familyKana: 'タカハシ', givenKana: 'ハナコ' },
    birthDate: '1929-02-28',
    sex: 'SEX_FEMALE',
    careLevel: 'CARE_LEVEL_CARE_5',
    myRoles: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
    regionalNumber: 102,
    postalCode: '8800001',
    address: '宮崎県宮崎市橘通西3丁目4-5',
    phone: '0985-23-4567',
    keyPerson: '髙橋 一郎（長男）',
    coverage: null,
    allergies: [],
    diagnoses: [{ name: 'アルツハイマー型認知症', icd10Code: 'G30.1', onsetDate: '2017-03', primary: true, note: '' }],
  },
  {
    id: 'p-teshigawara',
    name: { family: '勅使河原', given: '左衛門三郎', familyKana: 'テシガワラ', givenKana: 'サエモンサブロウ' },
    birthDate: '1944-12-08',
    sex: 'SEX_MALE',
    careLevel: 'CARE_LEVEL_SUPPORT_2',
    myRoles: ['CARE_TEAM_ROLE_SUBSTITUTE_DOCTOR', 'CARE_TEAM_ROLE_COOPERATING_DOCTOR'],
    regionalNumber: 103,
    postalCode: '8800812',
    address: '宮崎県宮崎市高千穂通2丁目1-1 宮崎高千穂通りグランドレジデンス東棟1203号室',
    phone: '',
    keyPerson: '',
    coverage: null,
    allergies: [{ substance: 'ヨード造影剤', reaction: '', severity: 'ALLERGY_SEVERITY_UNSPECIFIED', notedOn: '' }],
    diagnoses: [],
  },
  {
    id: 'p-sasaki',
    name: { family: '佐々木', given: '美智子', familyKana: 'ササキ', givenKana: 'ミチコ' },
    birthDate: '1950-07-15',
    sex: 'SEX_FEMALE',
    careLevel: 'CARE_LEVEL_CARE_2',
    myRoles: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
    regionalNumber: 104,
    postalCode: '8800004',
    address: '宮崎県宮崎市旭1丁目',
    phone: '0985-34-5678',
    keyPerson: '佐々木 守（夫）',
    coverage: null,
    allergies: [{ substance: 'ロキソプロフェン', reaction: '喘息発作', severity: 'ALLERGY_SEVERITY_MODERATE', notedOn: '2021-01-09' }],
    diagnoses: [{ name: '関節リウマチ', icd10Code: 'M06.9', onsetDate: '1998', primary: true, note: '' }],
  },
  {
    id: 'p-yamazaki',
    name: { family: '山﨑', given: '正', familyKana: 'ヤマザキ', givenKana: 'タダシ' },
    birthDate: '1932-01-07',
    sex: 'SEX_MALE',
    careLevel: 'CARE_LEVEL_CARE_4',
    myRoles: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
    regionalNumber: 105,
    postalCode: '8800021',
    address: '宮崎県宮崎市清水2丁目',
    phone: '0985-45-6789',
    keyPerson: '',
    coverage: null,
    allergies: [],
    diagnoses: [{ name: 'パーキンソン病', icd10Code: 'G20', onsetDate: '2012', primary: true, note: '' }],
  },
  {
    id: 'p-takanashi',
    name: { family: '小鳥遊', given: 'ひかり', familyKana: 'タカナシ', givenKana: 'ヒカリ' },
    birthDate: '1941-03-30',
    sex: 'SEX_FEMALE',
    careLevel: 'CARE_LEVEL_APPLYING',
    myRoles: ['CARE_TEAM_ROLE_ATTENDING_DOCTOR'],
    regionalNumber: 106,
    postalCode: '8800015',
    address: '宮崎県宮崎市大工1丁目',
    phone: '0985-56-7890',
    keyPerson: '',
    coverage: null,
    allergies: [],
    diagnoses: [],
  },
];

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export function notEnrolledStatus(): AppStatus {
  return {
    device: { state: 'not-enrolled' },
    tunnel: { phase: 'unconfigured', lastHandshakeAt: null, rxBytes: 0, txBytes: 0, error: null, serviceUnreachable: false },
    session: null,
    sync: { state: 'never', lastSyncedAt: null, progress: null, error: null },
    online: false,
    sessionEnded: null,
  };
}

export class ScriptedDesktopApi implements DesktopApi {
  status: AppStatus;
  /** Calls received, so a test can see what the screens asked for. */
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** When set, the next refreshDevice finds the device approved. */
  approveOnNextRefresh = false;
  private readonly listeners = new Set<(event: DesktopEvent) => void>();
  /** The patients' charts: notes, documents, forms, consent, and the watched folder. */
  readonly chart: ScriptedChart;
  /** The contact timeline of the first patient (山田 太郎). */
  readonly timeline: ScriptedTimeline;

  constructor(status: AppStatus = notEnrolledStatus()) {
    this.status = status;
    this.chart = new ScriptedChart(
      patients.map((p) => p.id),
      (event) => this.emit(event),
      scriptedPrefillFacts,
    );
    const patient = patients[0]!;
    this.timeline = new ScriptedTimeline(
      patient.id,
      { name: `${patient.name.family} ${patient.name.given}`, kana: `${patient.name.familyKana} ${patient.name.givenKana}` },
      team,
      {
        user: () => (this.status.session ?? session()).user,
        online: () => this.status.online,
        emit: (event) => this.emit(event),
        requireSession: () => {
          if (this.status.session === null) throw userFacing('SESSION_REQUIRED');
        },
        chart: this.chart,
      },
    );
  }

  private emit(event: DesktopEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private readonly refusals = new Map<string, DesktopApiError>();

  /**
   * The next call of `method` is refused as the server would refuse it (built with userFacing, the
   * core's own words), for a refusal that only the server's rules make: the double does not
   * re-implement them.
   */
  refuseNext(method: string, refusal: DesktopApiError): void {
    this.refusals.set(method, refusal);
  }

  /** Server-only calls: logged in and online, as the core requires. */
  private needServer(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.status.session === null) throw userFacing('SESSION_REQUIRED');
    if (!this.status.online) throw CHART_NEEDS_CONNECTION;
    const refusal = this.refusals.get(method);
    if (refusal) {
      this.refusals.delete(method);
      throw refusal;
    }
  }

  /** An approved device with the demo user logged in and a recent sync. */
  static loggedIn(): ScriptedDesktopApi {
    const api = new ScriptedDesktopApi();
    api.status = {
      device: enrolledDevice('approved'),
      tunnel: { phase: 'up', lastHandshakeAt: minutesAgo(1), rxBytes: 52_000, txBytes: 18_000, error: null, serviceUnreachable: false },
      session: session(),
      sync: { state: 'idle', lastSyncedAt: minutesAgo(3), progress: null, error: null },
      online: true,
      sessionEnded: null,
    };
    return api;
  }

  update(change: Partial<AppStatus>): void {
    this.status = { ...this.status, ...change };
    this.emit({ type: 'status', status: this.status });
  }

  setDevice(state: EnrolledDevice['state'], extra: Partial<EnrolledDevice> = {}): void {
    this.update({ device: { ...enrolledDevice(state), ...extra } });
  }

  setTunnel(change: Partial<TunnelView>): void {
    this.update({ tunnel: { ...this.status.tunnel, ...change } });
  }

  setSync(change: Partial<SyncView>): void {
    this.update({ sync: { ...this.status.sync, ...change } });
  }

  async getStatus(): Promise<AppStatus> {
    this.calls.push({ method: 'getStatus', args: [] });
    return this.status;
  }

  async enroll(input: EnrollInput): Promise<AppStatus> {
    this.calls.push({ method: 'enroll', args: [input] });
    if (input.enrollmentCode.replace(/-/g, '').startsWith('USED')) throw userFacing('ENROLLMENT_CODE_USED');
    this.update({
      device: { ...enrolledDevice('pending'), deviceName: input.deviceName, serverAddress: input.serverAddress },
    });
    return this.status;
  }

  async refreshDevice(): Promise<AppStatus> {
    this.calls.push({ method: 'refreshDevice', args: [] });
    if (this.approveOnNextRefresh && this.status.device.state === 'pending') {
      this.approveOnNextRefresh = false;
      this.update({
        device: { ...this.status.device, state: 'approved' },
        tunnel: { ...this.status.tunnel, phase: 'up', lastHandshakeAt: new Date().toISOString() },
      });
    }
    return this.status;
  }

  async connectTunnel(): Promise<AppStatus> {
    this.calls.push({ method: 'connectTunnel', args: [] });
    this.setTunnel({ phase: 'up', lastHandshakeAt: new Date().toISOString(), error: null });
    return this.status;
  }

  async disconnectTunnel(): Promise<AppStatus> {
    this.calls.push({ method: 'disconnectTunnel', args: [] });
    this.setTunnel({ phase: 'down' });
    return this.status;
  }

  async login(input: LoginInput): Promise<SessionView> {
    this.calls.push({ method: 'login', args: [{ loginId: input.loginId, password: '…' }] });
    if (input.loginId !== SCRIPTED_LOGIN.loginId || input.password !== SCRIPTED_LOGIN.password) throw userFacing('LOGIN_FAILED');
    const view = session();
    this.update({ session: view, online: true, sync: { state: 'idle', lastSyncedAt: new Date().toISOString(), progress: null, error: null } });
    return view;
  }

  // Two-factor login runs on the real core (two-factor-journey.spec.ts): the scripted server never asks for it.
  async verifySecondFactor(): Promise<SessionView> {
    throw new Error('two-factor login is not scripted');
  }
  async beginSecondFactorSetup(): Promise<SecondFactorSetupView> {
    throw new Error('two-factor login is not scripted');
  }
  async confirmSecondFactorSetup(): Promise<{ recoveryCodes: string[] }> {
    throw new Error('two-factor login is not scripted');
  }
  async finishSecondFactorSetup(): Promise<SessionView> {
    throw new Error('two-factor login is not scripted');
  }
  async cancelSecondFactor(): Promise<void> {}

  // The account screen runs on the real core and backend (account-journey.spec.ts).
  async getAccountSecurity(): Promise<AccountSecurityView> {
    throw new Error('the account is not scripted');
  }
  async changePassword(): Promise<SessionView> {
    throw new Error('the account is not scripted');
  }
  async beginAuthenticatorSetup(): Promise<SecondFactorSetupView> {
    throw new Error('the account is not scripted');
  }
  async confirmAuthenticatorSetup(): Promise<{ recoveryCodes: string[] }> {
    throw new Error('the account is not scripted');
  }
  async regenerateRecoveryCodes(): Promise<{ recoveryCodes: string[] }> {
    throw new Error('the account is not scripted');
  }

  async logout(): Promise<void> {
    this.calls.push({ method: 'logout', args: [] });
    this.update({ session: null });
  }

  // The screen lock runs on the real core (screen-lock-journey.spec.ts); the double's screens never
  // lock (input is noted and nothing else happens).
  async reportActivity(): Promise<void> {}
  async lockScreen(): Promise<void> {
    throw new Error('the screen lock is not scripted');
  }
  async unlockScreen(): Promise<void> {
    throw new Error('the screen lock is not scripted');
  }
  async switchUser(): Promise<void> {
    throw new Error('the screen lock is not scripted');
  }

  async syncNow(): Promise<SyncView> {
    this.calls.push({ method: 'syncNow', args: [] });
    this.setSync({ state: 'idle', lastSyncedAt: new Date().toISOString(), progress: null, error: null });
    return this.status.sync;
  }

  async searchPatients(query: string): Promise<PatientSearchResult> {
    this.calls.push({ method: 'searchPatients', args: [query] });
    if (this.status.session === null) throw userFacing('SESSION_REQUIRED');
    const found = normalizeForSearch(query) === '' ? patients : patients.filter((p) => nameMatches(p.name, query));
    const reading = (p: DemoPatient) => normalizeForSearch(p.name.familyKana + p.name.givenKana);
    return {
      patients: [...found]
        .sort((a, b) => reading(a).localeCompare(reading(b), 'ja'))
        .map(({ id, name, birthDate, sex, careLevel, myRoles, regionalNumber, coverage }) => ({
          id,
          name,
          birthDate,
          sex,
          careLevel,
          myRoles,
          regionalNumber,
          marks: this.chart.listMarks(id, this.currentCoverage(id, coverage)?.certification?.validUntil ?? ''),
        })),
      asOf: this.status.sync.lastSyncedAt,
    };
  }

  /** The scripted region has no archived patient; offline, the core's refusal. */
  async searchArchivedPatients(query: string): Promise<ArchivedPatientSearchResult> {
    this.calls.push({ method: 'searchArchivedPatients', args: [query] });
    if (this.status.session === null) throw userFacing('SESSION_REQUIRED');
    if (!this.status.online) throw ARCHIVED_SEARCH_NEEDS_CONNECTION;
    return { patients: [] };
  }

  async getPatientOverview(patientId: string): Promise<PatientOverviewView> {
    this.calls.push({ method: 'getPatientOverview', args: [patientId] });
    const found = patients.find((p) => p.id === patientId);
    if (!found) throw userFacing('PATIENT_NOT_ON_CARE_TEAM');
    const { allergies, diagnoses, coverage: seeded, ...patient } = found;
    const coverage = this.currentCoverage(patientId, seeded);
    const fromCache = !this.status.online;
    const summary = this.chart.summary(patientId);
    return {
      patient: { ...patient, archivedAt: null, marks: this.chart.listMarks(patientId, coverage?.certification?.validUntil ?? '') },
      coverage,
      instructionInForce: this.chart.instructionInForce(patientId),
      careTeam: team,
      allergies,
      diagnoses,
      updatedAt: '2026-10-28T09:15:00+09:00',
      chart: { ...summary, myAccess: summary.myAccess.map((a) => ({ ...a, ...this.accessLimits.get(a.recordKind) })) },
      // The emergency information is tested against the real core (safety-journey.spec.ts).
      emergencyInfo: null,
      medications: [],
      recentVitalSigns: this.vitalSigns.filter((v) => v.patientId === patientId).map(({ patientId: _, ...v }) => v),
      hospitalData: this.hospitalData.get(patientId) ?? null,
      source: fromCache ? 'cache' : 'server',
      asOf: fromCache ? (this.status.sync.lastSyncedAt ?? new Date().toISOString()) : new Date().toISOString(),
    };
  }

  /**
   * The hospital data (病院データ) each patient's overview carries, as the server would send it to
   * this user (scripted-hospital-data.ts); a test may replace one, e.g. with what a care worker reads.
   */
  readonly hospitalData: Map<string, HospitalDataView> = scriptedHospitalData();

  // ---- emergency information: tested against the real core (safety-journey.spec.ts) ----

  async getEmergencyInfoHistory(patientId: string): Promise<EmergencyInfoView[]> {
    this.needServer('getEmergencyInfoHistory', [patientId]);
    return [];
  }

  async recordEmergencyInfo(input: RecordEmergencyInfoInput): Promise<EmergencyInfoView> {
    this.needServer('recordEmergencyInfo', [input]);
    throw userFacing('RECORD_NOT_WRITABLE_BY_ROLE');
  }

  // ---- insurance and certification (保険・認定) ----
  // Versions recorded here, newest first, per patient (the seeded one is version 1). The double keeps
  // what it is given: whether a number or a period is right is the server's rule, scripted with
  // refuseNext; recording on an old version is refused as the server refuses it.

  private readonly coverages = new Map<string, CoverageView[]>();
  /** What the logged-in user's role may do, per record kind, when a test narrows the chart policy. */
  private readonly accessLimits = new Map<string, { canRead?: boolean; canWrite?: boolean }>();

  /** The role may no longer do this with the record kind (the chart policy as the server would send it). */
  limitAccess(recordKind: string, limit: { canRead?: boolean; canWrite?: boolean }): void {
    this.accessLimits.set(recordKind, limit);
  }

  private currentCoverage(patientId: string, seeded: CoverageView | null): CoverageView | null {
    return this.coverages.get(patientId)?.[0] ?? seeded;
  }

  /** Someone else records a version (as another team member would, between opening and saving). */
  recordCoverageAsColleague(patientId: string, change: Partial<CoverageView>): CoverageView {
    const seeded = patients.find((p) => p.id === patientId)?.coverage ?? null;
    const current = this.currentCoverage(patientId, seeded);
    const base = current ?? { medical: null, longTermCare: null, certification: null, disabilityIndependence: '', dementiaIndependence: '', changeReason: '' };
    const version: CoverageView = {
      ...base,
      ...change,
      version: (current?.version ?? 0) + 1,
      recordedBy: AUTHORS.suzuki,
      recordedAt: new Date().toISOString(),
    };
    this.coverages.set(patientId, [version, ...(this.coverages.get(patientId) ?? (seeded ? [seeded] : []))]);
    return version;
  }

  async getCoverageHistory(patientId: string): Promise<CoverageView[]> {
    this.needServer('getCoverageHistory', [patientId]);
    const seeded = patients.find((p) => p.id === patientId)?.coverage ?? null;
    return structuredClone(this.coverages.get(patientId) ?? (seeded ? [seeded] : []));
  }

  async recordCoverage(input: RecordCoverageInput): Promise<CoverageView> {
    this.needServer('recordCoverage', [input]);
    const seeded = patients.find((p) => p.id === input.patientId)?.coverage ?? null;
    const history = this.coverages.get(input.patientId) ?? (seeded ? [seeded] : []);
    const currentVersion = history[0]?.version ?? 0;
    if (input.baseVersion !== currentVersion) throw userFacing('COVERAGE_VERSION_SUPERSEDED', { currentVersion: String(currentVersion) });
    const { patientId: _, baseVersion: __, ...values } = input;
    const version: CoverageView = { ...structuredClone(values), version: currentVersion + 1, recordedBy: AUTHORS.tanaka, recordedAt: new Date().toISOString() };
    this.coverages.set(input.patientId, [version, ...history]);
    return version;
  }

  // ---- 定型文: tested against the real core (phrase-journey.spec.ts); the double has none ----

  /**
   * The access log the server would give for any patient, as a test sets it; served in pages of
   * accessLogPageSize. Who may read it, and the period's filtering, are the server's: a test refuses
   * with refuseNext('listPatientAccessLog', …) and sees the period asked for in `calls`.
   */
  accessLog: AccessLogEntryView[] = [];
  accessLogPageSize = 50;

  async listPatientAccessLog(query: AccessLogQuery): Promise<AccessLogPage> {
    this.needServer('listPatientAccessLog', [query]);
    const start = query.pageToken === '' ? 0 : Number(query.pageToken);
    const end = start + this.accessLogPageSize;
    return { entries: structuredClone(this.accessLog.slice(start, end)), nextPageToken: end < this.accessLog.length ? String(end) : '' };
  }

  /** What saveAccessLogCsv was asked to save, as the core would (the file itself is the core's, tested there). */
  async saveAccessLogCsv(query: AccessLogExportQuery): Promise<AccessLogCsvSaved> {
    this.needServer('saveAccessLogCsv', [query]);
    return { saved: true, fileName: 'access-log-000123-20261207.csv', rows: this.accessLog.length };
  }

  /** What saveFhirExport was asked to save (the file itself is the core's, tested there). */
  async saveFhirExport(query: FhirExportQuery): Promise<FhirExportSaved> {
    this.needServer('saveFhirExport', [query]);
    return { saved: true, fileName: query.formId === '' ? 'fhir-patient-000123-20261207.json' : '診療情報提供書_v1-fhir-20261207.json' };
  }

  async listPhrases(): Promise<PhraseListView> {
    return { phrases: [], source: 'server' };
  }

  async createPhrase(input: CreatePhraseInput): Promise<PhraseView> {
    this.needServer('createPhrase', [input]);
    throw userFacing('RECORD_NOT_WRITABLE_BY_ROLE');
  }

  async updatePhrase(input: UpdatePhraseInput): Promise<PhraseView> {
    this.needServer('updatePhrase', [input]);
    throw userFacing('RECORD_NOT_WRITABLE_BY_ROLE');
  }

  async deletePhrase(phraseId: string): Promise<void> {
    this.needServer('deletePhrase', [phraseId]);
    throw userFacing('RECORD_NOT_WRITABLE_BY_ROLE');
  }

  // ---- progress notes ----

  async listNotes(
    patientId: string,
    options?: { includeEnteredInError?: boolean; pageToken?: string },
  ): Promise<{ notes: ProgressNoteView[]; nextPageToken: string }> {
    this.needServer('listNotes', [patientId, options]);
    return { notes: this.chart.listNotes(patientId, options?.includeEnteredInError ?? false), nextPageToken: '' };
  }

  async getNoteHistory(patientId: string, noteId: string): Promise<ProgressNoteView[]> {
    this.needServer('getNoteHistory', [patientId, noteId]);
    return this.chart.noteHistory(patientId, noteId);
  }

  async writeNote(input: WriteNoteInput): Promise<ProgressNoteView> {
    this.needServer('writeNote', [input]);
    return this.chart.writeNote(input.patientId, input.soap, input.observedAt);
  }

  /** Vital signs recorded here, newest first, for the overview's trend. */
  private readonly vitalSigns: (VitalSignsView & { patientId: string })[] = [];

  // Medication entry is proven against the real core (medications-entry.spec.ts); the screens tests
  // here only script refusals, so a call that gets through fails loudly.
  async addMedication(input: AddMedicationInput): Promise<MedicationView> {
    this.needServer('addMedication', [input]);
    throw new Error('addMedication is not scripted: test it on the real core');
  }

  async changeMedication(input: ChangeMedicationInput): Promise<MedicationView> {
    this.needServer('changeMedication', [input]);
    throw new Error('changeMedication is not scripted: test it on the real core');
  }

  async listAllMedications(patientId: string): Promise<MedicationView[]> {
    this.needServer('listAllMedications', [patientId]);
    throw new Error('listAllMedications is not scripted: test it on the real core');
  }

  async getMedicationHistory(patientId: string, medicationId: string): Promise<MedicationView[]> {
    this.needServer('getMedicationHistory', [patientId, medicationId]);
    throw new Error('getMedicationHistory is not scripted: test it on the real core');
  }

  async listVitalSigns(patientId: string): Promise<VitalSignsView[]> {
    this.needServer('listVitalSigns', [patientId]);
    throw new Error('listVitalSigns is not scripted: test it on the real core');
  }

  async markVitalSignsEnteredInError(input: MarkVitalSignsEnteredInErrorInput): Promise<VitalSignsView> {
    this.needServer('markVitalSignsEnteredInError', [input]);
    throw new Error('markVitalSignsEnteredInError is not scripted: test it on the real core');
  }

  async recordVitalSigns(input: RecordVitalSignsInput): Promise<RecordedVitalSigns> {
    this.needServer('recordVitalSigns', [input]);
    const note = input.note ? this.chart.writeNote(input.patientId, input.note, input.observedAt) : null;
    const now = new Date().toISOString();
    const vitalSigns: VitalSignsView = {
      id: `v${this.vitalSigns.length + 1}`,
      observedAt: input.observedAt ?? now,
      values: { ...NO_VITALS, ...input.values },
      recordedBy: note?.author ?? {
        userId: '',
        name: { family: '', given: '', familyKana: '', givenKana: '' },
        profession: 'PROFESSION_DOCTOR',
        facilityName: '',
      },
      recordedAt: now,
      noteId: note?.noteId ?? '',
    };
    this.vitalSigns.unshift({ ...vitalSigns, patientId: input.patientId });
    return { vitalSigns, note };
  }

  async correctNote(input: CorrectNoteInput): Promise<ProgressNoteView> {
    this.needServer('correctNote', [input]);
    return this.chart.reviseNote(input.patientId, input.noteId, input.baseVersion, {
      soap: input.soap,
      reason: input.reason,
      enteredInError: false,
      observedAt: input.observedAt,
    });
  }

  async markNoteEnteredInError(input: MarkNoteEnteredInErrorInput): Promise<ProgressNoteView> {
    this.needServer('markNoteEnteredInError', [input]);
    return this.chart.reviseNote(input.patientId, input.noteId, input.baseVersion, { reason: input.reason, enteredInError: true });
  }

  // ---- documents ----

  async listDocuments(patientId: string): Promise<DocumentView[]> {
    this.needServer('listDocuments', [patientId]);
    return this.chart.listDocuments(patientId);
  }

  async getDocumentHistory(patientId: string, documentId: string): Promise<DocumentView[]> {
    this.needServer('getDocumentHistory', [patientId, documentId]);
    return this.chart.documentHistory(patientId, documentId);
  }

  async uploadDocument(input: UploadDocumentInput): Promise<UploadResult> {
    this.needServer('uploadDocument', [input]);
    return this.chart.upload(input);
  }

  async discardStagedFile(stagedFileId: string): Promise<void> {
    this.calls.push({ method: 'discardStagedFile', args: [stagedFileId] });
    this.chart.discard(stagedFileId);
  }

  async readStagedFile(stagedFileId: string): Promise<StagedFileContent> {
    this.calls.push({ method: 'readStagedFile', args: [stagedFileId] });
    await this.stagedReadsHeld;
    return this.chart.readStaged(stagedFileId);
  }

  // ---- upload dialog (issue 12): a slow read of a staged file, as on a busy PC or a network drive ----

  private stagedReadsHeld: Promise<void> | null = null;

  /** Staged files are not read until the returned function is called. */
  holdStagedFileReads(): () => void {
    let release = () => {};
    this.stagedReadsHeld = new Promise((resolve) => {
      release = () => {
        this.stagedReadsHeld = null;
        resolve();
      };
    });
    return release;
  }

  async openDocument(patientId: string, documentId: string, version: number): Promise<OpenedDocument> {
    this.calls.push({ method: 'openDocument', args: [patientId, documentId, version] });
    return this.chart.openDocument(patientId, documentId, version, this.status.online);
  }

  /** What the development bridge calls with a dropped file's bytes (DesktopHost.stageBytes). */
  async stageBytes(fileName: string, body: AsyncIterable<Uint8Array>): Promise<StagedFileView> {
    this.calls.push({ method: 'stageBytes', args: [fileName] });
    return this.chart.stage(fileName, body);
  }

  async getWatchedFolder(): Promise<WatchedFolderView> {
    this.calls.push({ method: 'getWatchedFolder', args: [] });
    return structuredClone(this.chart.watchedFolder);
  }

  async chooseWatchedFolder(): Promise<WatchedFolderView> {
    this.calls.push({ method: 'chooseWatchedFolder', args: [] });
    return this.chart.setWatchedFolder(SCRIPTED_WATCHED_FOLDER);
  }

  async setWatchedFolder(path: string | null): Promise<WatchedFolderView> {
    this.calls.push({ method: 'setWatchedFolder', args: [path] });
    return this.chart.setWatchedFolder(path);
  }

  async stopWatchingFolder(): Promise<WatchedFolderView> {
    this.calls.push({ method: 'stopWatchingFolder', args: [] });
    return this.chart.setWatchedFolder(null);
  }

  // ---- shared forms ----

  async listForms(patientId: string): Promise<FormView[]> {
    this.needServer('listForms', [patientId]);
    return this.chart.listForms(patientId);
  }

  async getForm(patientId: string, formId: string, version: number): Promise<FormView> {
    this.needServer('getForm', [patientId, formId, version]);
    return this.chart.getForm(patientId, formId, version);
  }

  async listFormVersions(patientId: string, formId: string): Promise<FormView[]> {
    this.needServer('listFormVersions', [patientId, formId]);
    return this.chart.formVersions(patientId, formId);
  }

  async createForm(input: CreateFormInput): Promise<FormView> {
    this.needServer('createForm', [input]);
    return this.chart.createForm(input);
  }

  async saveForm(input: SaveFormInput): Promise<FormView> {
    this.needServer('saveForm', [input]);
    return this.chart.saveForm(input.patientId, input.formId, input.baseVersion, input.values, input.amendFinalised ?? false);
  }

  async finaliseForm(patientId: string, formId: string, version: number): Promise<FormView> {
    this.needServer('finaliseForm', [patientId, formId, version]);
    return this.chart.finaliseForm(patientId, formId, version);
  }

  async renderFormPdf(patientId: string, formId: string, version: number): Promise<{ bytes: Uint8Array; fileName: string }> {
    this.needServer('renderFormPdf', [patientId, formId, version]);
    return this.chart.renderFormPdf(patientId, formId, version);
  }

  // ---- consent ----

  async getConsentStatus(patientId: string): Promise<ConsentView> {
    this.needServer('getConsentStatus', [patientId]);
    return this.chart.consent(patientId);
  }

  async recordConsent(input: RecordConsentInput): Promise<ConsentView> {
    this.needServer('recordConsent', [input]);
    return this.chart.recordConsent(input);
  }

  async withdrawConsent(input: WithdrawConsentInput): Promise<ConsentView> {
    this.needServer('withdrawConsent', [input]);
    return this.chart.withdrawConsent(input);
  }

  // ---- the contact timeline (scripted-timeline.ts) ----

  listTimelines(): Promise<InboxView> {
    this.calls.push({ method: 'listTimelines', args: [] });
    return this.timeline.listTimelines();
  }

  readTimeline(timeline: TimelineRefView, options?: { beforeSeq?: number }): Promise<TimelinePageView> {
    this.calls.push({ method: 'readTimeline', args: options === undefined ? [timeline] : [timeline, options] });
    return this.timeline.readTimeline(timeline, options);
  }

  writePost(input: WritePostInput): Promise<PostView> {
    this.calls.push({ method: 'writePost', args: [input] });
    return this.timeline.writePost(input);
  }

  cancelPendingPost(clientRequestId: string): Promise<void> {
    this.calls.push({ method: 'cancelPendingPost', args: [clientRequestId] });
    return this.timeline.cancelPendingPost(clientRequestId);
  }

  editPost(input: EditPostInput): Promise<PostView> {
    this.calls.push({ method: 'editPost', args: [input] });
    return this.timeline.editPost(input);
  }

  retractPost(timeline: TimelineRefView, postId: string, baseVersion: number): Promise<PostView> {
    this.calls.push({ method: 'retractPost', args: [timeline, postId, baseVersion] });
    return this.timeline.retractPost(timeline, postId, baseVersion);
  }

  markTimelineRead(timeline: TimelineRefView, upTo: number): Promise<void> {
    this.calls.push({ method: 'markTimelineRead', args: [timeline, upTo] });
    return this.timeline.markTimelineRead(timeline, upTo);
  }

  confirmPost(timeline: TimelineRefView, postId: string): Promise<PostView> {
    this.calls.push({ method: 'confirmPost', args: [timeline, postId] });
    return this.timeline.confirmPost(timeline, postId);
  }

  getPostReaders(timeline: TimelineRefView, postId: string): Promise<PostReaderView[]> {
    this.calls.push({ method: 'getPostReaders', args: [timeline, postId] });
    return this.timeline.getPostReaders(timeline, postId);
  }

  promotePostsToNote(patientId: string, postIds: string[], section: SoapSectionName): Promise<{ noteId: string; alreadyPromoted: boolean }> {
    this.calls.push({ method: 'promotePostsToNote', args: [patientId, postIds, section] });
    return this.timeline.promotePostsToNote(patientId, postIds, section);
  }

  openAttachment(timeline: TimelineRefView, postId: string, attachmentId: string): Promise<OpenedAttachment> {
    this.calls.push({ method: 'openAttachment', args: [timeline, postId, attachmentId] });
    return this.timeline.openAttachment(timeline, postId, attachmentId);
  }

  fileAttachment(input: Parameters<ScriptedTimeline['fileAttachment']>[0]): Promise<{ documentId: string; alreadyFiled: boolean }> {
    this.calls.push({ method: 'fileAttachment', args: [input] });
    return this.timeline.fileAttachment(input);
  }

  getNotificationSettings(): Promise<NotificationSettings> {
    return this.timeline.getNotificationSettings();
  }

  setNotificationSettings(settings: NotificationSettings): Promise<NotificationSettings> {
    this.calls.push({ method: 'setNotificationSettings', args: [settings] });
    return this.timeline.setNotificationSettings(settings);
  }

  createGroup(title: string): Promise<GroupView> {
    this.calls.push({ method: 'createGroup', args: [title] });
    return this.timeline.createGroup(title);
  }

  addGroupMember(groupId: string, userId: string): Promise<GroupView> {
    this.calls.push({ method: 'addGroupMember', args: [groupId, userId] });
    return this.timeline.addGroupMember(groupId, userId);
  }

  removeGroupMember(groupId: string, userId: string): Promise<GroupView> {
    this.calls.push({ method: 'removeGroupMember', args: [groupId, userId] });
    return this.timeline.removeGroupMember(groupId, userId);
  }

  listColleagues(): Promise<ColleagueView[]> {
    this.calls.push({ method: 'listColleagues', args: [] });
    return this.timeline.listColleagues();
  }

  onEvent(listener: (event: DesktopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

type EnrolledDevice = Exclude<DeviceView, { state: 'not-enrolled' }>;

function enrolledDevice(state: EnrolledDevice['state']): EnrolledDevice {
  return {
    state,
    serverAddress: 'renkei.example.jp:7443',
    deviceId: 'd-7f3a9c21',
    deviceName: '診察室PC-1',
    facilityName: SCRIPTED_FACILITY,
    enrolledAt: '2026-11-02T10:30:00+09:00',
    tunnelRequired: true,
  };
}

/** The scripted clinic as the server knows it, for forms it prefills. */
const SCRIPTED_OFFICE = {
  id: 'f-clinic',
  name: SCRIPTED_FACILITY,
  kind: 'FACILITY_KIND_CLINIC',
  postalCode: '880-0805',
  address: '宮崎市橘通東3丁目1-11',
  phone: doctor.facilityPhone,
  fax: '0985-20-1112',
};

/**
 * What the server would gather for a new form of a scripted patient (backend/src/templates/form-prefill.ts):
 * the chosen addressee, or the one the shared rule (form-addressee) picks when none was chosen.
 */
function scriptedPrefillFacts(patientId: string, kind: TemplateKind, addresseeFacilityId: string): PrefillFacts | undefined {
  const patient = patients.find((p) => p.id === patientId);
  if (!patient) return undefined;
  const member = (m: CareTeamMemberView) => ({
    name: `${m.name.family} ${m.name.given}`,
    role: m.role,
    facilityId: m.facilityId,
    facilityName: m.facilityName,
  });
  const primary = patient.diagnoses.find((d) => d.primary);
  const addressee = addresseeFacilityId !== '' ? addresseeFacilityId : defaultAddresseeFacilityId(addresseeChoices(kind, team, [SCRIPTED_OFFICE.id]));
  const people = team.filter((m) => m.facilityId === addressee);
  const office = people[0];
  return {
    today: japanToday(new Date()),
    patient: { postalCode: patient.postalCode, address: patient.address, phone: patient.phone, careLevel: patient.careLevel },
    ...(primary && { mainDiagnosis: { name: primary.name, code: primary.icd10Code } }),
    diagnoses: [...patient.diagnoses].sort((a, b) => Number(b.primary) - Number(a.primary)).map((d) => ({ name: d.name, code: d.icd10Code })),
    allergies: patient.allergies.map((a) => ({ substance: a.substance, reaction: a.reaction })),
    medication: '',
    author: { name: `${doctor.name.family} ${doctor.name.given}`, profession: doctor.profession, office: SCRIPTED_OFFICE },
    ...(office && {
      addressee: {
        office: { id: office.facilityId, name: office.facilityName, kind: '', postalCode: '', address: '', phone: office.facilityPhone, fax: '' },
        people: people.map(member),
      },
    }),
    attendingDoctors: team.filter((m) => m.role === 'CARE_TEAM_ROLE_ATTENDING_DOCTOR').map(member),
    careManagers: team.filter((m) => m.role === 'CARE_TEAM_ROLE_CARE_MANAGER').map(member),
  };
}

function session(): SessionView {
  return {
    user: { id: doctor.userId, loginId: SCRIPTED_LOGIN.loginId, name: doctor.name, profession: doctor.profession, facilityName: SCRIPTED_FACILITY },
    expiresAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
    offline: false,
    loginAgain: null,
    idleLockMinutes: 10,
    locked: null,
    passwordChangeRequired: false,
    passwordRule: { minLength: 13, mixedRequired: true },
  };
}
