// What every part of one patient's chart shares: the patient, what the user may do, whether the
// chart can be changed right now, and the chart-wide actions (file a document, open the viewer,
// tell the user something happened). Provided by screens/PatientChartScreen.
import type { QueryKey } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { DocumentMediaType, DocumentView, PatientOverviewView, StagedFileView, UserView } from '../../../shared/desktop-api';

export interface UploadRequest {
  /** Preselect this document type (the consent dialog's "upload a consent form"). */
  presetType?: string;
  /** Told about the filed document, e.g. to pick it as the consent form. */
  onFiled?(document: DocumentView): void;
}

export interface ViewerRequest {
  title: string;
  /** What is read (see api/query-keys): the viewer's bytes are not kept once it closes. */
  queryKey: QueryKey;
  load(): Promise<{ bytes: Uint8Array; mediaType: DocumentMediaType; source?: 'server' | 'cache' }>;
}

export interface ChartContextValue {
  patientId: string;
  overview: PatientOverviewView;
  user: UserView;
  /** Null when the chart may be changed; otherwise why not (offline, read from the cache). */
  readOnlyReason: 'offline' | null;
  /** Show record days in 和暦. */
  era: boolean;
  /** Let the user pick files to file for this patient (the keyboard's way to drop). */
  pickFiles(request?: UploadRequest): void;
  /** Offer already staged files (dropped, or from the watched folder) for filing. */
  fileStaged(files: StagedFileView[], request?: UploadRequest): void;
  openViewer(request: ViewerRequest): void;
  /** A short confirmation read out politely ("保存しました"). */
  notify(message: string): void;
}

export const ChartContext = createContext<ChartContextValue | null>(null);

export function useChart(): ChartContextValue {
  const value = useContext(ChartContext);
  if (!value) throw new Error('useChart outside ChartContext');
  return value;
}
