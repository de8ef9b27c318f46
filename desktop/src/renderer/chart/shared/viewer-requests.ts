// What the viewer dialog is asked to show: a filed document (from the cache when there, e.g.
// offline) or a shared form rendered as PDF by the server.
import type { DesktopApi } from '../../../shared/desktop-api';
import { queryKeys } from '../../api/query-keys';
import type { ViewerRequest } from './chart-context';

export function documentViewerRequest(api: DesktopApi, patientId: string, documentId: string, version: number, title: string): ViewerRequest {
  return {
    title,
    queryKey: queryKeys.documentContent(patientId, documentId, version),
    load: async () => {
      const opened = await api.openDocument(patientId, documentId, version);
      return { bytes: opened.bytes, mediaType: opened.document.mediaType, source: opened.source };
    },
  };
}

export function formPdfViewerRequest(api: DesktopApi, patientId: string, formId: string, version: number, title: string): ViewerRequest {
  return {
    title,
    queryKey: queryKeys.formPdf(patientId, formId, version),
    load: async () => {
      const rendered = await api.renderFormPdf(patientId, formId, version);
      return { bytes: rendered.bytes, mediaType: 'application/pdf', source: 'server' };
    },
  };
}
