// From the phrase messages (phrases.proto) to the shapes the screens use. Enums travel as names.
import type { Phrase__Output } from '@renkei/proto/generated/renkei/v1/Phrase';
import type { PhraseOwnerName, PhraseTargetName, PhraseView } from '../../shared/phrase-views';
import { isoOf } from '../api/proto-values';

export function phraseView(message: Phrase__Output): PhraseView {
  return {
    phraseId: message.phraseId,
    owner: String(message.owner) as PhraseOwnerName,
    target: String(message.target) as PhraseTargetName,
    title: message.title,
    body: message.body,
    facilityName: message.facilityName,
    callerMayEdit: message.callerMayEdit,
    updatedAt: isoOf(message.updatedAt),
  };
}

/** The live phrases of a list; deleted ones are listed by the server only so a cached copy drops them. */
export function livePhraseViews(messages: readonly Phrase__Output[]): PhraseView[] {
  return messages.filter((m) => !m.deleted).map(phraseView);
}
