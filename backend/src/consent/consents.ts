// Patient consent (患者同意書): the basis on which a patient's chart is shared beyond the office
// that registered them. access/patient-access.ts reads the consent in force; this module records
// and withdraws it, and tells the change feed, because a consent changes who sees the patient:
// members from other offices gain the patient on their next sync, or lose it with a tombstone.
//
// Over the API only care-team members of the registering office may record or withdraw (they hold
// the signed form); the regional office does it with renkei-admin. At most one consent is in force
// per patient: recording a new one withdraws the old one. Nothing is deleted: a withdrawal is a
// date, a reason and who did it.
import { randomUUID } from 'node:crypto';
import { RenkeiError } from '@renkei/proto';
import { japanToday } from '@renkei/proto/calendar';
import type { Consent } from '@renkei/proto/generated/renkei/v1/Consent';
import type { ConsentStatus } from '@renkei/proto/generated/renkei/v1/ConsentStatus';
import type { RecordAuthor } from '@renkei/proto/generated/renkei/v1/RecordAuthor';
import { z } from 'zod';
import type { PatientScope } from '../access/call-scope';
import { recordAudit, type AuditEvent } from '../audit/audit-log';
import { loadAuthors, type AuthorRef } from '../chart/record-author';
import { transaction, type Store } from '../db/database';
import { recordAccessChanged, recordPatientsChanged } from '../sync/change-feed';
import { toTimestamp } from '../time';
import { fieldViolation, invalidRequest, isoDate, parseInput, uuid } from '../validation';

/** Who records or withdraws: a care-team member in their scope on the patient, or the regional office. */
export type ConsentActor = { kind: 'user'; scope: PatientScope } | { kind: 'regional-office'; label: string };

/** The reason written on a consent that a newer consent replaced. */
export const REPLACED_REASON = '新しい同意書に差し替え';

const EARLIEST_CONSENT_DATE = '1990-01-01';

function consentDay(now: Date) {
  return isoDate
    .refine((value) => value >= EARLIEST_CONSENT_DATE, { message: 'DAY_TOO_EARLY', params: { earliest: EARLIEST_CONSENT_DATE } })
    .refine((value) => value <= japanToday(now), 'DAY_AFTER_TODAY');
}

const optionalId = z.union([z.literal(''), uuid]).transform((value) => (value === '' ? null : value));

export function recordConsentInput(now: Date) {
  return z
    .object({
      patientId: uuid,
      obtainedOn: consentDay(now),
      obtainedBy: z.string().trim().min(1).max(100),
      scope: z.enum(['CONSENT_SCOPE_CARE_TEAM', 'CONSENT_SCOPE_LISTED_FACILITIES']),
      facilityIds: z
        .array(uuid)
        .max(200)
        .default([])
        .transform((ids) => [...new Set(ids)]),
      formDocumentId: optionalId.default(null),
      note: z.string().trim().max(1000).default(''),
    })
    .superRefine((value, ctx) => {
      if (value.scope === 'CONSENT_SCOPE_LISTED_FACILITIES' && value.facilityIds.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['facilityIds'], message: 'CONSENT_OFFICES_REQUIRED' });
      }
      if (value.scope === 'CONSENT_SCOPE_CARE_TEAM' && value.facilityIds.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['facilityIds'], message: 'CONSENT_OFFICES_NOT_ALLOWED' });
      }
    });
}

export function withdrawConsentInput(now: Date) {
  return z.object({
    patientId: uuid,
    // Empty means today: the usual case is recording a withdrawal the day it is received.
    withdrawnOn: z.union([z.literal(''), consentDay(now)]).transform((value) => (value === '' ? japanToday(now) : value)),
    reason: z.string().trim().min(1).max(500),
  });
}

export type RecordConsentInput = z.input<ReturnType<typeof recordConsentInput>>;
export type WithdrawConsentInput = z.input<ReturnType<typeof withdrawConsentInput>>;

function auditActor(actor: ConsentActor): Pick<AuditEvent, 'actorUserId' | 'actorDeviceId' | 'actorLabel'> {
  return actor.kind === 'user' ? { actorUserId: actor.scope.user.id, actorDeviceId: actor.scope.device.id } : { actorLabel: actor.label };
}

async function requireRegistration(store: Store, patientId: string): Promise<{ registeredByFacilityId: string }> {
  const patient = await store.db.selectFrom('patients').select('registered_by_facility_id').where('id', '=', patientId).executeTakeFirst();
  if (!patient) throw invalidRequest([fieldViolation('patientId', 'UNKNOWN_PATIENT', { patientId })]);
  return { registeredByFacilityId: patient.registered_by_facility_id };
}

/**
 * Throws CONSENT_NOT_RECORDABLE (and logs the refusal) unless the user is on the patient's care
 * team now (their scope on the patient says so) and works for the office that registered the patient.
 */
function mayRecord(actor: ConsentActor, patientId: string, registeredByFacilityId: string): boolean {
  if (actor.kind === 'regional-office') return true;
  return actor.scope.patientId === patientId && actor.scope.facilityId === registeredByFacilityId;
}

async function assertMayRecord(store: Store, actor: ConsentActor, patientId: string, registeredByFacilityId: string, action: string, now: Date): Promise<void> {
  if (mayRecord(actor, patientId, registeredByFacilityId)) return;
  await recordAudit(store, { action, outcome: 'denied', ...auditActor(actor), patientId, detail: { reason: 'CONSENT_NOT_RECORDABLE' } }, now);
  throw new RenkeiError({ reason: 'CONSENT_NOT_RECORDABLE' });
}

/**
 * Within the transaction: only one writer per patient's consent at a time, so two recordings at
 * once cannot both find "no consent in force" and leave two in force. SQLite has one writer.
 */
async function lockPatient(tx: Store, patientId: string): Promise<void> {
  if (tx.engine === 'postgres') await tx.db.selectFrom('patients').select('id').where('id', '=', patientId).forUpdate().execute();
}

/**
 * The patient's overview changed for everyone (the consent status is on it), and the visibility of
 * every member from another office may have changed: their feed gets a per-user entry, so their
 * next pull brings the patient or a tombstone.
 */
async function recordConsentChanged(tx: Store, patientId: string, registeredByFacilityId: string, now: Date): Promise<void> {
  await recordPatientsChanged(tx, [patientId], now);
  const others = await tx.db
    .selectFrom('care_team_memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .distinct()
    .where('m.patient_id', '=', patientId)
    .where('m.left_at', 'is', null)
    .where('u.facility_id', '!=', registeredByFacilityId)
    .execute();
  await recordAccessChanged(
    tx,
    others.map((member) => ({ patientId, userId: member.user_id })),
    now,
  );
}

function recordedBy(actor: ConsentActor) {
  return actor.kind === 'user'
    ? { userId: actor.scope.user.id, deviceId: actor.scope.device.id, label: `user:${actor.scope.user.id}` }
    : { userId: null, deviceId: null, label: actor.label };
}

/** Records a consent; one already in force is withdrawn as replaced. Returns the new status. */
export async function recordConsent(store: Store, actor: ConsentActor, input: RecordConsentInput, now: Date): Promise<ConsentStatus> {
  const valid = parseInput(recordConsentInput(now), input);
  const { registeredByFacilityId } = await requireRegistration(store, valid.patientId);
  await assertMayRecord(store, actor, valid.patientId, registeredByFacilityId, 'consent.record', now);
  const by = recordedBy(actor);

  await transaction(store, async (tx) => {
    await lockPatient(tx, valid.patientId);
    if (valid.facilityIds.length > 0) {
      const found = await tx.db.selectFrom('facilities').select('id').where('id', 'in', valid.facilityIds).execute();
      const known = new Set(found.map((f) => f.id));
      const missing = valid.facilityIds.filter((id) => !known.has(id));
      if (missing.length > 0) throw invalidRequest([fieldViolation('facilityIds', 'UNKNOWN_FACILITIES', { ids: missing.join(', ') })]);
    }
    if (valid.formDocumentId) {
      const form = await tx.db
        .selectFrom('documents')
        .select('id')
        .where('id', '=', valid.formDocumentId)
        .where('patient_id', '=', valid.patientId)
        .where('document_type', '=', 'DOCUMENT_TYPE_CONSENT_FORM')
        .executeTakeFirst();
      if (!form) throw invalidRequest([fieldViolation('formDocumentId', 'NOT_A_CONSENT_FORM')]);
    }

    const replaced = await tx.db
      .selectFrom('patient_consents')
      .select('id')
      .where('patient_id', '=', valid.patientId)
      .where('withdrawn_at', 'is', null)
      .execute();
    if (replaced.length > 0) {
      await tx.db
        .updateTable('patient_consents')
        .set({
          withdrawn_on: japanToday(now),
          withdrawal_reason: REPLACED_REASON,
          withdrawn_by_user_id: by.userId,
          withdrawn_by_label: by.label,
          withdrawn_at: now.toISOString(),
        })
        .where(
          'id',
          'in',
          replaced.map((r) => r.id),
        )
        .execute();
    }
    const consentId = randomUUID();
    await tx.db
      .insertInto('patient_consents')
      .values({
        id: consentId,
        patient_id: valid.patientId,
        obtained_on: valid.obtainedOn,
        obtained_by: valid.obtainedBy,
        scope: valid.scope,
        form_document_id: valid.formDocumentId,
        note: valid.note,
        recorded_by_user_id: by.userId,
        recorded_by_device_id: by.deviceId,
        recorded_by_label: by.label,
        recorded_at: now.toISOString(),
        withdrawn_on: null,
        withdrawal_reason: null,
        withdrawn_by_user_id: null,
        withdrawn_by_label: null,
        withdrawn_at: null,
      })
      .execute();
    if (valid.facilityIds.length > 0) {
      await tx.db
        .insertInto('patient_consent_facilities')
        .values(valid.facilityIds.map((facility_id) => ({ consent_id: consentId, facility_id })))
        .execute();
    }
    await recordConsentChanged(tx, valid.patientId, registeredByFacilityId, now);
    await recordAudit(
      tx,
      {
        action: 'consent.record',
        outcome: 'ok',
        ...auditActor(actor),
        patientId: valid.patientId,
        detail: { consentId, scope: valid.scope, facilityIds: valid.facilityIds, formDocumentId: valid.formDocumentId, replaced: replaced.map((r) => r.id) },
      },
      now,
    );
  });
  return { ...(await loadConsentStatuses(store, [valid.patientId])).get(valid.patientId)!, callerMayRecord: true };
}

/** Withdraws the consent in force. The registering office keeps seeing the patient; others lose it. */
export async function withdrawConsent(store: Store, actor: ConsentActor, input: WithdrawConsentInput, now: Date): Promise<ConsentStatus> {
  const valid = parseInput(withdrawConsentInput(now), input);
  const { registeredByFacilityId } = await requireRegistration(store, valid.patientId);
  await assertMayRecord(store, actor, valid.patientId, registeredByFacilityId, 'consent.withdraw', now);
  const by = recordedBy(actor);

  await transaction(store, async (tx) => {
    await lockPatient(tx, valid.patientId);
    const current = await tx.db
      .selectFrom('patient_consents')
      .select(['id', 'obtained_on'])
      .where('patient_id', '=', valid.patientId)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (!current) throw invalidRequest([fieldViolation('patientId', 'NO_CONSENT_IN_FORCE')]);
    if (valid.withdrawnOn < current.obtained_on) {
      throw invalidRequest([fieldViolation('withdrawnOn', 'BEFORE_CONSENT', { obtainedOn: current.obtained_on })]);
    }
    await tx.db
      .updateTable('patient_consents')
      .set({
        withdrawn_on: valid.withdrawnOn,
        withdrawal_reason: valid.reason,
        withdrawn_by_user_id: by.userId,
        withdrawn_by_label: by.label,
        withdrawn_at: now.toISOString(),
      })
      .where('id', '=', current.id)
      .where('withdrawn_at', 'is', null)
      .execute();
    await recordConsentChanged(tx, valid.patientId, registeredByFacilityId, now);
    await recordAudit(
      tx,
      {
        action: 'consent.withdraw',
        outcome: 'ok',
        ...auditActor(actor),
        patientId: valid.patientId,
        detail: { consentId: current.id, withdrawnOn: valid.withdrawnOn },
      },
      now,
    );
  });
  return { ...(await loadConsentStatuses(store, [valid.patientId])).get(valid.patientId)!, callerMayRecord: true };
}

/** The consent status of one patient, with the read logged. Callers have checked the reader may see the patient. */
export async function readConsentStatus(store: Store, reader: ConsentActor, patientId: string, now: Date): Promise<ConsentStatus> {
  const { registeredByFacilityId } = await requireRegistration(store, parseInput(uuid, patientId));
  const status = (await loadConsentStatuses(store, [patientId])).get(patientId)!;
  await recordAudit(store, { action: 'consent.read', outcome: 'ok', ...auditActor(reader), patientId, detail: { shared: status.shared } }, now);
  return { ...status, callerMayRecord: mayRecord(reader, patientId, registeredByFacilityId) };
}

const REGIONAL_OFFICE_NAME = '医師会事務局';

/**
 * The consent status of each patient, keyed by id, in a constant number of queries. The author of
 * a consent recorded with renkei-admin is the regional office, named by the administrator's label.
 */
export async function loadConsentStatuses(store: Store, patientIds: readonly string[]): Promise<Map<string, ConsentStatus>> {
  const result = new Map<string, ConsentStatus>();
  if (patientIds.length === 0) return result;
  const ids = [...new Set(patientIds)];
  const [patients, consents, listed] = await Promise.all([
    store.db
      .selectFrom('patients as p')
      .innerJoin('facilities as f', 'f.id', 'p.registered_by_facility_id')
      .select(['p.id as patient_id', 'f.id', 'f.name', 'f.kind', 'f.phone'])
      .where('p.id', 'in', ids)
      .execute(),
    store.db
      .selectFrom('patient_consents as c')
      .leftJoin('users as ru', 'ru.id', 'c.recorded_by_user_id')
      .leftJoin('users as wu', 'wu.id', 'c.withdrawn_by_user_id')
      .selectAll('c')
      .select([
        'ru.profession as recorded_profession',
        'ru.facility_id as recorded_facility_id',
        'wu.profession as withdrawn_profession',
        'wu.facility_id as withdrawn_facility_id',
      ])
      .where('c.patient_id', 'in', ids)
      .orderBy('c.recorded_at', 'desc')
      .orderBy('c.id', 'desc')
      .execute(),
    store.db
      .selectFrom('patient_consent_facilities as cf')
      .innerJoin('patient_consents as c', 'c.id', 'cf.consent_id')
      .innerJoin('facilities as f', 'f.id', 'cf.facility_id')
      .select(['cf.consent_id', 'f.id', 'f.name', 'f.kind', 'f.phone'])
      .where('c.patient_id', 'in', ids)
      .orderBy('f.name_kana')
      .execute(),
  ]);

  const refs: AuthorRef[] = [];
  for (const c of consents) {
    if (c.recorded_by_user_id)
      refs.push({
        userId: c.recorded_by_user_id,
        profession: c.recorded_profession ?? '',
        facilityId: c.recorded_facility_id ?? '',
        deviceId: c.recorded_by_device_id ?? '',
      });
    if (c.withdrawn_by_user_id)
      refs.push({ userId: c.withdrawn_by_user_id, profession: c.withdrawn_profession ?? '', facilityId: c.withdrawn_facility_id ?? '', deviceId: '' });
  }
  const authorOf = await loadAuthors(store, refs);
  const office = (label: string): RecordAuthor => ({
    userId: '',
    name: { family: label, given: '', familyKana: '', givenKana: '' },
    profession: 'PROFESSION_UNSPECIFIED',
    facilityId: '',
    facilityName: REGIONAL_OFFICE_NAME,
    deviceId: '',
  });

  const facilitiesByConsent = new Map<string, Consent['facilities']>();
  for (const f of listed) {
    const list = facilitiesByConsent.get(f.consent_id) ?? [];
    list.push({ id: f.id, name: f.name, kind: f.kind as 'FACILITY_KIND_CLINIC', phone: f.phone });
    facilitiesByConsent.set(f.consent_id, list);
  }
  const consentsByPatient = new Map<string, Consent[]>();
  const current = new Map<string, Consent>();
  for (const c of consents) {
    const consent: Consent = {
      id: c.id,
      obtainedOn: c.obtained_on,
      obtainedBy: c.obtained_by,
      scope: c.scope as Consent['scope'],
      facilities: facilitiesByConsent.get(c.id) ?? [],
      formDocumentId: c.form_document_id ?? '',
      note: c.note,
      recordedBy: c.recorded_by_user_id
        ? authorOf({
            userId: c.recorded_by_user_id,
            profession: c.recorded_profession ?? '',
            facilityId: c.recorded_facility_id ?? '',
            deviceId: c.recorded_by_device_id ?? '',
          })
        : office(c.recorded_by_label),
      recordedAt: toTimestamp(c.recorded_at),
      withdrawnOn: c.withdrawn_on ?? '',
      withdrawalReason: c.withdrawal_reason ?? '',
      withdrawnBy:
        c.withdrawn_at === null
          ? null
          : c.withdrawn_by_user_id
            ? authorOf({ userId: c.withdrawn_by_user_id, profession: c.withdrawn_profession ?? '', facilityId: c.withdrawn_facility_id ?? '', deviceId: '' })
            : office(c.withdrawn_by_label ?? ''),
    };
    const list = consentsByPatient.get(c.patient_id) ?? [];
    list.push(consent);
    consentsByPatient.set(c.patient_id, list);
    if (c.withdrawn_at === null && !current.has(c.patient_id)) current.set(c.patient_id, consent);
  }
  for (const p of patients) {
    const inForce = current.get(p.patient_id) ?? null;
    result.set(p.patient_id, {
      shared: inForce !== null,
      current: inForce,
      history: consentsByPatient.get(p.patient_id) ?? [],
      registeredBy: { id: p.id, name: p.name, kind: p.kind as 'FACILITY_KIND_CLINIC', phone: p.phone },
    });
  }
  return result;
}
