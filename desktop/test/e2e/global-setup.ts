// Playwright runs against the built renderer, so build it first: a test must never pass against
// a stale dist/. Also fail early, with what to install, when the browser or fonts are missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import leftoverCheck from '@renkei/wireguard/testing/leftovers';
import { CHROMIUM_EXECUTABLE } from './chromium';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM_EXECUTABLE)) {
    throw new Error(`No Chromium at ${CHROMIUM_EXECUTABLE}: apt-get install -y chromium fonts-noto-cjk (or set RENKEI_CHROMIUM)`);
  }
  // The journeys run a whole region in network namespaces: the run fails if it leaves any behind.
  const leftovers = await leftoverCheck();
  if (process.env.RENKEI_SKIP_RENDERER_BUILD === '1') return leftovers;
  await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'warn' });
  // The Electron bundles, for the shell tests (where an Electron binary exists).
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build-electron.mjs', import.meta.url))], { stdio: 'inherit' });
  return leftovers;
}
