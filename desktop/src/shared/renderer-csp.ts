// The Content-Security-Policy of the screens, wherever they are served from: Electron's app
// protocol (src/main/app-protocol.ts) and the development bridge send it as a header, on top of
// the <meta> in src/renderer/index.html. Nothing inline, nothing from elsewhere.
// blob: images are the document viewers' own object URLs (an opened image, pages drawn for
// printing): made in this page from bytes it already holds, never fetched.
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
