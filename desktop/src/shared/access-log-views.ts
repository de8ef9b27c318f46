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
  actorName: string;
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

export interface AccessLogApi {
  /** Online only: refused with the server's reason (ACCESS_LOG_NOT_PERMITTED) for anyone but the attending doctor and the registering office. */
  listPatientAccessLog(query: AccessLogQuery): Promise<AccessLogPage>;
}
