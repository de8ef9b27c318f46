// Sentences put side by side in one hint. Form definitions write their hints as phrases, without
// the closing 「。」 (通常6か月以内、…7日以内); a sentence added after one must not run on from it.
// Japanese sentences follow each other with no space; English ones with one.
import type { Locale } from '../../shared/desktop-api';

const SENTENCE_END = /[。．！？!?.]$/u;

export function joinSentences(parts: readonly (string | undefined)[], locale: Locale): string {
  const present = parts.map((part) => (part ?? '').trim()).filter((part) => part !== '');
  const ended = present.map((part, index) => (index < present.length - 1 && !SENTENCE_END.test(part) ? `${part}${locale === 'ja' ? '。' : '.'}` : part));
  return ended.join(locale === 'ja' ? '' : ' ');
}
