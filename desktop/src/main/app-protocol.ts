// The screens are served to the window from a privileged custom scheme (renkei-app://bundle/…),
// as VS Code does, rather than from file://: the page gets a real origin for its CSP and ES
// modules, and can read nothing on disk but the built renderer. The CSP also goes out as a header.
import { protocol } from 'electron';
import { readRendererFile } from '../core/renderer-files';
import { RENDERER_CSP } from '../shared/renderer-csp';
import { APP_HOST, APP_SCHEME } from './navigation-policy';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? await readRendererFile(rendererDir, decodeURIComponent(url.pathname.replace(/^\//, ''))) : null;
    if (!file) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.contentType, 'content-security-policy': RENDERER_CSP, 'x-content-type-options': 'nosniff' },
    });
  });
}
