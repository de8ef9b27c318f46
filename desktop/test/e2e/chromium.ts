// The browser the screens are tested in: Debian's Chromium (Playwright's own browser downloads
// are not reachable here), with the flags that let it run as root in a container without a GPU
// or network of its own, at the smallest screen a clinic PC has.
import { fileURLToPath } from 'node:url';

export const CHROMIUM_EXECUTABLE = process.env.RENKEI_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CLINIC_SCREEN = { width: 1366, height: 768 };

/** desktop/test-results: screenshots and Playwright's own artifacts. */
export const TEST_RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
