// Who may call what: every RPC of the Renkei API, in one table. The dispatcher refuses to start a
// service with a method missing here, so no call can reach a handler unchecked.
//
//   anyone           - no credentials (only Enroll, on the public enrollment listener)
//   enrolled-device  - a device with valid credentials, whatever its state (to learn its state)
//   approved-device  - an approved device, calling through its own tunnel address
//   user             - a logged-in user's session, bound to the approved device it calls from
//
// `patientOf` names the patient a request is about: the caller must be on that patient's care
// team, and covered by the patient's consent when from another office (access/patient-access.ts).
// Methods returning lists scope their queries with visiblePatientIds() from the same module.
// Within a patient's chart, what the caller's role may read or write is decided by
// access/chart-access.ts, which every chart handler consults for the kind of record it touches.
// For a client-streaming call, `patientOf` reads the first message (the upload header).
export type RpcAccess =
  | { who: 'anyone' }
  | { who: 'enrolled-device' }
  | { who: 'approved-device' }
  | { who: 'user'; patientOf?: (request: Record<string, unknown>) => unknown };

export const RPC_POLICY: Readonly<Record<string, RpcAccess>> = {
  '/renkei.v1.EnrollmentService/Enroll': { who: 'anyone' },
  '/renkei.v1.EnrollmentService/GetDeviceStatus': { who: 'enrolled-device' },
  '/renkei.v1.AuthService/Login': { who: 'approved-device' },
  '/renkei.v1.AuthService/Logout': { who: 'user' },
  '/renkei.v1.AuthService/GetCurrentUser': { who: 'user' },
  '/renkei.v1.PatientService/ListPatients': { who: 'user' },
  '/renkei.v1.PatientService/SearchPatients': { who: 'user' },
  '/renkei.v1.PatientService/GetPatientOverview': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.SyncService/PullChanges': { who: 'user' },
  '/renkei.v1.ConsentService/RecordConsent': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.ConsentService/WithdrawConsent': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.ConsentService/GetConsentStatus': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/WriteNote': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/CorrectNote': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/MarkNoteEnteredInError': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/ListNotes': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.ProgressNoteService/GetNoteHistory': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.DocumentService/UploadDocument': { who: 'user', patientOf: (header) => header.patientId },
  '/renkei.v1.DocumentService/ListDocuments': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.DocumentService/GetDocumentHistory': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.DocumentService/DownloadDocument': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/CreateForm': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/GetForm': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/SaveForm': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/FinaliseForm': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/ListForms': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/ListFormVersions': { who: 'user', patientOf: (request) => request.patientId },
  '/renkei.v1.FormService/RenderFormPdf': { who: 'user', patientOf: (request) => request.patientId },
};
