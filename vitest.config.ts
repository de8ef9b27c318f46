// One test run for the whole repository (`npm test`). Each project is a part of Renkei; the
// backend runs twice, once per database engine, as production supports both.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'proto', root: 'proto', include: ['test/**/*.test.ts'], exclude: ['wireguard/**'] } },
      // The WireGuard driver against real wg/ip in two network namespaces.
      { test: { name: 'wireguard', root: 'proto/wireguard', include: ['test/**/*.test.ts'], globalSetup: ['testing/leftovers.ts'] } },
      // The machine set-up: what the one Debian package list must bring.
      { test: { name: 'installer', root: 'installer', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      {
        test: {
          name: 'backend-sqlite',
          root: 'backend',
          include: ['test/**/*.test.ts'],
          env: { RENKEI_TEST_ENGINE: 'sqlite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'backend-postgres',
          root: 'backend',
          include: ['test/**/*.test.ts'],
          env: { RENKEI_TEST_ENGINE: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'desktop',
          root: 'desktop',
          include: ['test/**/*.test.ts'],
          exclude: ['test/system/**', 'test/e2e/**'],
          globalSetup: ['test/support/keychain-global-setup.ts', '../proto/wireguard/testing/leftovers.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // Network namespaces, WireGuard, the backend and the desktop core as separate processes.
          name: 'system',
          root: 'desktop',
          include: ['test/system/**/*.test.ts'],
          globalSetup: ['../proto/wireguard/testing/leftovers.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
