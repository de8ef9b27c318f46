// renkei.v1.ProgressNoteService: the SOAP progress notes of a patient's chart. The dispatcher has
// opened the caller's scope on the patient; progress-notes/progress-notes.ts asks it for the chart
// policy, applies the author-only rule and the validation (dates against the call's clock), and logs.
import type { ListNotesResponse } from '@renkei/proto/generated/renkei/v1/ListNotesResponse';
import type { NoteHistory } from '@renkei/proto/generated/renkei/v1/NoteHistory';
import type { ProgressNote } from '@renkei/proto/generated/renkei/v1/ProgressNote';
import { z } from 'zod';
import {
  correctNote,
  correctNoteFields,
  listNotes,
  listNotesInput,
  markEnteredInErrorInput,
  markNoteEnteredInError,
  noteHistory,
  noteHistoryInput,
  writeNote,
} from '../../progress-notes/progress-notes';
import { uuid } from '../../validation';
import type { UnaryMethod } from '../dispatcher';

// WriteNote's and CorrectNote's observed_at are checked against the call's clock in the domain; here their shape.
const text = (max: number) => z.string().max(max);
const soap = z.object({ subjective: z.string(), objective: z.string(), assessment: z.string(), plan: z.string() }).nullish();
const writeRequest = z.object({ patientId: uuid, soap, observedAt: text(100), clientRequestId: text(100) });
// The domain's inputs are about the scope's patient; a request names it first.
const correctRequest = z.object({ patientId: uuid, ...correctNoteFields, observedAt: text(100).default('') });
const markRequest = z.object({ patientId: uuid, ...markEnteredInErrorInput.shape });
const listRequest = z.object({ patientId: uuid, ...listNotesInput.shape });
const historyRequest = z.object({ patientId: uuid, ...noteHistoryInput.shape });

export function progressNoteService(): Record<string, UnaryMethod<any, any, 'care-team'>> {
  const WriteNote: UnaryMethod<z.output<typeof writeRequest>, ProgressNote, 'care-team'> = {
    access: 'care-team',
    request: writeRequest,
    handle: (request, scope) => writeNote(scope, request),
  };
  const CorrectNote: UnaryMethod<z.output<typeof correctRequest>, ProgressNote, 'care-team'> = {
    access: 'care-team',
    request: correctRequest,
    handle: (request, scope) => correctNote(scope, request),
  };
  const MarkNoteEnteredInError: UnaryMethod<z.output<typeof markRequest>, ProgressNote, 'care-team'> = {
    access: 'care-team',
    request: markRequest,
    handle: (request, scope) => markNoteEnteredInError(scope, request),
  };
  const ListNotes: UnaryMethod<z.output<typeof listRequest>, ListNotesResponse, 'care-team'> = {
    access: 'care-team',
    request: listRequest,
    handle: (request, scope) => listNotes(scope, request),
  };
  const GetNoteHistory: UnaryMethod<z.output<typeof historyRequest>, NoteHistory, 'care-team'> = {
    access: 'care-team',
    request: historyRequest,
    handle: (request, scope) => noteHistory(scope, request),
  };
  return { WriteNote, CorrectNote, MarkNoteEnteredInError, ListNotes, GetNoteHistory };
}
