// The upload dialog's rules, checked before anything is sent: the server checks again (and the
// file's content, which only it can), but a missing title or an instruction longer than its kind
// allows is said at once, next to the field.
import { INSTRUCTION_PERIOD_LIMITS, isTemplateDate, latestInstructionEnd, type InstructionKind } from '@renkei/proto/template-forms';
import type { UploadDocumentInput } from '../../../shared/desktop-api';
import { INSTRUCTION_DOCUMENT_TYPE } from '../shared/record-access';

export interface UploadDraft {
  documentType: string;
  title: string;
  issuedOn: string;
  issuer: string;
  validFrom: string;
  validUntil: string;
  /** Only to check the period: the kind of instruction sets its longest validity. Not sent. */
  instructionKind: InstructionKind;
  note: string;
  asNewVersion: boolean;
  replacesDocumentId: string;
}

export const MAX_TITLE_LENGTH = 200;

export type UploadProblem =
  | { field: 'documentType'; code: 'required' }
  | { field: 'title'; code: 'required' | 'too-long' }
  | { field: 'issuedOn'; code: 'invalid-date' }
  | { field: 'validFrom'; code: 'required' | 'invalid-date' }
  | { field: 'validUntil'; code: 'required' | 'invalid-date' | 'before-start' }
  | { field: 'validUntil'; code: 'too-long'; kind: InstructionKind; latest: string }
  | { field: 'replacesDocumentId'; code: 'required' };

/** "訪問看護指示書_山田様.pdf" → "訪問看護指示書_山田様"; a name that is only an extension stays. */
export function titleFromFileName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

export function isInstruction(documentType: string): boolean {
  return documentType === INSTRUCTION_DOCUMENT_TYPE;
}

export function uploadProblems(draft: UploadDraft): UploadProblem[] {
  const out: UploadProblem[] = [];
  if (draft.documentType === '') out.push({ field: 'documentType', code: 'required' });
  const title = draft.title.trim();
  if (title === '') out.push({ field: 'title', code: 'required' });
  else if ([...title].length > MAX_TITLE_LENGTH) out.push({ field: 'title', code: 'too-long' });
  if (draft.issuedOn !== '' && !isTemplateDate(draft.issuedOn)) out.push({ field: 'issuedOn', code: 'invalid-date' });
  if (isInstruction(draft.documentType)) {
    // The expiry alert the whole team relies on comes from this period, so it is required here.
    const fromOk = isTemplateDate(draft.validFrom);
    const untilOk = isTemplateDate(draft.validUntil);
    if (draft.validFrom === '') out.push({ field: 'validFrom', code: 'required' });
    else if (!fromOk) out.push({ field: 'validFrom', code: 'invalid-date' });
    if (draft.validUntil === '') out.push({ field: 'validUntil', code: 'required' });
    else if (!untilOk) out.push({ field: 'validUntil', code: 'invalid-date' });
    if (fromOk && untilOk) {
      const latest = latestInstructionEnd(draft.instructionKind, draft.validFrom);
      if (draft.validUntil < draft.validFrom) out.push({ field: 'validUntil', code: 'before-start' });
      else if (latest !== undefined && draft.validUntil > latest) {
        out.push({ field: 'validUntil', code: 'too-long', kind: draft.instructionKind, latest });
      }
    }
  }
  if (draft.asNewVersion && draft.replacesDocumentId === '') out.push({ field: 'replacesDocumentId', code: 'required' });
  return out;
}

export function toUploadInput(patientId: string, stagedFileId: string, draft: UploadDraft): UploadDocumentInput {
  const instruction = isInstruction(draft.documentType);
  return {
    patientId,
    stagedFileId,
    documentType: draft.documentType,
    title: draft.title.trim(),
    issuedOn: draft.issuedOn,
    issuer: draft.issuer.trim(),
    validFrom: instruction ? draft.validFrom : '',
    validUntil: instruction ? draft.validUntil : '',
    note: draft.note.trim(),
    replacesDocumentId: draft.asNewVersion ? draft.replacesDocumentId : '',
  };
}

/** Whole percent sent, never 100 before the last byte. */
export function uploadPercent(sentBytes: number, totalBytes: number): number {
  if (totalBytes <= 0) return 0;
  if (sentBytes >= totalBytes) return 100;
  return Math.min(99, Math.floor((sentBytes / totalBytes) * 100));
}

/** "820 KB", "1.4 MB": file sizes as people read them (1 KB = 1024 bytes, as Windows shows). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

export const INSTRUCTION_KINDS = Object.keys(INSTRUCTION_PERIOD_LIMITS) as InstructionKind[];
