/// <reference types="vite/client" />
// The screens' page carries a strict Content-Security-Policy of its own (Electron's app protocol
// and the development bridge also send src/shared/renderer-csp.ts as a header): nothing inline,
// nothing from elsewhere, so injected markup cannot run script even if escaping ever failed.
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../src/shared/renderer-csp';

const indexHtml = import.meta.glob('../../src/renderer/index.html', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe("the renderer's page", () => {
  const html = Object.values(indexHtml)[0]!;
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';

  it('has a strict CSP and no inline script', () => {
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('says the same policy as the header the app sends, but for what only a header can carry', () => {
    // Browsers ignore frame-ancestors in a <meta>; the header sends it.
    expect(csp).toBe(RENDERER_CSP.replace("; frame-ancestors 'none'", ''));
  });
});
