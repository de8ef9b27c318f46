// Insurance and certification (保険・認定, record kind INSURANCE): the 医療保険 and 介護保険 cards,
// the 要介護認定 with its period, and the 日常生活自立度. Versioned like the progress notes: a change
// is version n+1 and the replaced row only loses is_current, so every version stays readable with
// who recorded it, from which office and device, and when (真正性). A writer says which version it
// saw; of two writers of the same version only one wins, the other is told
// COVERAGE_VERSION_SUPERSEDED.
//
// The 認定's level is the patient's care_level: recording a certification sets it, so the list,
// the header and the card never disagree.
//
// Numbers are validated at the boundary by the claims rules (proto chart-rules/insurance-numbers):
// a mistyped 保険者番号 fails its check digit here, not a month later as a returned claim.
import { randomUUID } from 'node:crypto';
import { CARE_LEVELS, RenkeiError, type CareLevelName, type DementiaIndependenceName, type DisabilityIndependenceName } from '@renkei/proto';
import { daysBetweenTexts } from '@renkei/proto/calendar';
import { insuranceCardDigits, INSURANCE_NUMBER_RULES, INSURANCE_NUMBER_VIOLATIONS, isCopayTenths, type InsuranceNumberName } from '@renkei/proto/chart-rules';
import type { Coverage } from '@renkei/proto/generated/renkei/v1/Coverage';
import type { CoverageHistory } from '@renkei/proto/generated/renkei/v1/CoverageHistory';
import { DementiaIndependence } from '@renkei/proto/generated/renkei/v1/DementiaIndependence';
import { DisabilityIndependence } from '@renkei/proto/generated/renkei/v1/DisabilityIndependence';
import type { RecordAuthor } from '@renkei/proto/generated/renkei/v1/RecordAuthor';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { PatientScope } from '../access/call-scope';
import { authorOf, loadAuthors, type AuthorRef } from '../chart/record-author';
import { appendVersion } from '../chart/versioned-record';
import type { Store } from '../db/database';
import type { PatientCoverageVersionTable } from '../db/schema';
import { toTimestamp } from '../time';
import { isoDate, parseInput, singleLine } from '../validation';

type CoverageRow = Selectable<PatientCoverageVersionTable>;

const MAX_REASON_LENGTH = 500;
const MAX_PUBLIC_EXPENSES = 4;
/** A renewal (更新認定) is valid for up to 48 months since 2021; a first one for less. */
const MAX_CERTIFICATION_MONTHS = 48;
/** The levels that come with a period: 要支援 and 要介護 (not 未申請, 申請中, 非該当). */
const CERTIFIED_LEVELS: readonly CareLevelName[] = [
  'CARE_LEVEL_SUPPORT_1',
  'CARE_LEVEL_SUPPORT_2',
  'CARE_LEVEL_CARE_1',
  'CARE_LEVEL_CARE_2',
  'CARE_LEVEL_CARE_3',
  'CARE_LEVEL_CARE_4',
  'CARE_LEVEL_CARE_5',
];

/**
 * A number as people copy it from a card (insuranceCardDigits: full-width digits, spaces and
 * hyphens are forgiven), and what is left must pass the card's rule.
 */
function cardNumber(name: InsuranceNumberName, optional = false) {
  const problemOf = INSURANCE_NUMBER_RULES[name];
  return z
    .string()
    .default('')
    .transform(insuranceCardDigits)
    .superRefine((digits, ctx) => {
      if (digits === '' && optional) return;
      if (digits === '') {
        ctx.addIssue({ code: 'custom', message: 'REQUIRED' });
        return;
      }
      const problem = problemOf(digits);
      if (problem) ctx.addIssue({ code: 'custom', message: INSURANCE_NUMBER_VIOLATIONS[problem], params: { number: name } });
    });
}

const copay = z
  .number()
  .int()
  .refine((n) => isCopayTenths(n), 'NOT_A_COPAY');

const publicExpense = z.object({
  payerNumber: cardNumber('publicPayer'),
  recipientNumber: cardNumber('publicRecipient', true),
  name: singleLine(40).default(''),
});

const medicalInsurance = z.object({
  insurerNumber: cardNumber('medicalInsurer'),
  symbol: singleLine(20).default(''),
  number: singleLine(20, 1),
  branch: z
    .string()
    .default('')
    .transform((text) => text.normalize('NFKC').trim())
    .refine((text) => /^(\d{2})?$/.test(text), 'INVALID'),
  copayTenths: copay,
  publicExpenses: z.array(publicExpense).max(MAX_PUBLIC_EXPENSES).default([]),
});

const longTermCareInsurance = z.object({
  insurerNumber: cardNumber('careInsurer'),
  insuredNumber: cardNumber('careInsured'),
  copayTenths: copay,
});

const certification = z
  .object({
    careLevel: z.enum(CARE_LEVELS as [CareLevelName, ...CareLevelName[]]),
    validFrom: z.union([z.literal(''), isoDate]).default(''),
    validUntil: z.union([z.literal(''), isoDate]).default(''),
  })
  .superRefine((value, ctx) => {
    const { validFrom, validUntil } = value;
    const certified = CERTIFIED_LEVELS.includes(value.careLevel);
    if (certified && (validFrom === '' || validUntil === '')) {
      ctx.addIssue({ code: 'custom', message: 'CERTIFICATION_NEEDS_PERIOD', path: [validFrom === '' ? 'validFrom' : 'validUntil'] });
      return;
    }
    if (validFrom !== '' && validUntil !== '') {
      const days = daysBetweenTexts(validFrom, validUntil) ?? 0;
      if (days < 0) ctx.addIssue({ code: 'custom', message: 'END_BEFORE_START', path: ['validUntil'] });
      // 48 months from the first day end the day before the same date 4 years on (at most 1461 days).
      else if (days > 1461) {
        ctx.addIssue({ code: 'custom', message: 'CERTIFICATION_PERIOD_TOO_LONG', path: ['validUntil'], params: { months: MAX_CERTIFICATION_MONTHS } });
      }
    }
  });

const specified = <T extends string>(values: Record<T, unknown>) => z.enum(Object.keys(values) as [T, ...T[]]);

/** A part left entirely empty (a screen sends empty fields for "not recorded") is no part. */
function emptyAsAbsent(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return undefined;
  const filled = Object.values(value as Record<string, unknown>).some((v) =>
    Array.isArray(v) ? v.length > 0 : typeof v === 'number' ? v !== 0 : typeof v === 'string' ? v.trim() !== '' && !v.endsWith('_UNSPECIFIED') : v != null,
  );
  return filled ? value : undefined;
}

/** The patient is the scope's: requests name it (rpc/services/coverage-service.ts), this input does not. */
export const recordCoverageInput = z
  .object({
    baseVersion: z.number().int().min(0).default(0),
    medical: z.preprocess(emptyAsAbsent, medicalInsurance.optional()),
    longTermCare: z.preprocess(emptyAsAbsent, longTermCareInsurance.optional()),
    certification: z.preprocess(emptyAsAbsent, certification.optional()),
    disabilityIndependence: specified<DisabilityIndependenceName>(DisabilityIndependence).default('DISABILITY_INDEPENDENCE_UNSPECIFIED'),
    dementiaIndependence: specified<DementiaIndependenceName>(DementiaIndependence).default('DEMENTIA_INDEPENDENCE_UNSPECIFIED'),
    changeReason: z.string().trim().max(MAX_REASON_LENGTH).default(''),
  })
  .refine(
    (c) =>
      c.medical !== undefined ||
      c.longTermCare !== undefined ||
      c.certification !== undefined ||
      c.disabilityIndependence !== 'DISABILITY_INDEPENDENCE_UNSPECIFIED' ||
      c.dementiaIndependence !== 'DEMENTIA_INDEPENDENCE_UNSPECIFIED',
    'COVERAGE_EMPTY',
  );

function superseded(currentVersion: number): RenkeiError {
  return new RenkeiError({ reason: 'COVERAGE_VERSION_SUPERSEDED', metadata: { currentVersion: String(currentVersion) } });
}

function authorRefOf(row: CoverageRow): AuthorRef {
  return { userId: row.author_user_id, profession: row.author_profession, facilityId: row.author_facility_id, deviceId: row.author_device_id };
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function coverageOf(row: CoverageRow, authorOf: (ref: AuthorRef) => RecordAuthor): Coverage {
  return {
    patientId: row.patient_id,
    version: Number(row.version),
    medical: parseJson<Coverage['medical']>(row.medical),
    longTermCare: parseJson<Coverage['longTermCare']>(row.long_term_care),
    certification: row.certification_level
      ? { careLevel: row.certification_level as CareLevelName, validFrom: row.certification_from ?? '', validUntil: row.certification_until ?? '' }
      : null,
    disabilityIndependence: row.disability_independence as DisabilityIndependenceName,
    dementiaIndependence: row.dementia_independence as DementiaIndependenceName,
    changeReason: row.change_reason,
    recordedBy: authorOf(authorRefOf(row)),
    recordedAt: toTimestamp(row.recorded_at),
    superseded: Number(row.is_current) === 0,
  };
}

async function toCoverages(store: Store, rows: readonly CoverageRow[]): Promise<Coverage[]> {
  const authorOf = await loadAuthors(store, rows.map(authorRefOf));
  return rows.map((row) => coverageOf(row, authorOf));
}

async function currentRow(store: Store, patientId: string): Promise<CoverageRow | undefined> {
  return store.db.selectFrom('patient_coverage_versions').selectAll().where('patient_id', '=', patientId).where('is_current', '=', 1).executeTakeFirst();
}

/** Records version base+1 of the patient's insurance and certification. */
export async function recordCoverage(scope: PatientScope, input: z.input<typeof recordCoverageInput>): Promise<Coverage> {
  const { store, now, patientId } = scope;
  const valid = parseInput(recordCoverageInput, input);
  await scope.require('INSURANCE', 'write', { action: 'coverage.record' });
  const author = authorOf(scope);
  const current = await currentRow(store, patientId);
  const currentVersion = Number(current?.version ?? 0);
  if (currentVersion !== valid.baseVersion) throw superseded(currentVersion);

  const row: CoverageRow = {
    id: randomUUID(),
    patient_id: patientId,
    version: currentVersion + 1,
    is_current: 1,
    medical: valid.medical ? JSON.stringify(valid.medical) : null,
    long_term_care: valid.longTermCare ? JSON.stringify(valid.longTermCare) : null,
    certification_level: valid.certification?.careLevel ?? null,
    certification_from: valid.certification?.validFrom || null,
    certification_until: valid.certification?.validUntil || null,
    disability_independence: valid.disabilityIndependence,
    dementia_independence: valid.dementiaIndependence,
    change_reason: valid.changeReason,
    author_user_id: author.userId,
    author_profession: author.profession,
    author_facility_id: author.facilityId,
    author_device_id: author.deviceId,
    recorded_at: now.toISOString(),
  };
  await appendVersion(store, now, {
    table: 'patient_coverage_versions',
    patientId,
    replaces: current ? { id: current.id, version: currentVersion } : undefined,
    row,
    currentVersion: async (db) => (await currentRow(db, patientId))?.version,
    superseded,
    // The certification's care level is the patient's too (the list and the header show it).
    alongside: async (tx) => {
      const patientChange = valid.certification
        ? { care_level: valid.certification.careLevel, updated_at: now.toISOString() }
        : { updated_at: now.toISOString() };
      await tx.db.updateTable('patients').set(patientChange).where('id', '=', patientId).execute();
      await scope.audit({ action: 'coverage.record', outcome: 'ok', detail: { version: row.version } }, tx);
    },
  });
  return (await toCoverages(store, [row]))[0]!;
}

/** Every version of the patient's record, newest first. */
export async function coverageHistory(scope: PatientScope): Promise<CoverageHistory> {
  const { store } = scope;
  await scope.require('INSURANCE', 'read', { action: 'coverage.read' });
  const rows = await store.db
    .selectFrom('patient_coverage_versions')
    .selectAll()
    .where('patient_id', '=', scope.patientId)
    .orderBy('version', 'desc')
    .execute();
  await scope.audit({ action: 'coverage.read', outcome: 'ok', detail: { versions: rows.length } });
  return { versions: await toCoverages(store, rows) };
}

/**
 * The current record of each patient, for the overview and the list: one query for any number of
 * patients. Callers decide who may read them.
 */
export async function loadCurrentCoverages(store: Store, patientIds: readonly string[]): Promise<Map<string, Coverage>> {
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return new Map();
  const rows = await store.db.selectFrom('patient_coverage_versions').selectAll().where('patient_id', 'in', ids).where('is_current', '=', 1).execute();
  const coverages = await toCoverages(store, rows);
  return new Map(coverages.map((c) => [c.patientId!, c]));
}
