// renkei.v1.PhraseService: 定型文, the caller's own and their office's (phrases/phrases.ts decides
// who may change which).
import type { ListPhrasesResponse } from '@renkei/proto/generated/renkei/v1/ListPhrasesResponse';
import type { Phrase } from '@renkei/proto/generated/renkei/v1/Phrase';
import { z } from 'zod';
import { createPhrase, deletePhrase, listPhrases, PHRASE_OWNERS, PHRASE_TARGETS, updatePhrase } from '../../phrases/phrases';
import { singleLine, uuid } from '../../validation';
import type { UnaryMethod } from '../dispatcher';

const target = z.enum(PHRASE_TARGETS, 'NOT_A_CHOICE');
const title = singleLine(40, 1);
// Inserted into SOAP text and form fields: line breaks allowed; blank is refused.
const body = z
  .string()
  .max(2000)
  .refine((value) => value.trim() !== '', 'PHRASE_EMPTY');

const createRequest = z.object({ owner: z.enum(PHRASE_OWNERS, 'NOT_A_CHOICE'), target, title, body });
const updateRequest = z.object({ phraseId: uuid, target, title, body });
const deleteRequest = z.object({ phraseId: uuid });

export function phraseService(): Record<string, UnaryMethod<any, any, 'user'>> {
  const ListPhrases: UnaryMethod<unknown, ListPhrasesResponse, 'user'> = {
    access: 'user',
    handle: async (_request, scope) => ({ phrases: await listPhrases(scope) }),
  };
  const CreatePhrase: UnaryMethod<z.output<typeof createRequest>, Phrase, 'user'> = {
    access: 'user',
    request: createRequest,
    handle: (request, scope) => createPhrase(scope, request),
  };
  const UpdatePhrase: UnaryMethod<z.output<typeof updateRequest>, Phrase, 'user'> = {
    access: 'user',
    request: updateRequest,
    handle: (request, scope) => updatePhrase(scope, request),
  };
  const DeletePhrase: UnaryMethod<z.output<typeof deleteRequest>, Phrase, 'user'> = {
    access: 'user',
    request: deleteRequest,
    handle: (request, scope) => deletePhrase(scope, request.phraseId),
  };
  return { ListPhrases, CreatePhrase, UpdatePhrase, DeletePhrase };
}
