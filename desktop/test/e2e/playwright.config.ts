// Browser tests of the screens through the development bridge: `npm run test:e2e -w @renkei/desktop`.
// Screenshots land in desktop/test-results/screenshots, Playwright's traces in test-results/e2e.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_EXECUTABLE, CHROMIUM_FLAGS, CLINIC_SCREEN, TEST_RESULTS_DIR } from './chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: `${TEST_RESULTS_DIR}e2e`,
  globalSetup: './global-setup.ts',
  timeout: 30_000,
  // Two cores: one browser at a time keeps timings honest.
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { outputFolder: `${TEST_RESULTS_DIR}e2e-report`, open: 'never' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_FLAGS },
    viewport: CLINIC_SCREEN,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
