// The tables of the Renkei stock record, as Kysely sees them. Both engines store:
//   - ids as UUID text (PostgreSQL `uuid`),
//   - instants as ISO 8601 UTC strings (PostgreSQL `timestamptz`, read back as ISO strings),
//   - calendar dates as 'YYYY-MM-DD' (PostgreSQL `date`),
//   - enumerations as the proto enum names (e.g. 'CARE_LEVEL_CARE_2'), so the API needs no mapping.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface FacilityTable {
  id: string;
  name: string;
  name_kana: string;
  kind: string;
  postal_code: string;
  address: string;
  phone: string;
  created_at: string;
}

export interface UserTable {
  id: string;
  /** Lower-case; what the user types to log in. */
  login_id: string;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  profession: string;
  facility_id: string;
  /** argon2id PHC string. */
  password_hash: string;
  failed_login_count: number;
  locked_until: string | null;
  last_login_at: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PatientTable {
  id: string;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  /** normalizeForSearch() of the written name and of the reading, for substring search. */
  search_written: string;
  search_reading: string;
  birth_date: string;
  sex: string;
  postal_code: string;
  address: string;
  phone: string;
  care_level: string;
  key_person: string;
  registered_by_facility_id: string;
  created_at: string;
  updated_at: string;
}

export interface AllergyTable {
  id: string;
  patient_id: string;
  substance: string;
  reaction: string;
  severity: string;
  noted_on: string | null;
  created_at: string;
}

export interface DiagnosisTable {
  id: string;
  patient_id: string;
  name: string;
  icd10_code: string;
  onset_date: string | null;
  /** 1 for the main diagnosis (主病名). */
  is_primary: number;
  note: string;
  created_at: string;
}

/** A user's place on a patient's care team. Ended memberships are kept (left_at) as history. */
export interface CareTeamMembershipTable {
  id: string;
  patient_id: string;
  user_id: string;
  role: string;
  joined_at: string;
  left_at: string | null;
}

export interface DeviceTable {
  id: string;
  facility_id: string;
  name: string;
  hostname: string;
  platform: string;
  wireguard_public_key: string;
  /** Offset of the device's address in the tunnel subnet; unique, never reused. */
  tunnel_host: number;
  tunnel_address: string;
  /** SHA-256 of the device secret handed out once at enrollment. */
  secret_hash: string;
  state: 'DEVICE_STATE_PENDING' | 'DEVICE_STATE_APPROVED' | 'DEVICE_STATE_REVOKED';
  enrollment_code_id: string;
  enrolled_at: string;
  approved_at: string | null;
  approved_by: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  last_seen_at: string | null;
}

export interface EnrollmentCodeTable {
  id: string;
  /** SHA-256 of the code's secret; the code itself is never stored. */
  secret_hash: string;
  facility_id: string;
  label: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
}

export interface SessionTable {
  id: string;
  /** SHA-256 of the bearer token. */
  token_hash: string;
  user_id: string;
  /** The only device this session is valid from. */
  device_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ended_at: string | null;
}

/**
 * The change feed. A row with user_id NULL means "this patient's overview changed" (relevant to
 * everyone who can see the patient); a row with user_id means "this user's access to this
 * patient changed" (it may have ended: the user's next pull gets a tombstone).
 */
export interface PatientChangeTable {
  seq: Generated<number>;
  patient_id: string;
  user_id: string | null;
  changed_at: string;
}

/** Append-only, hash-chained access log (who touched what, from which device, when). */
export interface AuditEventTable {
  seq: Generated<number>;
  at: string;
  actor_user_id: string | null;
  actor_device_id: string | null;
  /** For operations without a user: e.g. "admin:root@host" for renkei-admin. */
  actor_label: string;
  action: string;
  patient_id: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface Database {
  server_meta: ServerMetaTable;
  facilities: FacilityTable;
  users: UserTable;
  patients: PatientTable;
  allergies: AllergyTable;
  diagnoses: DiagnosisTable;
  care_team_memberships: CareTeamMembershipTable;
  devices: DeviceTable;
  enrollment_codes: EnrollmentCodeTable;
  sessions: SessionTable;
  patient_changes: PatientChangeTable;
  audit_events: AuditEventTable;
}

export type FacilityRow = Selectable<FacilityTable>;
export type UserRow = Selectable<UserTable>;
export type PatientRow = Selectable<PatientTable>;
export type DeviceRow = Selectable<DeviceTable>;
export type SessionRow = Selectable<SessionTable>;
export type NewPatient = Insertable<PatientTable>;
export type PatientUpdate = Updateable<PatientTable>;
