// The real Electron shell, driven by Playwright's _electron: one hardened window over the real
// core. These run wherever an Electron binary is present (a normal install, or
// ELECTRON_OVERRIDE_DIST_PATH pointing at an Electron build). Machines without one, like the
// development machines of this project (no internet, and the electron package downloads its
// binary on first use), skip them and say so.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { electronBinary } from '../../region/electron-binary';
import { startSecretService, type SecretService } from '../../region/private-keychain';
import { DESKTOP_API_METHODS } from '../../src/shared/desktop-api';
import { expect, test } from './fixtures';

const binary = electronBinary();
test.skip(
  !binary,
  'No Electron binary on this machine: the electron npm package downloads it on first use, which needs internet access. Set ELECTRON_OVERRIDE_DIST_PATH to an Electron 44 build to run the shell tests.',
);

const mainBundle = new URL('../../dist/main/main.cjs', import.meta.url).pathname;
let keychain: SecretService;
test.beforeAll(async () => {
  keychain = await startSecretService();
});
test.afterAll(async () => {
  await keychain?.stop();
});

function launch(dataDir: string): Promise<ElectronApplication> {
  return electron.launch({
    executablePath: binary!,
    args: [mainBundle],
    env: { ...process.env, ...keychain.env, RENKEI_DATA_DIR: dataDir, RENKEI_NO_TUNNEL_SERVICE: '1' },
  });
}

test('opens one sandboxed, isolated window that knows only window.renkei', async () => {
  const app = await launch(mkdtempSync(join(tmpdir(), 'renkei-shell-')));
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: 'この端末の登録' })).toBeVisible();
    expect(await page.evaluate(() => [typeof (globalThis as any).require, typeof (globalThis as any).process, typeof (globalThis as any).module])).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ]);
    expect(await page.evaluate(() => Object.keys((globalThis as any).renkei).sort())).toEqual([...DESKTOP_API_METHODS, 'onEvent', 'stageDroppedFile'].sort());
    // Context isolation: the preload's ipcRenderer is nowhere in the page's world.
    expect(await page.evaluate(() => Object.keys(globalThis).filter((k) => /ipc|electron/i.test(k)))).toEqual([]);
    expect(page.url()).toMatch(/^renkei-app:\/\/bundle\//);
  } finally {
    await app.close();
  }
});

test('refuses navigation, new windows and network access from the page', async () => {
  const app = await launch(mkdtempSync(join(tmpdir(), 'renkei-shell-')));
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState();
    const entry = page.url();
    expect(await page.evaluate(() => (globalThis as any).open('https://example.com/'))).toBeNull();
    await page.evaluate(() => {
      (globalThis as any).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(entry);
    expect(app.windows()).toHaveLength(1);
    expect(
      await page.evaluate(() =>
        fetch('https://example.com/').then(
          () => 'reached',
          () => 'blocked',
        ),
      ),
    ).toBe('blocked');
  } finally {
    await app.close();
  }
});

test('runs once: a second start brings the first window forward and leaves', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-shell-'));
  const first = await launch(dataDir);
  try {
    await first.firstWindow();
    const second = await launch(dataDir);
    await expect.poll(() => second.process().exitCode, { timeout: 15_000 }).toBe(0);
    expect(first.windows()).toHaveLength(1);
  } finally {
    await first.close();
  }
});
