// The DesktopApi the screens call, chosen once at startup (see api/desktop-api-source), together
// with the one thing a page can do that the API cannot carry: hand a dropped file to the core.
import { createContext, useContext } from 'react';
import type { DesktopApi, DroppedFileStaging } from '../../shared/desktop-api';

export type RendererApi = DesktopApi & DroppedFileStaging;

export const DesktopApiContext = createContext<RendererApi | null>(null);

export function useDesktopApi(): RendererApi {
  const api = useContext(DesktopApiContext);
  if (!api) throw new Error('useDesktopApi outside DesktopApiContext');
  return api;
}
