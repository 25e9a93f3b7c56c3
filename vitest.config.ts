import {defineConfig} from 'vitest/config';
import BackgroundLastSequencer from './test/helpers/background-last-sequencer.js';

// Integration files drive real engines one at a time: the engines and the
// 2-core machine do not like many builds at once.
const serial = {
  testTimeout: 20 * 60_000,
  hookTimeout: 20 * 60_000,
  fileParallelism: false,
};

// Tiers: `unit` is fast and needs no engine; `integration` drives real
// container engines and installs real packages (slow; CI runs both). `arm64`
// is the emulated e2e, whose build its globalSetup starts when the suite starts
// and which runs last (see test/helpers/background-run.ts).
export default defineConfig({
  test: {
    globals: true,
    reporters: ['default', './test/helpers/closing-line-reporter.ts'],
    sequence: {sequencer: BackgroundLastSequencer},
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.integration.test.ts'],
          testTimeout: 30_000,
          // vitest's default is one worker fewer than the cores: 1 on a 2-core runner. Most unit
          // files wait on child processes (the CLI, fake engines), so two at once take 170 s, not 240 s (three: no faster).
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts'],
          exclude: ['test/e2e/arm64.slow.integration.test.ts'],
          ...serial,
        },
      },
      {
        extends: true,
        test: {
          name: 'arm64',
          include: ['test/e2e/arm64.slow.integration.test.ts'],
          globalSetup: ['test/e2e/arm64.global-setup.ts'],
          ...serial,
        },
      },
    ],
  },
});
