// What may cross into the DesktopApi from a renderer, over Electron IPC (src/main) or the
// development bridge: only the methods of DESKTOP_API_METHODS, each with arguments of exactly the
// shape the API declares. Anything else is refused before the API sees it. And what comes back
// when a call fails: a UserFacingError, trimmed to its own fields.
import { CONSENT_SCOPES, DOCUMENT_TYPES, MEDICATION_HANDLINGS } from '@renkei/proto/labels';
import { VITAL_SIGN_KEYS } from '@renkei/proto/chart-rules';
import { z } from 'zod';
import { DESKTOP_API_METHODS, type DesktopApi, type DesktopApiMethod, type UserFacingError } from '../shared/desktop-api';
import { DesktopApiError, isUserFacingError } from '../shared/desktop-api-error';

const text = z.string().max(4_096);
const id = z.string().min(1).max(256);
/** An id that may be left empty ('' = none). */
const optionalId = z.string().max(256);
/** Dates and instants are checked by the server, which says which field is wrong; here only their size. */
const date = z.string().max(64);
const version = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
const baseVersion = version.min(1);
/** A progress note's S, O, A or P, or a long free text. */
const longText = z.string().max(20_000);
const soap = z.strictObject({ subjective: longText, objective: longText, assessment: longText, plan: longText });
const documentType = z.enum(DOCUMENT_TYPES);
// A drug entry's details; what each field may say is the server's to check (and say at the field).
const medicationDetails = z.strictObject({
  drugName: text,
  dose: text,
  usage: text,
  prescriber: text,
  startedOn: date,
  stoppedOn: date,
  handling: z.array(z.enum(MEDICATION_HANDLINGS)).max(MEDICATION_HANDLINGS.length),
  note: text,
});

const MAX_FORM_VALUES_BYTES = 256 * 1024;
const MAX_FORM_VALUES_DEPTH = 8;

/**
 * Plain JSON (strings, finite numbers, booleans, null, arrays, plain objects), nested at most
 * `maxDepth` deep and at most `maxBytes` as JSON. Walked without recursion, so a hostile nesting
 * cannot exhaust the stack before it is refused.
 */
function isBoundedJson(value: unknown, maxBytes: number, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return false;
      continue;
    }
    if (typeof item !== 'object' || depth >= maxDepth) return false;
    if (Array.isArray(item)) {
      for (const element of item) stack.push([element, depth + 1]);
      continue;
    }
    const prototype = Object.getPrototypeOf(item) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return false;
    for (const element of Object.values(item)) stack.push([element, depth + 1]);
  }
  return new TextEncoder().encode(JSON.stringify(value)).length <= maxBytes;
}

/** A form's values (TemplateValues): validated field by field by the server; here, plain bounded JSON. */
const formValues = z
  .record(z.string().max(128), z.unknown())
  .refine((values) => isBoundedJson(values, MAX_FORM_VALUES_BYTES, MAX_FORM_VALUES_DEPTH), `plain JSON of at most ${MAX_FORM_VALUES_BYTES} bytes`);

// The contact timeline. A post's text and the ids it names are checked by the server, which says
// which field is wrong; here only their shape and size.
const timelineRef = z.strictObject({ kind: z.enum(['patient', 'group']), id });
const postBody = z.string().max(20_000);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const userIds = z.array(id).max(500);
const notificationSettings = z.strictObject({ mentions: z.boolean(), urgent: z.boolean(), confirmRequests: z.boolean() });

// 定型文: the server checks the title and body and says what is wrong; here only shape and size.
const phraseOwner = z.enum(['PHRASE_OWNER_USER', 'PHRASE_OWNER_FACILITY']);
const phraseTarget = z.enum([
  'PHRASE_TARGET_ANY',
  'PHRASE_TARGET_SOAP_S',
  'PHRASE_TARGET_SOAP_O',
  'PHRASE_TARGET_SOAP_A',
  'PHRASE_TARGET_SOAP_P',
  'PHRASE_TARGET_FORM',
]);

const ARGUMENTS: Record<DesktopApiMethod, z.ZodType<unknown[]>> = {
  getStatus: z.tuple([]),
  enroll: z.tuple([z.strictObject({ serverAddress: text, enrollmentCode: text, deviceName: text })]),
  refreshDevice: z.tuple([]),
  connectTunnel: z.tuple([]),
  disconnectTunnel: z.tuple([]),
  login: z.tuple([z.strictObject({ loginId: text, password: text })]),
  verifySecondFactor: z.tuple([z.strictObject({ code: text.optional(), recoveryCode: text.optional() })]),
  beginSecondFactorSetup: z.tuple([]),
  confirmSecondFactorSetup: z.tuple([text]),
  finishSecondFactorSetup: z.tuple([]),
  cancelSecondFactor: z.tuple([]),
  getAccountSecurity: z.tuple([]),
  changePassword: z.tuple([z.strictObject({ currentPassword: text, newPassword: text })]),
  beginAuthenticatorSetup: z.tuple([]),
  confirmAuthenticatorSetup: z.tuple([text]),
  regenerateRecoveryCodes: z.tuple([text]),
  logout: z.tuple([]),
  syncNow: z.tuple([]),
  searchPatients: z.tuple([text]),
  searchArchivedPatients: z.tuple([text]),
  getEmergencyInfoHistory: z.tuple([id]),
  listPatientAccessLog: z.tuple([z.strictObject({ patientId: id, fromDay: date, toDay: date, pageToken: z.string().max(64) })]),
  saveAccessLogCsv: z.tuple([z.strictObject({ patientId: id, fromDay: date, toDay: date })]),
  saveFhirExport: z.tuple([z.strictObject({ patientId: id, formId: z.union([z.literal(''), id]) })]),
  recordEmergencyInfo: z.tuple([
    z.strictObject({
      patientId: id,
      baseVersion: version,
      resuscitation: text,
      resuscitationNote: longText,
      acp: longText,
      emergencyPlan: longText,
      endOfLifeWish: longText,
      infections: z.array(z.strictObject({ kind: text, note: text })).max(50),
      keyPersons: z.array(z.strictObject({ name: text, relation: text, phone: text, note: text })).max(50),
    }),
  ]),
  getPatientOverview: z.tuple([id]),
  getCoverageHistory: z.tuple([id]),
  recordCoverage: z.tuple([
    z.strictObject({
      patientId: id,
      baseVersion: version,
      // Card numbers, 負担割合 and periods are the server's to check (and say at the field); here only their shape.
      medical: z
        .strictObject({
          insurerNumber: text,
          symbol: text,
          number: text,
          branch: text,
          copayTenths: version,
          publicExpenses: z.array(z.strictObject({ payerNumber: text, recipientNumber: text, name: text })).max(50),
        })
        .nullable(),
      longTermCare: z.strictObject({ insurerNumber: text, insuredNumber: text, copayTenths: version }).nullable(),
      certification: z.strictObject({ careLevel: text, validFrom: date, validUntil: date }).nullable(),
      disabilityIndependence: text,
      dementiaIndependence: text,
      changeReason: text,
    }),
  ]),
  listPhrases: z.tuple([]),
  createPhrase: z.tuple([z.strictObject({ owner: phraseOwner, target: phraseTarget, title: text, body: longText })]),
  updatePhrase: z.tuple([z.strictObject({ phraseId: id, target: phraseTarget, title: text, body: longText })]),
  deletePhrase: z.tuple([id]),

  listNotes: z.tuple([id, z.strictObject({ includeEnteredInError: z.boolean().optional(), pageToken: z.string().max(1_024).optional() }).optional()]),
  getNoteHistory: z.tuple([id, id]),
  writeNote: z.tuple([z.strictObject({ patientId: id, soap, observedAt: date.optional() })]),
  correctNote: z.tuple([z.strictObject({ patientId: id, noteId: id, baseVersion, soap, reason: text, observedAt: date.optional() })]),
  recordVitalSigns: z.tuple([
    z.strictObject({
      patientId: id,
      // Ranges are the server's to check (and say); here only the shape.
      values: z.partialRecord(z.enum(VITAL_SIGN_KEYS), z.number().finite().min(0).max(10_000)),
      observedAt: date.optional(),
      note: soap.optional(),
    }),
  ]),
  markNoteEnteredInError: z.tuple([z.strictObject({ patientId: id, noteId: id, baseVersion, reason: text })]),
  addMedication: z.tuple([z.strictObject({ patientId: id, details: medicationDetails })]),
  listAllMedications: z.tuple([id]),
  getMedicationHistory: z.tuple([id, id]),
  listVitalSigns: z.tuple([id]),
  markVitalSignsEnteredInError: z.tuple([z.strictObject({ patientId: id, vitalSignsId: id, reason: text })]),
  changeMedication: z.tuple([z.strictObject({ patientId: id, medicationId: id, baseVersion, details: medicationDetails, reason: text })]),

  listDocuments: z.tuple([id]),
  getDocumentHistory: z.tuple([id, id]),
  uploadDocument: z.tuple([
    z.strictObject({
      patientId: id,
      stagedFileId: id,
      documentType,
      title: text,
      issuedOn: date,
      issuer: text,
      validFrom: date,
      validUntil: date,
      note: text,
      replacesDocumentId: optionalId,
    }),
  ]),
  discardStagedFile: z.tuple([id]),
  readStagedFile: z.tuple([id]),
  openDocument: z.tuple([id, id, version]),

  getWatchedFolder: z.tuple([]),
  chooseWatchedFolder: z.tuple([]),
  stopWatchingFolder: z.tuple([]),

  listForms: z.tuple([id]),
  getForm: z.tuple([id, id, version]),
  listFormVersions: z.tuple([id, id]),
  createForm: z.tuple([z.strictObject({ patientId: id, documentType, title: text, values: formValues, addresseeFacilityId: id.optional() })]),
  saveForm: z.tuple([z.strictObject({ patientId: id, formId: id, baseVersion, values: formValues, amendFinalised: z.boolean().optional() })]),
  finaliseForm: z.tuple([id, id, baseVersion]),
  renderFormPdf: z.tuple([id, id, version]),

  getConsentStatus: z.tuple([id]),
  recordConsent: z.tuple([
    z.strictObject({
      patientId: id,
      obtainedOn: date,
      obtainedBy: text,
      scope: z.enum(CONSENT_SCOPES),
      facilityIds: z.array(id).max(500),
      formDocumentId: optionalId,
      note: text,
    }),
  ]),
  withdrawConsent: z.tuple([z.strictObject({ patientId: id, withdrawnOn: date, reason: text })]),

  listTimelines: z.tuple([]),
  readTimeline: z.tuple([timelineRef, z.strictObject({ beforeSeq: seq.optional() }).optional()]),
  writePost: z.tuple([
    z.strictObject({
      timeline: timelineRef,
      body: postBody,
      urgent: z.boolean(),
      asksConfirmation: z.boolean(),
      mentionedUserIds: userIds,
      replyToPostId: optionalId.optional(),
      stagedFileIds: z.array(id).max(20).optional(),
    }),
  ]),
  cancelPendingPost: z.tuple([id]),
  editPost: z.tuple([z.strictObject({ timeline: timelineRef, postId: id, baseVersion, body: postBody, mentionedUserIds: userIds })]),
  retractPost: z.tuple([timelineRef, id, baseVersion]),
  markTimelineRead: z.tuple([timelineRef, seq]),
  confirmPost: z.tuple([timelineRef, id]),
  getPostReaders: z.tuple([timelineRef, id]),
  promotePostsToNote: z.tuple([id, z.array(id).min(1).max(100), z.enum(['subjective', 'objective', 'assessment', 'plan'])]),
  openAttachment: z.tuple([timelineRef, id, id]),
  fileAttachment: z.tuple([z.strictObject({ patientId: id, postId: id, attachmentId: id, documentType, title: text })]),
  getNotificationSettings: z.tuple([]),
  setNotificationSettings: z.tuple([notificationSettings]),
  createGroup: z.tuple([text]),
  addGroupMember: z.tuple([id, id]),
  removeGroupMember: z.tuple([id, id]),
  listColleagues: z.tuple([]),

  reportActivity: z.tuple([]),
  lockScreen: z.tuple([]),
  unlockScreen: z.tuple([text]),
  switchUser: z.tuple([]),
};

/** The path a dropped file was resolved to by the preload: checked again by the core (stageFile). */
export const DROPPED_FILE_PATH = z.string().min(1).max(4_096);

export function isDesktopApiMethod(name: string): name is DesktopApiMethod {
  return (DESKTOP_API_METHODS as readonly string[]).includes(name);
}

type ArgumentCheck = { ok: true; args: unknown[] } | { ok: false; problem: string };

export function checkArguments(method: DesktopApiMethod, body: unknown): ArgumentCheck {
  if (typeof body !== 'object' || body === null || !('args' in body)) return { ok: false, problem: 'body must be {"args": [...]}' };
  const parsed = ARGUMENTS[method].safeParse(body.args);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ') };
  return { ok: true, args: parsed.data };
}

export async function invoke(api: DesktopApi, method: DesktopApiMethod, args: unknown[]): Promise<unknown> {
  const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
  return fn.apply(api, args);
}

/**
 * The UserFacingError of a failed call (the core throws DesktopApiError; a plain UserFacingError
 * object is accepted too), kept to exactly its fields so nothing else leaks through.
 */
export function asUserFacingError(thrown: unknown): UserFacingError | null {
  const candidate: unknown = thrown instanceof DesktopApiError ? thrown.detail : thrown;
  if (!isUserFacingError(candidate)) return null;
  const error: UserFacingError = { reason: candidate.reason, message: { ja: candidate.message.ja, en: candidate.message.en } };
  if (candidate.fields) error.fields = candidate.fields.map(({ field, reason, message }) => ({ field, reason, message: { ja: message.ja, en: message.en } }));
  return error;
}

export function bridgeError(reason: string, ja: string, en: string): UserFacingError {
  return { reason, message: { ja, en } };
}
