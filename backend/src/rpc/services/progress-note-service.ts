// renkei.v1.ProgressNoteService: the SOAP progress notes of a patient's chart. The dispatcher has
// checked that the caller may see the patient; progress-notes/progress-notes.ts applies the chart
// policy, the author-only rule and the validation (dates against the call's clock), and logs.
import type { ListNotesResponse } from '@renkei/proto/generated/renkei/v1/ListNotesResponse';
import type { NoteHistory } from '@renkei/proto/generated/renkei/v1/NoteHistory';
import type { ProgressNote } from '@renkei/proto/generated/renkei/v1/ProgressNote';
import { z } from 'zod';
import {
  correctNote,
  correctNoteInput,
  listNotes,
  listNotesInput,
  markEnteredInErrorInput,
  markNoteEnteredInError,
  noteAuthorOf,
  noteHistory,
  noteHistoryInput,
  writeNote,
  type NoteReader,
} from '../../progress-notes/progress-notes';
import { uuid } from '../../validation';
import type { CallContext, UnaryMethod } from '../dispatcher';

// WriteNote's observed_at is checked against the call's clock in writeNote(); here its shape.
const text = (max: number) => z.string().max(max, `${max.toLocaleString('ja-JP')}文字以内で入力してください`);
const soap = z.object({ subjective: z.string(), objective: z.string(), assessment: z.string(), plan: z.string() }).nullish();
const writeRequest = z.object({ patientId: uuid, soap, observedAt: text(100), clientRequestId: text(100) });

const authorOf = (context: CallContext) => noteAuthorOf(context.user!, context.device!.id);
const readerOf = (context: CallContext): NoteReader => ({ userId: context.user!.id, deviceId: context.device!.id });

export function progressNoteService(): Record<string, UnaryMethod<any, any>> {
  const WriteNote: UnaryMethod<z.output<typeof writeRequest>, ProgressNote> = {
    request: writeRequest,
    handle: (request, context) => writeNote(context.store, authorOf(context), request, context.now),
  };
  const CorrectNote: UnaryMethod<z.output<typeof correctNoteInput>, ProgressNote> = {
    request: correctNoteInput,
    handle: (request, context) => correctNote(context.store, authorOf(context), request, context.now),
  };
  const MarkNoteEnteredInError: UnaryMethod<z.output<typeof markEnteredInErrorInput>, ProgressNote> = {
    request: markEnteredInErrorInput,
    handle: (request, context) => markNoteEnteredInError(context.store, authorOf(context), request, context.now),
  };
  const ListNotes: UnaryMethod<z.output<typeof listNotesInput>, ListNotesResponse> = {
    request: listNotesInput,
    handle: (request, context) => listNotes(context.store, readerOf(context), request, context.now),
  };
  const GetNoteHistory: UnaryMethod<z.output<typeof noteHistoryInput>, NoteHistory> = {
    request: noteHistoryInput,
    handle: (request, context) => noteHistory(context.store, readerOf(context), request, context.now),
  };
  return { WriteNote, CorrectNote, MarkNoteEnteredInError, ListNotes, GetNoteHistory };
}
