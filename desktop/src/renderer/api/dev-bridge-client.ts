// DesktopApi over the development bridge (src/dev-bridge), for working on the screens in a plain
// browser and testing them with Playwright. The bridge serves this page under a secret path
// (/<token>/), so every request made relative to the page carries the token; calls are JSON POSTs
// to api/<method>, and core events arrive as Server-Sent Events from events.
// The wire format is defined by src/dev-bridge/dev-bridge.ts; the renderer cannot import it.
import type { DesktopApi, DesktopApiMethod, DesktopEvent, UserFacingError } from '../../shared/desktop-api';
import { DesktopApiError } from '../../shared/desktop-api-error';
import { isUserFacingError } from '../../shared/desktop-api-error';

type Envelope = { ok: true; value?: unknown } | { ok: false; error: UserFacingError };

const bridgeUnreachable = (): DesktopApiError => new DesktopApiError(BRIDGE_UNREACHABLE);

const BRIDGE_UNREACHABLE: UserFacingError = {
  reason: 'DEV_BRIDGE_UNREACHABLE',
  message: {
    ja: '開発用ブリッジに接続できません。ブリッジを起動し直し、表示されたURLを開いてください。',
    en: 'The development bridge cannot be reached. Restart it and open the URL it prints.',
  },
};

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true || (value.ok === false && 'error' in value && isUserFacingError(value.error));
}

export function connectDevBridge(pageBase: URL): DesktopApi {
  async function call<M extends DesktopApiMethod>(
    method: M,
    ...args: Parameters<DesktopApi[M]>
  ): Promise<Awaited<ReturnType<DesktopApi[M]>>> {
    let body: unknown;
    try {
      const response = await fetch(new URL(`api/${method}`, pageBase), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
        cache: 'no-store',
      });
      body = await response.json();
    } catch {
      throw bridgeUnreachable();
    }
    if (!isEnvelope(body)) throw bridgeUnreachable();
    if (!body.ok) throw new DesktopApiError(body.error);
    return body.value as Awaited<ReturnType<DesktopApi[M]>>;
  }

  const listeners = new Set<(event: DesktopEvent) => void>();
  let source: EventSource | null = null;

  // One stream for all listeners, open only while someone listens; EventSource reconnects by itself.
  function openEvents(): void {
    source = new EventSource(new URL('events', pageBase));
    source.onmessage = (message: MessageEvent<string>) => {
      let event: DesktopEvent;
      try {
        event = JSON.parse(message.data) as DesktopEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
  }

  return {
    getStatus: () => call('getStatus'),
    enroll: (input) => call('enroll', input),
    refreshDevice: () => call('refreshDevice'),
    connectTunnel: () => call('connectTunnel'),
    disconnectTunnel: () => call('disconnectTunnel'),
    login: (input) => call('login', input),
    logout: () => call('logout'),
    syncNow: () => call('syncNow'),
    searchPatients: (query) => call('searchPatients', query),
    getPatientOverview: (patientId) => call('getPatientOverview', patientId),
    onEvent(listener) {
      listeners.add(listener);
      if (source === null) openEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source !== null) {
          source.close();
          source = null;
        }
      };
    },
  };
}
