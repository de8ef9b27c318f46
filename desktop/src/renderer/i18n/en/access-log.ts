// The chart's access log: who viewed or changed this patient's record.
import type { accessLog as ja } from '../ja/access-log';

export const accessLog = {
  accessLogOpen: 'Access log',
  accessLogTitle: 'Access log — {patient}',
  accessLogIntro:
    "Who viewed or changed this patient's record, when, and from which office's device (Japan time). Only the attending doctor and the staff of the office that registered the patient can see it, and viewing it is itself recorded.",
  accessLogFrom: 'From',
  accessLogTo: 'To',
  accessLogShow: 'Show',
  accessLogMore: 'Show more',
  accessLogCount: 'Showing {count, number} {count, plural, one {event} other {events}}',
  accessLogCountMore: 'Showing {count, number} {count, plural, one {event} other {events}} (there are more)',
  accessLogEmpty: 'Nothing was recorded in this period.',
  accessLogOffline: 'The access log can only be shown while connected to the server. Open it again once the connection is back.',
  accessLogColumnTime: 'Time',
  accessLogColumnActor: 'By',
  accessLogColumnProfession: 'Profession',
  accessLogColumnFacility: 'Office',
  accessLogColumnDevice: 'Device',
  accessLogColumnAction: 'Action',
  accessLogColumnOutcome: 'Outcome',
  accessLogDeviceElsewhere: '{device} ({facility})',
  accessLogTableLabel: 'Access log entries',
  accessLogNewestFirst: 'Newest first',
  accessLogSaveCsv: 'Save as CSV',
  accessLogSaved: 'Saved {count, number} {count, plural, one {event} other {events}} to "{fileName}".',
  accessLogSaveHint: 'Saves every event of the period shown (opens in Excel). Saving is recorded too.',
  accessLogActorDetail: 'Recorded as: {label}',
} satisfies Record<keyof typeof ja, string>;
