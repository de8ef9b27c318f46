// Where an imported fact came from. Every fact carries it, so a clinician can always see which
// hospital message said so, and so a re-import can recognise a message it already has.

import { type JapanTime } from './hl7-datetime';

export interface MessageSource {
  /** The file, relative to the storage root. The hospital (facility) is the importer's to add. */
  path: string;
  dataType: string;
  orderNumber: string;
  /** 発生日時 from the file name: orders the versions of one order. */
  createdAt: JapanTime;
  /** MSH-10. */
  messageControlId: string;
  /** MSH-7. */
  messageTime: JapanTime;
  /** MSH-9, e.g. "ADT^A08". */
  messageType: string;
  /** MSH-4. */
  sendingFacility: string | null;
}
