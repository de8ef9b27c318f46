// The DesktopApi the screens call, chosen once at startup (see api/desktop-api-source).
import { createContext, useContext } from 'react';
import type { DesktopApi } from '../../shared/desktop-api';

export const DesktopApiContext = createContext<DesktopApi | null>(null);

export function useDesktopApi(): DesktopApi {
  const api = useContext(DesktopApiContext);
  if (!api) throw new Error('useDesktopApi outside DesktopApiContext');
  return api;
}
