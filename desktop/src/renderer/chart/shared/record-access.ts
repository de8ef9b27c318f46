// What the logged-in user may do on this patient's chart, as the server said in `chart.myAccess`
// (the chart policy applied to their care-team roles). The screens only offer what is allowed;
// the server enforces it regardless.
import { DOCUMENT_TYPES } from '@renkei/proto/labels';
import { TEMPLATE_KINDS, type TemplateKind } from '@renkei/proto/template-forms';
import type { RecordAccessView } from '../../../shared/desktop-api';

export const PROGRESS_NOTES = 'PROGRESS_NOTES';
export const INSTRUCTION_DOCUMENT_TYPE = 'DOCUMENT_TYPE_VISITING_NURSING_INSTRUCTION';
export const CONSENT_FORM_DOCUMENT_TYPE = 'DOCUMENT_TYPE_CONSENT_FORM';

const DOCUMENT_TYPE_PREFIX = 'DOCUMENT_TYPE_';

export function canRead(access: readonly RecordAccessView[], recordKind: string): boolean {
  return access.some((a) => a.recordKind === recordKind && a.canRead);
}

export function canWrite(access: readonly RecordAccessView[], recordKind: string): boolean {
  return access.some((a) => a.recordKind === recordKind && a.canWrite);
}

/** Whether the role keeps some documents from the user (types it may not read): an empty list is then not "none". */
export function hidesDocuments(access: readonly RecordAccessView[]): boolean {
  return DOCUMENT_TYPES.some((type) => !canRead(access, type));
}

/** Whether the role keeps some shared forms from the user (kinds it may not read). */
export function hidesForms(access: readonly RecordAccessView[]): boolean {
  return TEMPLATE_KINDS.some((kind) => !canRead(access, documentTypeOfKind(kind)));
}

/** Document types the user may file, in the contract's order (the order of the paper world). */
export function writableDocumentTypes(access: readonly RecordAccessView[]): string[] {
  return DOCUMENT_TYPES.filter((type) => canWrite(access, type));
}

/** The form definition of a document type, if it has one (template kinds lack the prefix). */
export function templateKindOf(documentType: string): TemplateKind | null {
  if (!documentType.startsWith(DOCUMENT_TYPE_PREFIX)) return null;
  const kind = documentType.slice(DOCUMENT_TYPE_PREFIX.length);
  return (TEMPLATE_KINDS as readonly string[]).includes(kind) ? (kind as TemplateKind) : null;
}

export function documentTypeOfKind(kind: TemplateKind): string {
  return `${DOCUMENT_TYPE_PREFIX}${kind}`;
}

/** Shared forms the user may start: kinds with a form definition that their role may write. */
export function writableTemplateKinds(access: readonly RecordAccessView[]): TemplateKind[] {
  return TEMPLATE_KINDS.filter((kind) => canWrite(access, documentTypeOfKind(kind)));
}
