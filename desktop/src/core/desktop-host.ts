// What the hosts of the core (Electron main, the development bridge, the demo's clinic host) may
// call besides the DesktopApi: operations whose arguments a screen must not supply directly.
// A file path comes from the preload's resolution of a dropped File (checked in main), never from
// a page; a folder from the native dialog; bytes from the bridge's upload endpoint.
import type { AccessLogCsvSaved, AccessLogExportQuery } from '../shared/access-log-views';
import type { FhirExportQuery, FhirExportSaved } from '../shared/fhir-export-views';
import type { DesktopApi, StagedFileView, WatchedFolderView } from '../shared/desktop-api';

/** The native save dialog (or the bridge's stand-in): an absolute path, or null when cancelled. */
export type ChooseSavePath = (suggestedName: string) => Promise<string | null>;

export interface DesktopHost extends DesktopApi {
  /** Offers the file at an absolute path for filing (a file dropped onto the app's window). */
  stageFile(path: string): Promise<StagedFileView>;
  /** Offers bytes for filing, written into the private staging directory (the development bridge). */
  stageBytes(fileName: string, body: AsyncIterable<Uint8Array>): Promise<StagedFileView>;
  /** Sets (or with null, clears) this PC's watched folder; refused when it is not a usable folder. */
  setWatchedFolder(path: string | null): Promise<WatchedFolderView>;
  /** saveAccessLogCsv with the path from the host's save dialog. */
  saveAccessLogCsvTo(query: AccessLogExportQuery, choosePath: ChooseSavePath): Promise<AccessLogCsvSaved>;
  /** saveFhirExport with the path from the host's save dialog. */
  saveFhirExportTo(query: FhirExportQuery, choosePath: ChooseSavePath): Promise<FhirExportSaved>;
}
