// The access log as a person reads it: for one patient (a 開示請求, a check after an incident), one
// user or one device (the regional office), who did what, when, from which office and device, and
// whether it was allowed. The stored events carry ids; this joins them to the names people know
// (the user, their profession and office, the device and where it stands) and says the action in
// words (@renkei/proto's audit-actions). Read by `renkei-admin audit export` as CSV and by the
// chart's アクセス記録; both record that they read it, since reading the log is itself an access.
import { japanClockOf, parseDay } from '@renkei/proto/calendar';
import {
  AUDIT_ON_BEHALF_LABEL,
  PROFESSION_LABELS,
  auditActionText,
  auditActorKind,
  auditActorText,
  auditOutcomeText,
  auditRunOnBehalf,
  type AuditActorKind,
  type ProfessionName,
} from '@renkei/proto';
import type { Store } from '../db/database';
import { fieldViolation, invalidRequest } from '../validation';

/** Whose events: exactly one of patient, user, device; the period is [from, to). */
export interface AccessLogFilter {
  patientId?: string;
  userId?: string;
  deviceId?: string;
  from?: Date;
  to?: Date;
}

export interface AccessLogEntry {
  seq: number;
  at: string;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  /** Family and given name; for events without a user (renkei-admin, a refused peer), its stored label. */
  actorName: string;
  /** Who acted, in kind: a user, the regional office's renkei-admin (shown as 「事務局」), … */
  actorKind: AuditActorKind;
  /**
   * The stored label: who acted, for an event without a user (admin:<account>@<host>); for a user's
   * event the regional office ran in their name (renkei-admin export fhir --for), the operator;
   * '' for a user's own event.
   */
  actorLabel: string;
  actorProfession: ProfessionName | null;
  actorFacilityName: string;
  deviceName: string;
  /** Where the device is installed; it may differ from the user's office (a covering doctor). */
  deviceFacilityName: string;
  patientId: string | null;
  patientName: string;
  /** Why a refusal or failure happened, as the stored reason code. */
  reason: string;
  /** The stored detail (ids of the records acted on, counts), JSON. */
  detail: string;
}

/** YYYY-MM-DD days in Japan time, both included, as the period [from, to) of instants. */
export interface DayPeriod {
  from?: Date;
  to?: Date;
}

/**
 * Reads `--from` / `--to` (or the screen's period) as days in Japan, the last day included.
 * A day that is not a real YYYY-MM-DD date, or an end before the start, is refused naming the field.
 */
export function periodOfDays(fromText: string | undefined, toText: string | undefined, fields = { from: 'from', to: 'to' }): DayPeriod {
  const from = fromText ? parseDay(fromText.trim()) : undefined;
  const to = toText ? parseDay(toText.trim()) : undefined;
  const violations = [
    ...(fromText && !from ? [fieldViolation(fields.from, 'NOT_A_DAY')] : []),
    ...(toText && !to ? [fieldViolation(fields.to, 'NOT_A_DAY')] : []),
  ];
  if (violations.length > 0) throw invalidRequest(violations);
  if (from && to && to.compare(from) < 0) throw invalidRequest([fieldViolation(fields.to, 'END_BEFORE_START')]);
  return {
    ...(from && { from: from.toDate('Asia/Tokyo') }),
    ...(to && { to: to.add({ days: 1 }).toDate('Asia/Tokyo') }),
  };
}

/**
 * Events matching the filter, newest first (people read a log from what happened last), recorded
 * before `beforeSeq` when given, at most `limit`.
 */
export async function readAccessLog(store: Store, filter: AccessLogFilter, page: { beforeSeq?: number; limit: number }): Promise<AccessLogEntry[]> {
  let query = store.db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('facilities as uf', 'uf.id', 'u.facility_id')
    .leftJoin('devices as d', 'd.id', 'e.actor_device_id')
    .leftJoin('facilities as df', 'df.id', 'd.facility_id')
    .leftJoin('patients as p', 'p.id', 'e.patient_id')
    .select([
      'e.seq',
      'e.at',
      'e.action',
      'e.outcome',
      'e.actor_label',
      'e.patient_id',
      'e.detail',
      'u.family_name',
      'u.given_name',
      'u.profession',
      'uf.name as user_facility',
      'd.name as device_name',
      'df.name as device_facility',
      'p.family_name as patient_family_name',
      'p.given_name as patient_given_name',
    ])
    .orderBy('e.seq', 'desc')
    .limit(page.limit);
  if (page.beforeSeq !== undefined) query = query.where('e.seq', '<', page.beforeSeq);
  if (filter.patientId) query = query.where('e.patient_id', '=', filter.patientId);
  if (filter.userId) query = query.where('e.actor_user_id', '=', filter.userId);
  if (filter.deviceId) query = query.where('e.actor_device_id', '=', filter.deviceId);
  if (filter.from) query = query.where('e.at', '>=', filter.from.toISOString());
  if (filter.to) query = query.where('e.at', '<', filter.to.toISOString());
  const rows = await query.execute();
  return rows.map((row) => {
    const detail = parseDetail(row.detail);
    return {
      seq: Number(row.seq),
      at: row.at,
      action: row.action,
      outcome: row.outcome,
      actorName: row.family_name ? `${row.family_name} ${row.given_name ?? ''}`.trim() : row.actor_label,
      actorKind: auditActorKind(row.family_name !== null, row.actor_label),
      actorLabel: row.actor_label,
      actorProfession: (row.profession as ProfessionName | null) ?? null,
      actorFacilityName: row.user_facility ?? '',
      deviceName: row.device_name ?? '',
      deviceFacilityName: row.device_facility ?? '',
      patientId: row.patient_id,
      patientName: row.patient_family_name ? `${row.patient_family_name} ${row.patient_given_name ?? ''}`.trim() : '',
      reason: typeof detail.reason === 'string' ? detail.reason : '',
      detail: row.detail,
    };
  });
}

/** Every event matching the filter, newest first, read a thousand at a time. */
export async function readWholeAccessLog(store: Store, filter: AccessLogFilter): Promise<AccessLogEntry[]> {
  const entries: AccessLogEntry[] = [];
  for (;;) {
    const last = entries.at(-1);
    const page = await readAccessLog(store, filter, { ...(last && { beforeSeq: last.seq }), limit: 1000 });
    entries.push(...page);
    if (page.length < 1000) return entries;
  }
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026/12/07 13:05:09" in Japan time: what Excel in Japan reads as a date and time. */
export function japanCsvTime(iso: string): string {
  const c = japanClockOf(new Date(iso));
  return `${c.year}/${pad(c.month)}/${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
}

export const ACCESS_LOG_CSV_COLUMNS = [
  '日時（日本時間）',
  '操作者',
  '操作者の区分',
  '職種',
  '所属事業所',
  '端末',
  '端末の設置事業所',
  '操作',
  '結果',
  '患者',
  '患者ID',
  '理由',
  '詳細',
  '記録番号',
] as const;

/**
 * The entries as CSV for Excel in Japan, in the order given (newest first as read): UTF-8 with a BOM (without it Excel reads Shift_JIS and
 * shows mojibake), CRLF line ends, every cell quoted. A name someone typed that starts like a formula
 * (=, +, -, @) is prefixed with ' so Excel shows it rather than evaluating it.
 */
export function accessLogCsv(entries: readonly AccessLogEntry[]): string {
  const lines = [
    ACCESS_LOG_CSV_COLUMNS.map(csvCell).join(','),
    ...entries.map((e) =>
      [
        japanCsvTime(e.at),
        e.actorName,
        actorKindCell(e),
        e.actorProfession ? PROFESSION_LABELS[e.actorProfession].ja : '',
        e.actorFacilityName,
        e.deviceName,
        e.deviceFacilityName,
        auditActionText(e.action, 'ja'),
        auditOutcomeText(e.outcome, 'ja'),
        e.patientName,
        e.patientId ?? '',
        e.reason,
        e.detail === '{}' ? '' : e.detail,
        String(e.seq),
      ]
        .map(csvCell)
        .join(','),
    ),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The CSV's 区分: 利用者, 事務局, …; a user's event the office ran in their name says so, with the operator. */
function actorKindCell(e: AccessLogEntry): string {
  if (auditRunOnBehalf(e.actorKind, e.actorLabel)) return `利用者（${AUDIT_ON_BEHALF_LABEL.ja}: ${e.actorLabel}）`;
  return e.actorKind === 'user' ? '利用者' : auditActorText(e.actorKind, e.actorName, 'ja');
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}
