// What every SS-MIX2 message must get right whatever its data type: the MSH header, the message
// type the data type calls for, the patient the file is filed under, and the 診療日 of its folder.
// A file failing any of these is refused: its content cannot be trusted to belong where it lies.

import { SS_MIX2_DATA_TYPES } from './data-types';
import { requiredDateTime, requiredSegment, requiredText, optionalText } from './field-readers';
import { japanDay } from './hl7-datetime';
import { component, repetitions, segmentsOf, value, type Hl7Message } from './hl7-message';
import { type MessageSource } from './message-source';
import { refuse } from './refusal';
import { type StorageFile } from './storage-file';

export function checkEnvelope(file: StorageFile, message: Hl7Message): MessageSource {
  const msh = message.segments[0]!;
  const messageTime = requiredDateTime(msh, 7, { ja: '電文の作成日時', en: 'date/time of message' });
  requiredText(msh, 9, { ja: 'メッセージ型', en: 'message type' });
  const messageControlId = requiredText(msh, 10, { ja: 'メッセージ制御ID', en: 'message control ID' });
  requiredText(msh, 12, { ja: 'バージョン', en: 'version ID' });
  const messageType = `${value(msh, 9, 1)}^${value(msh, 9, 2)}`;
  const dataType = SS_MIX2_DATA_TYPES.get(file.dataType)!;
  if (!dataType.messages.has(messageType)) throw refuse.wrongMessageType(file.dataType, [...dataType.messages.keys()], messageType);

  const pid = requiredSegment(message, 'PID');
  requiredText(pid, 3, { ja: '患者ID', en: 'patient identifier list' });
  const ids = repetitions(pid, 3).map((id) => component(id, 1));
  if (!ids.includes(file.patientId)) throw refuse.patientMismatch(ids.join('~'), file.patientId);

  const careDateField = dataType.messages.get(messageType);
  if (careDateField && file.careDate) {
    const segment = segmentsOf(message, careDateField.segment)[0];
    const raw = segment ? value(segment, careDateField.field) : '';
    if (raw !== '') {
      const at = requiredDateTime(segment!, careDateField.field, { ja: '診療日', en: 'care date' });
      if (japanDay(at) !== file.careDate) throw refuse.careDateMismatch(`${careDateField.segment}-${careDateField.field}`, raw, file.careDate);
    }
  }

  return {
    path: file.path,
    dataType: file.dataType,
    orderNumber: file.orderNumber,
    createdAt: file.createdAt,
    messageControlId,
    messageTime,
    messageType,
    sendingFacility: optionalText(msh, 4),
  };
}
