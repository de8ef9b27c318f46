// The desktop's layers, as VS Code and Signal keep theirs: only main and preload may import
// electron (everything else runs in plain Node or the browser and is tested there); the preload
// may import only electron and src/shared; the core never reaches into the Electron, renderer or
// development layers; nothing shipped imports the development bridge, the demo or tests.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = new URL('../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push((m[1] ?? m[2])!);
  }
  return found;
}

/** The layer of a source file or of a relative import's target ("main", "core"…), or the package. */
function layerOf(file: string, specifier?: string): string {
  if (specifier !== undefined && !specifier.startsWith('.')) return specifier;
  const target = specifier === undefined ? file : resolve(dirname(file), specifier);
  const inside = relative(src, target);
  return inside.startsWith('..') ? relative(resolve(src, '..'), target).split('/')[0]! : inside.split('/')[0]!;
}

const edges = sources(src).flatMap((file) => importsOf(file).map((specifier) => ({ file: relative(src, file), from: layerOf(file), to: layerOf(file, specifier) })));

describe('desktop layering', () => {
  it('finds the layers', () => {
    expect(new Set(edges.map((e) => e.from))).toEqual(new Set(['core', 'dev-bridge', 'main', 'preload', 'renderer', 'shared', 'tunnel-service']));
  });

  it('imports electron only in main and preload', () => {
    const offenders = edges.filter((e) => e.to === 'electron' && e.from !== 'main' && e.from !== 'preload');
    expect(offenders).toEqual([]);
  });

  it('keeps the pure helpers of main free of electron, so they run in Node', () => {
    const pure = ['main/window-bounds.ts', 'main/tray-status.ts', 'main/tray-icon.ts', 'main/navigation-policy.ts'];
    expect(edges.filter((e) => pure.includes(e.file) && e.to === 'electron')).toEqual([]);
  });

  it('lets the preload import only electron and src/shared', () => {
    expect(edges.filter((e) => e.from === 'preload' && e.to !== 'electron' && e.to !== 'shared')).toEqual([]);
  });

  it('keeps the core, the tunnel service and shared code out of the Electron, renderer and development layers', () => {
    const forbidden = new Set(['main', 'preload', 'renderer', 'dev-bridge', 'demo', 'test']);
    expect(edges.filter((e) => ['core', 'tunnel-service', 'shared'].includes(e.from) && forbidden.has(e.to))).toEqual([]);
  });

  it('never ships the development bridge, the demo or tests', () => {
    const forbidden = new Set(['dev-bridge', 'demo', 'test']);
    expect(edges.filter((e) => ['main', 'preload', 'core', 'tunnel-service', 'shared', 'renderer'].includes(e.from) && forbidden.has(e.to))).toEqual([]);
  });
});
