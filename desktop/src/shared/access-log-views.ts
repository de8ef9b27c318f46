// A patient's access log (audit_log.proto) in the shapes the chart's アクセス記録 uses: who viewed or
// changed what, when, from which office and device. The server decides who may read it (the
// attending doctor, the registering office) and records every read; the log is read page by page
// from the server and never kept on this PC. Pure types: every layer may import it.
export interface AccessLogEntryView {
  seq: number;
  /** ISO instant. */
  at: string;
  /** The stored action code (note.write, …); the screen says it in words (@renkei/proto audit-actions). */
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  /** The user's name; for an event without a user, the stored label (admin:<account>@<host>). */
  actorName: string;
  /** user, regional-office (said 「事務局」), refused-peer, enrollment, other (@renkei/proto audit-actions). */
  actorKind: string;
  /**
   * The stored label of an event without a user, shown as the detail of 「事務局」; for a user's event
   * the regional office ran in their name, the operator (shown as 「事務局が代理で実行」); else ''.
   */
  actorLabel: string;
  /** A PROFESSION_* name; null for events without a user. */
  actorProfession: string | null;
  actorFacilityName: string;
  deviceName: string;
  deviceFacilityName: string;
  /** Why a refusal or failure happened (an error reason), '' otherwise. */
  reason: string;
}

export interface AccessLogQuery {
  patientId: string;
  /** YYYY-MM-DD in Japan time, included; '' for no bound. */
  fromDay: string;
  toDay: string;
  /** '' for the first page. */
  pageToken: string;
}

export interface AccessLogPage {
  entries: AccessLogEntryView[];
  /** '' on the last page. */
  nextPageToken: string;
}

/** The period to save as CSV: the one the screen shows. */
export type AccessLogExportQuery = Omit<AccessLogQuery, 'pageToken'>;

export interface AccessLogCsvSaved {
  /** false: the user cancelled the save dialog. */
  saved: boolean;
  /** The file's name as saved (or as suggested, when cancelled). */
  fileName: string;
  rows: number;
}

export interface AccessLogApi {
  /** Online only: refused with the server's reason (ACCESS_LOG_NOT_PERMITTED) for anyone but the attending doctor and the registering office. */
  listPatientAccessLog(query: AccessLogQuery): Promise<AccessLogPage>;
  /**
   * The log of the period as CSV (UTF-8 with BOM, the columns of renkei-admin audit export), saved
   * where the user chooses in the save dialog. The same people as above; the server records the export.
   */
  saveAccessLogCsv(query: AccessLogExportQuery): Promise<AccessLogCsvSaved>;
}
