// Where the app's window may go. Signal Desktop's rules: the window never navigates away from the
// app, opens no windows of its own, and hands links outside to the system browser only when they
// are https to a vetted host. No electron import: tested in Node.

/** The scheme and host the screens are served from (see app-protocol.ts). */
export const APP_SCHEME = 'renkei-app';
export const APP_HOST = 'bundle';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Hosts whose pages the app may open in the system browser (help and the regional office). */
const VETTED_EXTERNAL_HOSTS: readonly string[] = ['renkei.jp', 'www.renkei.jp', 'www.mhlw.go.jp'];

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function isVettedExternalUrl(url: string, hosts: readonly string[] = VETTED_EXTERNAL_HOSTS): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && hosts.includes(parsed.hostname);
  } catch {
    return false;
  }
}
