import {defineConfig} from 'vitest/config';

// Two tiers: `unit` is fast and needs no engine; `integration` drives real
// container engines and installs real packages (slow; CI runs both).
export default defineConfig({
  test: {
    globals: true,
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.integration.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts'],
          testTimeout: 20 * 60_000,
          hookTimeout: 20 * 60_000,
          // Engines and the 2-core machine do not like many builds at once.
          fileParallelism: false,
        },
      },
    ],
  },
});
