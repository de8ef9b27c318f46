// Builds a small region for a test, through the same functions renkei-admin uses: facilities,
// users, patients, care teams, and devices enrolled and approved through the real API.
import { generateKeyPair } from '@renkei/wireguard';
import type { CareTeamRoleName, FacilityKindName, ProfessionName } from '@renkei/proto';
import { addCareTeamMember } from '../../src/care-teams/care-teams';
import { approveDevice } from '../../src/devices/devices';
import { issueEnrollmentCode } from '../../src/devices/enrollment';
import { createFacility } from '../../src/facilities/facilities';
import { registerPatient, type PatientInput } from '../../src/patients/patients';
import { createUser } from '../../src/users/users';
import { call } from './api-client';
import type { TestBackend } from './test-backend';

export const TEST_PASSWORD = 'correct-horse-42';

export class TestRegion {
  readonly facilityId: Promise<string>;
  private userCount = 0;

  /** One office of the region (a clinic unless told otherwise); users, devices and patients made here belong to it. */
  constructor(
    readonly backend: TestBackend,
    kind: FacilityKindName = 'FACILITY_KIND_CLINIC',
    name = `テスト診療所${Math.random()}`,
  ) {
    this.facilityId = createFacility(backend.database, { name, nameKana: 'テストシンリョウジョ', kind }, backend.clock.now()).then((f) => f.id);
  }

  /** Another office on the same backend, e.g. the visiting nurse station of a clinic's patients. */
  office(kind: FacilityKindName = 'FACILITY_KIND_VISITING_NURSE_STATION', name = `テスト事業所${Math.random()}`): TestRegion {
    return new TestRegion(this.backend, kind, name);
  }

  get enrollment() {
    return { address: this.backend.enrollmentAddress, caPem: this.backend.caPem };
  }

  get clinical() {
    return { address: this.backend.clinicalAddress, caPem: this.backend.caPem };
  }

  async user(profession: ProfessionName = 'PROFESSION_DOCTOR', name: [string, string] = ['山田', '太郎']) {
    const loginId = `user${++this.userCount}.${Math.random().toString(36).slice(2, 7)}`;
    const row = await createUser(
      this.backend.database,
      {
        loginId,
        familyName: name[0],
        givenName: name[1],
        familyNameKana: 'ヤマダ',
        givenNameKana: 'タロウ',
        profession,
        facilityId: await this.facilityId,
        password: TEST_PASSWORD,
      },
      this.backend.clock.now(),
    );
    return row;
  }

  async patient(overrides: Partial<PatientInput> = {}) {
    return registerPatient(
      this.backend.database,
      {
        familyName: '宮崎',
        givenName: 'ハル',
        familyNameKana: 'ミヤザキ',
        givenNameKana: 'ハル',
        birthDate: '1938-04-02',
        sex: 'SEX_FEMALE',
        careLevel: 'CARE_LEVEL_CARE_3',
        registeredByFacilityId: await this.facilityId,
        allergies: [{ substance: 'ペニシリン系抗菌薬', reaction: '蕁麻疹', severity: 'ALLERGY_SEVERITY_MODERATE' }],
        diagnoses: [{ name: '慢性心不全', icd10Code: 'I50.0', primary: true }],
        ...overrides,
      },
      this.backend.clock.now(),
    );
  }

  async join(patientId: string, userId: string, role: CareTeamRoleName = 'CARE_TEAM_ROLE_ATTENDING_DOCTOR') {
    await addCareTeamMember(this.backend.database, patientId, userId, role, this.backend.clock.now());
  }

  /** An enrollment code for a PC of this office (or of the facility named). */
  async code(validHours = 24, facilityId?: string): Promise<string> {
    const issued = await issueEnrollmentCode(
      this.backend.database,
      { facilityId: facilityId ?? (await this.facilityId), label: 'test', createdBy: 'test', caPin: this.backend.caPin, validHours },
      this.backend.clock.now(),
    );
    return issued.code;
  }

  /** Enrolls a device (of this office, or of the facility named) through the API; returns its credential ("<id>.<secret>"). */
  async enrolledDevice(facilityId?: string): Promise<{ id: string; credential: string; publicKey: string }> {
    const { publicKey } = generateKeyPair();
    const response = await call(this.enrollment, 'EnrollmentService', 'Enroll', {
      enrollmentCode: await this.code(24, facilityId),
      wireguardPublicKey: publicKey,
      deviceName: 'テスト端末',
      hostname: 'test-pc',
      platform: 'linux',
    });
    return { id: response.status.deviceId, credential: `${response.status.deviceId}.${response.deviceSecret}`, publicKey };
  }

  async approvedDevice(facilityId?: string) {
    const device = await this.enrolledDevice(facilityId);
    await approveDevice(this.backend.database, device.id, 'test', this.backend.clock.now());
    return device;
  }

  /**
   * An approved device with a logged-in user on it: the device given, or a new one of the user's own
   * facility (users sign in only on their facility's PCs, or those of a facility linked to it).
   */
  async session(userLoginId: string, device?: { credential: string }) {
    const onDevice = device ?? (await this.approvedDevice(await this.facilityOf(userLoginId)));
    const response = await call(this.clinical, 'AuthService', 'Login', { loginId: userLoginId, password: TEST_PASSWORD }, { device: onDevice.credential });
    return { device: onDevice.credential, session: response.sessionToken as string };
  }

  private async facilityOf(loginId: string): Promise<string> {
    const user = await this.backend.database.db
      .selectFrom('users')
      .select('facility_id')
      .where('login_id', '=', loginId.trim().toLowerCase())
      .executeTakeFirst();
    return user?.facility_id ?? (await this.facilityId);
  }
}
