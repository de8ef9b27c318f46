// What the viewer dialog is asked to show: a filed document (from the cache when there, e.g.
// offline) or a shared form rendered as PDF by the server.
import type { DesktopApi } from '../../../shared/desktop-api';
import type { ViewerRequest } from './chart-context';

export function documentViewerRequest(api: DesktopApi, patientId: string, documentId: string, version: number, title: string): ViewerRequest {
  return {
    title,
    load: async () => {
      const opened = await api.openDocument(patientId, documentId, version);
      return { bytes: opened.bytes, mediaType: opened.document.mediaType, source: opened.source };
    },
  };
}

export function formPdfViewerRequest(api: DesktopApi, patientId: string, formId: string, version: number, title: string): ViewerRequest {
  return {
    title,
    load: async () => {
      const rendered = await api.renderFormPdf(patientId, formId, version);
      return { bytes: rendered.bytes, mediaType: 'application/pdf', source: 'server' };
    },
  };
}
