// `renkei`: a page showing the app through the development bridge, over any DesktopApi. The
// real end-to-end test passes RenkeiCore; the screen tests pass ScriptedDesktopApi. Bridges are
// closed after each test; console errors (a CSP violation, an uncaught exception) are collected so
// a test can insist there were none.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { RENDERER_BUILD_DIR, startDevBridge, type DevBridge } from '../../src/dev-bridge/dev-bridge';
import type { DesktopApi } from '../../src/shared/desktop-api';
import { TEST_RESULTS_DIR } from './chromium';

export const SCREENSHOT_DIR = join(TEST_RESULTS_DIR, 'screenshots');

export interface RenkeiPage {
  page: Page;
  /** Serves the app over `api` and opens it; resolves once the page has loaded. */
  open(api: DesktopApi): Promise<DevBridge>;
  /** Saves test-results/screenshots/<name>.png and attaches it to the report. */
  screenshot(name: string): Promise<string>;
  /** Console errors and uncaught exceptions seen so far. */
  problems: string[];
}

export const test = base.extend<{ renkei: RenkeiPage }>({
  renkei: async ({ page }, use, testInfo) => {
    const bridges: DevBridge[] = [];
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await use({
      page,
      problems,
      async open(api) {
        const bridge = await startDevBridge({ api, rendererDir: RENDERER_BUILD_DIR });
        bridges.push(bridge);
        await page.goto(bridge.url);
        return bridge;
      },
      async screenshot(name) {
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path });
        await testInfo.attach(name, { path, contentType: 'image/png' });
        return path;
      },
    });
    for (const bridge of bridges) await bridge.close();
  },
});

export { expect } from '@playwright/test';
