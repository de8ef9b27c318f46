// `renkei`: a page showing the app through the development bridge, over any DesktopApi. The
// real end-to-end test passes RenkeiCore; the screen tests pass ScriptedDesktopApi. Bridges are
// closed after each test; console errors (a CSP violation, an uncaught exception) are collected so
// a test can insist there were none. `otherPc` is a second one in a browser session of its own
// (its own context: storage, permissions), as a colleague at another office's PC sees the app.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, type Page, type TestInfo } from '@playwright/test';
import { RENDERER_BUILD_DIR, startDevBridge, type DevBridge, type DevBridgeOptions } from '../../src/dev-bridge/dev-bridge';
import type { DesktopApi } from '../../src/shared/desktop-api';
import { TEST_RESULTS_DIR } from './chromium';

export const SCREENSHOT_DIR = join(TEST_RESULTS_DIR, 'screenshots');

export interface RenkeiPage {
  page: Page;
  /** Serves the app over `api` and opens it; resolves once the page has loaded. `dialogs` stand in for the native ones. */
  open(api: DesktopApi, dialogs?: Pick<DevBridgeOptions, 'chooseWatchedFolder' | 'chooseSavePath'>): Promise<DevBridge>;
  /** Saves test-results/screenshots/<name>.png and attaches it to the report. */
  screenshot(name: string): Promise<string>;
  /** Console errors and uncaught exceptions seen so far. */
  problems: string[];
}

/** Runs `use` with a RenkeiPage on `page`, then closes its bridges. */
async function withRenkeiPage(page: Page, testInfo: TestInfo, use: (renkei: RenkeiPage) => Promise<void>): Promise<void> {
  const bridges: DevBridge[] = [];
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  try {
    await use({
      page,
      problems,
      async open(api, dialogs = {}) {
        const bridge = await startDevBridge({ api, rendererDir: RENDERER_BUILD_DIR, ...dialogs });
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
  } finally {
    for (const bridge of bridges) await bridge.close();
  }
}

export const test = base.extend<{ renkei: RenkeiPage; otherPc: RenkeiPage }>({
  renkei: async ({ page }, use, testInfo) => withRenkeiPage(page, testInfo, use),
  otherPc: async ({ browser }, use, testInfo) => {
    // The project's screen, locale and time zone, as the first page has them.
    const { viewport, locale, timezoneId } = testInfo.project.use;
    const context = await browser.newContext({ viewport, locale, timezoneId });
    try {
      await withRenkeiPage(await context.newPage(), testInfo, use);
    } finally {
      await context.close();
    }
  },
});

export { expect } from '@playwright/test';
