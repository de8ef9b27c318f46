// The layers are held by lint (eslint.config.js, `npm run lint`); this proves the rules are there
// and say what they should, by linting one-line probes placed in each layer with the project's
// own config. Each refusal is paired with an import the same layer may make, so a rule that
// forbade everything would fail here as surely as one that forbade nothing.
// The config covers the whole repository; the backend's and the contract's boundaries are probed
// here too, beside the desktop's, so the layer rules are proven in one place.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });
const BOUNDARY_RULES = new Set(['import-x/no-restricted-paths', 'no-restricted-imports']);

/** The boundary rules that refuse `export * from '<specifier>'` written in `file` (a path from the repository root). */
async function refusals(file: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`export * from '${specifier}';\n`, { filePath: `${root}${file}` });
  return result!.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

const refused = async (file: string, specifier: string) => expect(await refusals(file, specifier), `${file} → ${specifier}`).not.toEqual([]);
const allowed = async (file: string, specifier: string) => expect(await refusals(file, specifier), `${file} → ${specifier}`).toEqual([]);

describe('the layer rules', { timeout: 60_000 }, () => {
  it('let only main and preload import electron, and keep main’s pure helpers free of it', async () => {
    await allowed('desktop/src/main/probe.ts', 'electron');
    await allowed('desktop/src/preload/probe.ts', 'electron');
    for (const layer of ['core', 'renderer', 'shared', 'tunnel-service', 'dev-bridge']) await refused(`desktop/src/${layer}/probe.ts`, 'electron');
    await refused('desktop/src/main/window-bounds.ts', 'electron');
  });

  it('keep the core below the Electron, renderer and bridge layers', async () => {
    await allowed('desktop/src/core/probe.ts', '../shared/desktop-api');
    await refused('desktop/src/core/probe.ts', '../main/app-window');
    await refused('desktop/src/core/probe.ts', '../renderer/main');
    await allowed('desktop/src/main/probe.ts', '../core/renkei-core');
    await refused('desktop/src/main/probe.ts', '../renderer/main');
  });

  it('let the sandboxed renderer know only src/shared and browser-safe packages', async () => {
    await allowed('desktop/src/renderer/probe.ts', '../shared/desktop-api');
    await allowed('desktop/src/renderer/probe.ts', '@renkei/proto/calendar');
    await allowed('desktop/src/renderer/probe.ts', 'react');
    await refused('desktop/src/renderer/probe.ts', '../core/renkei-core');
    await refused('desktop/src/renderer/probe.ts', 'node:fs');
    await refused('desktop/src/renderer/probe.ts', '@renkei/proto');
    await refused('desktop/src/renderer/probe.ts', '@grpc/grpc-js');
  });

  it('let the preload import only electron and src/shared, and src/shared only itself', async () => {
    await allowed('desktop/src/preload/probe.ts', '../shared/ipc-channels');
    await refused('desktop/src/preload/probe.ts', '../core/renkei-core');
    await refused('desktop/src/preload/probe.ts', 'node:fs');
    await allowed('desktop/src/shared/probe.ts', './desktop-api');
    await refused('desktop/src/shared/probe.ts', 'node:path');
    await refused('desktop/src/shared/probe.ts', '../core/renkei-core');
  });

  it('keep the tunnel service its own program, and tests and harnesses out of what ships', async () => {
    await allowed('desktop/src/tunnel-service/probe.ts', './tunnel-config');
    await refused('desktop/src/tunnel-service/probe.ts', '../core/renkei-core');
    await refused('desktop/src/core/probe.ts', '../../test/support/keychain-global-setup');
    await refused('desktop/src/core/probe.ts', '../../region/demo-region');
  });

  it('let desktop tests reach the backend only through its package, not its source folders', async () => {
    await refused('desktop/test/core/probe.test.ts', '../../../backend/src/time');
    await refused('desktop/test/core/probe.test.ts', '../../../backend/test/support/region');
    await allowed('desktop/test/core/probe.test.ts', '@renkei/backend/test-support');
  });

  it('keep the backend’s domain modules below the RPC layer, the CLI and the server process', async () => {
    await allowed('backend/src/rpc/probe.ts', '../patients/patient-overview');
    await refused('backend/src/patients/probe.ts', '../rpc/dispatcher');
    await refused('backend/src/patients/probe.ts', '../cli/options');
    await allowed('backend/src/patients/probe.ts', './patient-overview');
  });

  it('keep the contract free of every other package of ours', async () => {
    await allowed('proto/src/probe.ts', './labels');
    await refused('proto/src/probe.ts', '@renkei/backend');
    await refused('proto/src/probe.ts', '@renkei/desktop');
    await refused('proto/src/probe.ts', '@renkei/wireguard');
    await allowed('proto/wireguard/src/probe.ts', './run-tool');
    await refused('proto/wireguard/src/probe.ts', '@renkei/proto');
  });
});
