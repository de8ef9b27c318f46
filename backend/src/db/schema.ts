// The tables of the Renkei stock record, as Kysely sees them. Both engines store:
//   - ids as UUID text (PostgreSQL `uuid`),
//   - instants as ISO 8601 UTC strings (PostgreSQL `timestamptz`, read back as ISO strings),
//   - calendar dates as 'YYYY-MM-DD' (PostgreSQL `date`),
//   - enumerations as the proto enum names (e.g. 'CARE_LEVEL_CARE_2'), so the API needs no mapping.
import type { ColumnType, Generated, Selectable } from 'kysely';

/** A nullable column a new row may leave out (NULL). */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

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
  /** Migration 0007. */
  fax: string;
  created_at: string;
  /** 24時間連絡先 ('' when not given): 0004-patient-safety. */
  on_call_phone: Generated<string>;
  /** 保険医療機関番号 (10 digits, facilities/institution-number.ts); NULL when not recorded. Migration 0020. */
  medical_institution_number: string | null;
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
  /** The user's own number (PHS, work mobile) for their care teams; '' when none was given. */
  contact_phone: string;
  /** argon2id PHC string. */
  password_hash: string;
  failed_login_count: number;
  locked_until: string | null;
  last_login_at: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  /** 1: the regional office asked for a new password; the user's sessions can only change it (migration 0017). */
  password_change_required: number;
  /** When the password was last set or changed; NULL: before migration 0017. */
  password_changed_at: string | null;
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
  /** 地域患者番号, unique: given at registration (patients/regional-number.ts), backfilled by 0004-patient-safety. */
  regional_number: number;
  /** When the regional office archived the patient (hidden from lists, records kept); NULL: not archived. Migration 0018. */
  archived_at: Optional<string>;
  /** The admin tool's label that archived the patient. */
  archived_by: Optional<string>;
  archive_reason: Optional<string>;
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

/**
 * The audit chain's last event as the appends left it (migration 0013): one row, id 1, written in
 * the same transaction as each event. seq 0 and the genesis hash while the chain is empty.
 */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  at: string | null;
}

/** Which care-team role may read / write which kind of chart record (access/chart-access.ts). */
export interface ChartPolicyTable {
  /** A DocumentType name or 'PROGRESS_NOTES'. */
  record_kind: string;
  role: string;
  can_read: number;
  can_write: number;
  updated_at: string;
  /** Who changed it last: "admin:…" for renkei-admin, "migration:…" for the defaults. */
  updated_by: string;
}

/** A checked, complete file in the content-addressed store (documents/blob-store.ts). */
export interface BlobTable {
  sha256: string;
  size: number;
  media_type: string;
  stored_at: string;
}

export interface DocumentTable {
  id: string;
  patient_id: string;
  document_type: string;
  current_version: number;
  created_at: string;
  updated_at: string;
}

export interface DocumentVersionTable {
  id: string;
  document_id: string;
  version: number;
  /** Chosen by the client per file: a retried upload finds the version it already filed. */
  upload_id: string;
  blob_sha256: string;
  title: string;
  file_name: string;
  media_type: string;
  size: number;
  page_count: number;
  issued_on: string | null;
  issuer: string;
  valid_from: string | null;
  valid_until: string | null;
  note: string;
  uploaded_by_user_id: string;
  uploaded_by_profession: string;
  uploaded_by_facility_id: string;
  uploaded_by_device_id: string;
  uploaded_at: string;
}

export interface PatientConsentTable {
  id: string;
  patient_id: string;
  obtained_on: string;
  obtained_by: string;
  scope: string;
  form_document_id: string | null;
  note: string;
  recorded_by_user_id: string | null;
  recorded_by_device_id: string | null;
  recorded_by_label: string;
  recorded_at: string;
  withdrawn_on: string | null;
  withdrawal_reason: string | null;
  withdrawn_by_user_id: string | null;
  withdrawn_by_label: string | null;
  withdrawn_at: string | null;
}

export interface PatientConsentFacilityTable {
  consent_id: string;
  facility_id: string;
}

/** One version of a progress note (経過記録). Rows are never changed but for is_current. */
export interface ProgressNoteVersionTable {
  id: string;
  note_id: string;
  version: number;
  patient_id: string;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  observed_at: string;
  status: 'NOTE_STATUS_CURRENT' | 'NOTE_STATUS_ENTERED_IN_ERROR';
  correction_reason: string;
  author_user_id: string;
  author_profession: string;
  author_facility_id: string;
  author_device_id: string;
  recorded_at: string;
  client_request_id: string | null;
  is_current: number;
}

/** 保険・認定, one row per version (migration 0006-insurance). medical and long_term_care are JSON. */
export interface PatientCoverageVersionTable {
  id: string;
  patient_id: string;
  version: number;
  is_current: number;
  medical: string | null;
  long_term_care: string | null;
  certification_level: string | null;
  certification_from: string | null;
  certification_until: string | null;
  disability_independence: string;
  dementia_independence: string;
  change_reason: string;
  author_user_id: string;
  author_profession: string;
  author_facility_id: string;
  author_device_id: string;
  recorded_at: string;
}

export interface FormTable {
  id: string;
  patient_id: string;
  document_type: string;
  title: string;
  current_version: number;
  created_at: string;
  updated_at: string;
  /** The care team's office the form was created for (chosen, or the usual one); NULL: none known. Migration 0020. */
  addressee_facility_id: string | null;
}

export interface FormVersionTable {
  id: string;
  form_id: string;
  version: number;
  values_json: string;
  based_on_version: number;
  saved_by_user_id: string;
  saved_by_profession: string;
  saved_by_facility_id: string;
  saved_by_device_id: string;
  saved_at: string;
  finalised_at: string | null;
  finalised_by_user_id: string | null;
  finalised_by_device_id: string | null;
}

/** A patient's timeline (made on first use) or a group (自由グループ) (timeline/). */
export interface TimelineTable {
  id: string;
  kind: 'patient' | 'group';
  patient_id: string | null;
  /** The group's name; '' for a patient's timeline (the patient's name is read from the patient). */
  title: string;
  owner_user_id: string | null;
  created_at: string;
  created_by: string | null;
  client_request_id: string | null;
}

export interface TimelineGroupMemberTable {
  id: string;
  timeline_id: string;
  user_id: string;
  added_at: string;
  added_by: string;
  removed_at: string | null;
  removed_by: string | null;
}

/** The log every live subscription reads, numbered in commit order (timeline/timeline-events.ts). */
export interface TimelineEventTable {
  seq: Generated<number>;
  timeline_id: string;
  /** 'post': a post was written or changed; 'read': user_id's marker moved; 'joined'/'left': group membership. */
  kind: 'post' | 'read' | 'joined' | 'left';
  post_id: string | null;
  user_id: string | null;
  at: string;
}

export interface TimelinePostTable {
  id: string;
  timeline_id: string;
  seq: number;
  reply_to_post_id: string | null;
  urgent: number;
  asks_confirmation: number;
  current_version: number;
  author_user_id: string;
  author_profession: string;
  author_facility_id: string;
  author_device_id: string;
  posted_at: string;
  client_request_id: string | null;
}

export interface TimelinePostVersionTable {
  post_id: string;
  version: number;
  body: string;
  retracted: number;
  device_id: string;
  recorded_at: string;
}

export interface TimelineMentionTable {
  post_id: string;
  version: number;
  user_id: string;
}

export interface TimelineAttachmentTable {
  id: string;
  timeline_id: string;
  upload_id: string;
  uploaded_by: string;
  uploaded_at: string;
  sha256: string;
  file_name: string;
  media_type: string;
  size: number;
  page_count: number;
  post_id: string | null;
  ordinal: number | null;
  filed_document_id: string | null;
}

export interface TimelineReadMarkerTable {
  timeline_id: string;
  user_id: string;
  read_up_to: number;
  moved_at: string;
}

export interface TimelineReadMoveTable {
  timeline_id: string;
  user_id: string;
  read_up_to: number;
  moved_at: string;
  device_id: string;
}

export interface TimelineConfirmationTable {
  post_id: string;
  user_id: string;
  confirmed_at: string;
  device_id: string;
}

export interface TimelinePromotionTable {
  post_id: string;
  note_id: string;
  promoted_by: string;
  promoted_by_profession: string;
  promoted_by_facility_id: string;
  promoted_by_device_id: string;
  promoted_at: string;
}

/** 緊急時情報: one row per version of a patient's emergency information (patients/emergency-info.ts). */
export interface EmergencyInfoVersionTable {
  id: string;
  patient_id: string;
  version: number;
  /** The parts, and who last recorded each (EmergencyContent of emergency-info.ts), as JSON. */
  content_json: string;
  author_user_id: string;
  author_profession: string;
  author_facility_id: string;
  author_device_id: string;
  recorded_at: string;
  is_current: number;
}

/** One version of a medication entry (medications/). */
export interface MedicationVersionTable {
  id: string;
  medication_id: string;
  version: number;
  patient_id: string;
  drug_name: string;
  dose: string;
  usage: string;
  prescriber: string;
  started_on: string | null;
  stopped_on: string | null;
  handling: string;
  note: string;
  change_reason: string;
  author_user_id: string;
  author_profession: string;
  author_facility_id: string;
  author_device_id: string;
  recorded_at: string;
  client_request_id: string | null;
  is_current: number;
}

/** One observation of vital signs (vital-signs/); NULL: not measured. */
export interface VitalSignRecordTable {
  id: string;
  patient_id: string;
  observed_at: string;
  systolic_mmhg: number | null;
  diastolic_mmhg: number | null;
  pulse_per_min: number | null;
  temperature_celsius: number | null;
  spo2_percent: number | null;
  respiration_per_min: number | null;
  weight_kg: number | null;
  blood_glucose_mg_dl: number | null;
  note_id: string | null;
  author_user_id: string;
  author_profession: string;
  author_facility_id: string;
  author_device_id: string;
  recorded_at: string;
  client_request_id: string | null;
  /** Entered in error (migration 0012): when, why and by whom; all NULL while in force. */
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
  entered_in_error_user_id: string | null;
  entered_in_error_profession: string | null;
  entered_in_error_facility_id: string | null;
  entered_in_error_device_id: string | null;
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
  audit_head: AuditHeadTable;
  chart_policy: ChartPolicyTable;
  blobs: BlobTable;
  documents: DocumentTable;
  document_versions: DocumentVersionTable;
  patient_consents: PatientConsentTable;
  patient_consent_facilities: PatientConsentFacilityTable;
  progress_note_versions: ProgressNoteVersionTable;
  forms: FormTable;
  form_versions: FormVersionTable;
  timelines: TimelineTable;
  timeline_group_members: TimelineGroupMemberTable;
  timeline_events: TimelineEventTable;
  timeline_posts: TimelinePostTable;
  timeline_post_versions: TimelinePostVersionTable;
  timeline_mentions: TimelineMentionTable;
  timeline_attachments: TimelineAttachmentTable;
  timeline_read_markers: TimelineReadMarkerTable;
  timeline_read_moves: TimelineReadMoveTable;
  timeline_confirmations: TimelineConfirmationTable;
  timeline_promotions: TimelinePromotionTable;
  emergency_info_versions: EmergencyInfoVersionTable;
  patient_coverage_versions: PatientCoverageVersionTable;
  medication_versions: MedicationVersionTable;
  vital_sign_records: VitalSignRecordTable;
  phrases: PhraseTable;
  second_factors: SecondFactorTable;
  recovery_codes: RecoveryCodeTable;
  second_factor_policy: SecondFactorPolicyTable;
  login_challenges: LoginChallengeTable;
  idle_lock_policy: IdleLockPolicyTable;
  session_policy: SessionPolicyTable;
  facility_links: FacilityLinkTable;
  password_policy: PasswordPolicyTable;
  authenticator_setups: AuthenticatorSetupTable;
  hospital_patient_links: HospitalPatientLinkTable;
  hospital_messages: HospitalMessageTable;
  hospital_allergies: HospitalAllergyTable;
  hospital_diagnoses: HospitalDiagnosisTable;
  hospital_prescriptions: HospitalPrescriptionTable;
  hospital_lab_results: HospitalLabResultTable;
}

/** A hospital's patient ID (PID-3) is this Renkei patient (migration 0019). */
export interface HospitalPatientLinkTable {
  id: string;
  /** A facility of kind FACILITY_KIND_HOSPITAL. */
  facility_id: string;
  hospital_patient_id: string;
  patient_id: string;
  linked_at: string;
  linked_by: string;
}

/** The newest imported version of one SS-MIX2 order, and where it came from (migration 0019). */
export interface HospitalMessageTable {
  id: string;
  facility_id: string;
  hospital_patient_id: string;
  patient_id: string;
  data_type: string;
  order_number: string;
  /** Relative to the storage root. */
  path: string;
  /** MSH-10. */
  message_control_id: string;
  /** 発生日時 of the file name, Japan time to the millisecond, no offset. */
  created_at: string;
  imported_at: string;
}

/** What every imported fact row has (migration 0019). */
interface HospitalFactColumns {
  id: string;
  message_id: string;
  patient_id: string;
  /** Its place in the message (segment order). */
  position: number;
  /** The whole fact as the SS-MIX2 reader read it, without its source. */
  detail_json: string;
}

export interface HospitalAllergyTable extends HospitalFactColumns {
  allergen_code: string;
  allergen_text: string;
  allergen_system: string;
  allergen_type: string;
  severity: string;
  /** JSON array of strings. */
  reactions: string;
  onset: string;
}

export interface HospitalDiagnosisTable extends HospitalFactColumns {
  diagnosis_code: string;
  diagnosis_text: string;
  diagnosis_system: string;
  icd10_code: string;
  start_text: string;
  end_text: string;
  outcome: string;
  is_main: number;
}

export interface HospitalPrescriptionTable extends HospitalFactColumns {
  drug_code: string;
  drug_text: string;
  drug_system: string;
  dose: string;
  daily_dose: string;
  usage_code: string;
  usage_text: string;
  usage_system: string;
  days: number;
  start_text: string;
  end_text: string;
  /** 'YYYY-MM-DD': the start day (or the order's day), NULL when not known to the day. */
  start_on: string | null;
  /** 'YYYY-MM-DD': start + days − 1, NULL when either is not known. */
  end_on: string | null;
  route: string;
  prescription_number: string;
}

export interface HospitalLabResultTable extends HospitalFactColumns {
  test_code: string;
  test_text: string;
  test_system: string;
  value: string;
  numeric_value: number | null;
  unit: string;
  reference_range: string;
  /** JSON array of strings. */
  abnormal_flags: string;
  status: string;
  /** Japan time as written, '' when not sent. */
  observed_at: string;
  specimen: string;
  test_group: string;
}

/** The region's password rule (migration 0017): one row, id 'region'; none: the guideline's. */
export interface PasswordPolicyTable {
  id: 'region';
  min_length: number;
  min_length_with_second_factor: number;
  updated_at: string;
  updated_by: string;
}

/** An authenticator a user began to set up from a session, not yet confirmed (migration 0017). */
export interface AuthenticatorSetupTable {
  user_id: string;
  secret_ciphertext: string;
  created_at: string;
}

/** A user's TOTP authenticator (migration 0015). */
export interface SecondFactorTable {
  user_id: string;
  /** AES-256-GCM under the server's secrets/second-factor.key: base64url of iv ‖ tag ‖ ciphertext. */
  secret_ciphertext: string;
  created_at: string;
  /** NULL until a first code confirmed it: not in force. */
  confirmed_at: string | null;
  /** The last TOTP time step accepted (codes of it and earlier steps are refused). */
  last_used_step: number | null;
}

export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  /** argon2id PHC string. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** Whether two-factor login is required: the region's row (facility_id NULL) and facilities' own. */
export interface SecondFactorPolicyTable {
  id: string;
  facility_id: string | null;
  required: number;
  updated_at: string;
  updated_by: string;
}

/** The password step passed: the code step or the setup may follow, from the same device, once. */
export interface LoginChallengeTable {
  token_hash: string;
  user_id: string;
  device_id: string;
  purpose: 'verify' | 'setup';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Minutes without input before the app locks (migration 0016): the region's row (facility_id NULL) and facilities' own. */
export interface IdleLockPolicyTable {
  id: string;
  facility_id: string | null;
  minutes: number;
  updated_at: string;
  updated_by: string;
}

/** The region's session maximum age (migration 0016): one row, id 1, once the office has set it. */
export interface SessionPolicyTable {
  id: number;
  max_hours: number;
  updated_at: string;
  updated_by: string;
}

/** The users of facility_id may sign in on the devices of host_facility_id (migration 0016). */
export interface FacilityLinkTable {
  facility_id: string;
  host_facility_id: string;
  created_at: string;
  created_by: string;
}

/** A 定型文 (migration 0007): a user's own, or their office's. */
export interface PhraseTable {
  id: string;
  owner_kind: 'user' | 'facility';
  owner_user_id: string | null;
  facility_id: string | null;
  target: string;
  title: string;
  body: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
  deleted_by: string | null;
}

export type FacilityRow = Selectable<FacilityTable>;
export type UserRow = Selectable<UserTable>;
export type PatientRow = Selectable<PatientTable>;
export type DeviceRow = Selectable<DeviceTable>;
export type SessionRow = Selectable<SessionTable>;
export type TimelineRow = Selectable<TimelineTable>;
