// Opening a document for the viewer. Online, the server is asked first for the document's
// versions: that is where access is checked (and logged) and where "the current version" is
// resolved; a version already in this PC's cache with the same SHA-256 is then read from there
// instead of being downloaded again. Offline, the cache is all there is.
import type { OpenedDocument } from '../../shared/desktop-api';
import { DesktopApiError } from '../../shared/desktop-api-error';
import { ApiError } from '../api/api-error';
import type { ChartApi } from '../api/chart-api';
import type { StoredOverview } from '../cache/overview-mapping';
import { documentView } from '../chart/chart-views';
import { LOCAL_ERRORS } from '../user-messages';
import type { DocumentCache } from './document-cache';

// Refusals that mean this user may no longer have the document on this PC either.
const NO_LONGER_READABLE = new Set(['RECORD_NOT_FOUND', 'RECORD_NOT_VISIBLE_TO_ROLE', 'PATIENT_NOT_ON_CARE_TEAM', 'CONSENT_REQUIRED']);

export async function openDocumentOnline(
  api: ChartApi,
  cache: DocumentCache | undefined,
  patientId: string,
  documentId: string,
  version: number,
): Promise<OpenedDocument> {
  let versions;
  try {
    versions = await api.getDocumentHistory(patientId, documentId);
  } catch (error) {
    if (error instanceof ApiError && error.reason && NO_LONGER_READABLE.has(error.reason)) await cache?.purgeDocument(documentId);
    throw error;
  }
  const wanted = version > 0 ? versions.find((v) => v.version === version) : (versions.find((v) => !v.superseded) ?? versions.at(-1));
  if (wanted) {
    const cached = await cache?.get(documentId, wanted.version, wanted.sha256);
    if (cached && cached.patientId === patientId) return { document: documentView(wanted), bytes: cached.bytes, source: 'cache' };
  }
  const { info, bytes } = await api.downloadDocument({ patientId, documentId, version: wanted?.version ?? version });
  const document = documentView(info);
  await cache?.put(patientId, document, bytes);
  return { document, bytes, source: 'server' };
}

export async function openDocumentOffline(
  cache: DocumentCache | undefined,
  overview: StoredOverview | undefined,
  patientId: string,
  documentId: string,
  version: number,
): Promise<OpenedDocument> {
  // "The current version", as far as this PC knows: the one on the cached overview.
  const resolved = version > 0 ? version : (overview?.chart.documents.find((d) => d.documentId === documentId)?.version ?? 0);
  const cached = await cache?.get(documentId, resolved);
  if (!cached || cached.patientId !== patientId) throw new DesktopApiError(LOCAL_ERRORS.documentNotCached);
  return { document: cached.document, bytes: cached.bytes, source: 'cache' };
}
