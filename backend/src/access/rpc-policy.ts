// Who may call what: every RPC of the Renkei API, in one table. The dispatcher refuses to start a
// service with a method missing here, or whose handler is written for another level, so no call
// can reach a handler unchecked.
//
//   anyone           - no credentials (only Enroll, on the public enrollment listener)
//   enrolled-device  - a device with valid credentials, whatever its state (to learn its state)
//   approved-device  - an approved device, calling through its own tunnel address
//   user             - a logged-in user's session, bound to the approved device it calls from
//   care-team        - such a user, about the patient `patientOf` names: the caller must be on
//                      that patient's care team, and covered by the patient's consent when from
//                      another office (access/patient-access.ts)
//   timeline-member  - such a user, about the timeline `timelineOf` names (a TimelineRef): for a
//                      patient's timeline, care-team as above and the chart policy's TIMELINE read;
//                      for a group, a current member (access/timeline-access.ts)
//
// A care-team handler gets the caller's scope on the patient (access/call-scope.ts); within the
// chart, what the caller's role may read or write is asked of that scope's `require`, for the
// kind of record touched. Methods of a user returning lists scope their queries with
// visiblePatientIds() (access/patient-access.ts). For a client-streaming call, `patientOf` reads
// the first message (the upload header), and so does `timelineOf`.
export type RpcAccess =
  | { who: 'anyone' }
  | { who: 'enrolled-device' }
  | { who: 'approved-device' }
  | { who: 'user' }
  | { who: 'care-team'; patientOf: (request: Record<string, unknown>) => unknown }
  | { who: 'timeline-member'; timelineOf: (request: Record<string, unknown>) => unknown };

/** The access levels, as handlers declare the one they are written for. */
export type AccessLevel = RpcAccess['who'];

export const RPC_POLICY: Readonly<Record<string, RpcAccess>> = {
  '/renkei.v1.EnrollmentService/Enroll': { who: 'anyone' },
  '/renkei.v1.EnrollmentService/GetDeviceStatus': { who: 'enrolled-device' },
  '/renkei.v1.AuthService/Login': { who: 'approved-device' },
  // The second step of a login: the challenge token the password step answered says whose.
  '/renkei.v1.AuthService/VerifySecondFactor': { who: 'approved-device' },
  '/renkei.v1.AuthService/BeginSecondFactorSetup': { who: 'approved-device' },
  '/renkei.v1.AuthService/ConfirmSecondFactorSetup': { who: 'approved-device' },
  '/renkei.v1.AuthService/Logout': { who: 'user' },
  '/renkei.v1.AuthService/GetCurrentUser': { who: 'user' },
  // The signed-in user's own account: what protects it, their password, their authenticator.
  '/renkei.v1.AuthService/GetAccountSecurity': { who: 'user' },
  '/renkei.v1.AuthService/ChangePassword': { who: 'user' },
  '/renkei.v1.AuthService/BeginAuthenticatorSetup': { who: 'user' },
  '/renkei.v1.AuthService/ConfirmAuthenticatorSetup': { who: 'user' },
  '/renkei.v1.AuthService/RegenerateRecoveryCodes': { who: 'user' },
  '/renkei.v1.PatientService/ListPatients': { who: 'user' },
  // 定型文: the caller's own and their office's; phrases/phrases.ts decides who may change which.
  '/renkei.v1.PhraseService/ListPhrases': { who: 'user' },
  '/renkei.v1.PhraseService/CreatePhrase': { who: 'user' },
  '/renkei.v1.PhraseService/UpdatePhrase': { who: 'user' },
  '/renkei.v1.PhraseService/DeletePhrase': { who: 'user' },
  '/renkei.v1.PatientService/SearchPatients': { who: 'user' },
  // A patient's access log: the attending doctor or the registering office (audit/patient-access-log.ts decides).
  '/renkei.v1.AuditLogService/ListPatientAccessLog': { who: 'user' },
  '/renkei.v1.AuditLogService/ExportPatientAccessLog': { who: 'user' },
  '/renkei.v1.PatientService/GetPatientOverview': { who: 'care-team', patientOf: (request) => request.patientId },
  // Exporting as FHIR is reading: the overview's scope, the chart policy inside (patients/patient-fhir-export.ts).
  '/renkei.v1.PatientService/ExportPatientFhir': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.PatientService/ExportReferralFhir': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.SyncService/PullChanges': { who: 'user' },
  '/renkei.v1.ConsentService/RecordConsent': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.ConsentService/WithdrawConsent': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.ConsentService/GetConsentStatus': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.CoverageService/GetCoverage': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.CoverageService/RecordCoverage': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/WriteNote': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/CorrectNote': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/MarkNoteEnteredInError': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/ListNotes': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/GetNoteHistory': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.DocumentService/UploadDocument': { who: 'care-team', patientOf: (header) => header.patientId },
  '/renkei.v1.DocumentService/ListDocuments': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.DocumentService/GetDocumentHistory': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.DocumentService/DownloadDocument': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/CreateForm': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/GetForm': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/SaveForm': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/FinaliseForm': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/ListForms': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/ListFormVersions': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/RenderFormPdf': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.TimelineService/ListTimelines': { who: 'user' },
  '/renkei.v1.TimelineService/ReadTimeline': { who: 'timeline-member', timelineOf: (request) => request.timeline },
  '/renkei.v1.TimelineService/WritePost': { who: 'timeline-member', timelineOf: (request) => request.timeline },
  '/renkei.v1.TimelineService/EditPost': { who: 'timeline-member', timelineOf: (request) => request.timeline },
  '/renkei.v1.TimelineService/RetractPost': { who: 'timeline-member', timelineOf: (request) => request.timeline },
  '/renkei.v1.TimelineService/MarkRead': { who: 'timeline-member', timelineOf: (request) => request.timeline },
  '/renkei.v1.TimelineService/ConfirmPost': { who: 'timeline-member', timelineOf: (request) => request.timeline },
  '/renkei.v1.TimelineService/GetPostReaders': { who: 'timeline-member', timelineOf: (request) => request.timeline },
  '/renkei.v1.TimelineService/PromoteToNote': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.TimelineService/UploadAttachment': { who: 'timeline-member', timelineOf: (header) => header.timeline },
  '/renkei.v1.TimelineService/DownloadAttachment': { who: 'timeline-member', timelineOf: (request) => request.timeline },
  '/renkei.v1.TimelineService/FileAttachment': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.TimelineService/CreateGroup': { who: 'user' },
  // Every timeline the user can see; each event is checked against timelineAudience as it is sent.
  '/renkei.v1.TimelineService/Subscribe': { who: 'user' },
  '/renkei.v1.TimelineService/AddGroupMember': { who: 'timeline-member', timelineOf: (request) => ({ groupId: request.groupId }) },
  '/renkei.v1.TimelineService/RemoveGroupMember': { who: 'timeline-member', timelineOf: (request) => ({ groupId: request.groupId }) },
  '/renkei.v1.EmergencyInfoService/GetEmergencyInfo': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.EmergencyInfoService/RecordEmergencyInfo': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.EmergencyInfoService/GetEmergencyInfoHistory': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.MedicationService/AddMedication': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.MedicationService/ChangeMedication': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.MedicationService/ListMedications': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.MedicationService/GetMedicationHistory': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.VitalSignService/RecordVitalSigns': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.VitalSignService/ListVitalSigns': { who: 'care-team', patientOf: (request) => request.patientId },
  '/renkei.v1.VitalSignService/MarkVitalSignsEnteredInError': { who: 'care-team', patientOf: (request) => request.patientId },
};

/**
 * What a session may call while its user must change their password (the regional office asked:
 * renkei-admin user password). Every other call of a user is refused PASSWORD_CHANGE_REQUIRED by
 * access/authenticate.ts, streams included, until ChangePassword succeeds.
 */
export const ALLOWED_WHILE_PASSWORD_CHANGE_REQUIRED: ReadonlySet<string> = new Set([
  '/renkei.v1.AuthService/GetCurrentUser',
  '/renkei.v1.AuthService/GetAccountSecurity',
  '/renkei.v1.AuthService/ChangePassword',
  '/renkei.v1.AuthService/Logout',
]);
