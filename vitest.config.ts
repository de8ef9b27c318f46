// One test run for the whole repository (`npm test`). Each project is a part of Renkei; the
// backend runs twice, once per database engine, as production supports both.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'proto', root: 'proto', include: ['test/**/*.test.ts'] } },
    ],
  },
});
