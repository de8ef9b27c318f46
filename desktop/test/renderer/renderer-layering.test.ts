/// <reference types="vite/client" />
// The renderer runs sandboxed in Chromium and knows only the DesktopApi: it may import React (and
// TanStack Query, which keeps what the screens read), its own modules, src/shared and the pure
// subpaths of @renkei/proto. A Node module, grpc, the proto root or the desktop core would either
// break the sandboxed build or smuggle privileged code in.
// (Sources are read through Vite's glob import, so this test itself needs no Node.)
import { describe, expect, it } from 'vitest';

const rendererSources = import.meta.glob('../../src/renderer/**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const sharedSources = import.meta.glob('../../src/shared/**/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const indexHtml = import.meta.glob('../../src/renderer/index.html', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const ALLOWED_PACKAGES = new Set([
  'react',
  'react-dom/client',
  // The cache of what the screens read through the DesktopApi; no network of its own.
  '@tanstack/react-query',
  '@renkei/proto/labels',
  '@renkei/proto/japanese-search',
  '@renkei/proto/error-reasons',
  '@renkei/proto/template-forms',
  // The document viewers (src/renderer/documents): pdf.js, its worker bundled by Vite, and the
  // TIFF decoder. Browser code with no Node or network of its own.
  'pdfjs-dist',
  'pdfjs-dist/build/pdf.worker.min.mjs?worker&url',
  'utif2',
]);

function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) found.push((match[1] ?? match[2])!);
  return found;
}

/** Where a relative import lands, as a path from desktop/ ("/src/shared/desktop-api"). */
function resolved(fromKey: string, specifier: string): string {
  return new URL(specifier, `http://desktop${fromKey.replace(/^(\.\.\/)+/, '/')}`).pathname;
}

describe('renderer layering', () => {
  it('finds the renderer sources', () => {
    expect(Object.keys(rendererSources).length).toBeGreaterThan(10);
  });

  it('imports only React, its own modules, src/shared and the pure @renkei/proto subpaths', () => {
    const violations: string[] = [];
    for (const [file, source] of Object.entries(rendererSources)) {
      for (const specifier of importsOf(source)) {
        if (specifier.startsWith('.')) {
          const target = resolved(file, specifier);
          if (!target.startsWith('/src/renderer/') && !target.startsWith('/src/shared/')) violations.push(`${file} → ${specifier}`);
        } else if (!ALLOWED_PACKAGES.has(specifier)) {
          violations.push(`${file} → ${specifier}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('shares with it only pure modules', () => {
    const violations = Object.entries(sharedSources).flatMap(([file, source]) =>
      importsOf(source)
        .filter((specifier) => !specifier.startsWith('./'))
        .map((specifier) => `${file} → ${specifier}`),
    );
    expect(violations).toEqual([]);
  });

  it('has a strict CSP and no inline script in its page', () => {
    const html = Object.values(indexHtml)[0]!;
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
