// Progress notes as text for a form field (経過記録から書類へ貼り付け): the pilot's documents were
// composed by copying from the notes. Each note becomes a heading line and its SOAP parts:
//
//   2026/11/20 訪問 黒木医師
//   S: 息苦しさは昨日より楽
//   O: SpO2 95%（室内気）
//
// The text is always Japanese, whatever language the screen shows: it becomes part of a Japanese
// clinical document (指示書, 報告書) that the whole team reads and prints.
import { PROFESSION_LABELS } from '@renkei/proto/labels';
import type { ProgressNoteView, SoapText } from '../../../shared/desktop-api';
import { calendarDateOf } from '../../format/calendar-date';

const SOAP_PARTS: readonly (readonly [keyof SoapText, string])[] = [
  ['subjective', 'S'],
  ['objective', 'O'],
  ['assessment', 'A'],
  ['plan', 'P'],
];

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026/11/20 訪問 黒木医師": the day in Japan, and the author as colleagues name them. */
export function noteHeading(note: ProgressNoteView): string {
  const instant = new Date(note.observedAt);
  const day = Number.isNaN(instant.getTime()) ? note.observedAt : formatSlashedDay(calendarDateOf(instant));
  const profession =
    Object.hasOwn(PROFESSION_LABELS, note.author.profession) && note.author.profession !== 'PROFESSION_UNSPECIFIED'
      ? PROFESSION_LABELS[note.author.profession as keyof typeof PROFESSION_LABELS].ja
      : '';
  return `${day} 訪問 ${note.author.name.family}${profession}`;
}

function formatSlashedDay(date: { year: number; month: number; day: number }): string {
  return `${date.year}/${pad(date.month)}/${pad(date.day)}`;
}

/** One note: its heading, then each SOAP part that has text. */
export function noteAsText(note: ProgressNoteView): string {
  const lines = [noteHeading(note)];
  for (const [key, letter] of SOAP_PARTS) {
    const text = note.soap[key].trim();
    if (text !== '') lines.push(`${letter}: ${text}`);
  }
  return lines.join('\n');
}

/**
 * Several notes, oldest first (a report reads in time order, whatever order they were ticked
 * in), a blank line between them. Notes entered in error are never pasted.
 */
export function notesAsText(notes: readonly ProgressNoteView[]): string {
  return [...notes]
    .filter((note) => note.status === 'current')
    .sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt))
    .map((note) => noteAsText(note))
    .join('\n\n');
}
