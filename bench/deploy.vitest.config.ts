import {defineConfig} from 'vitest/config';

// Not a timed test: runs only when asked,
//   npm run build && npx vitest run --config bench/deploy.vitest.config.ts
export default defineConfig({
  test: {
    include: ['bench/deploy.bench.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 10 * 60_000,
    fileParallelism: false,
  },
});
