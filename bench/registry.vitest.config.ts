import {defineConfig} from 'vitest/config';

// The registry cache benchmark is not a timed test: it runs only when asked,
//   npm run build && npx vitest run --config bench/registry.vitest.config.ts
export default defineConfig({
  test: {
    include: ['bench/registry.bench.ts'],
    testTimeout: 60 * 60_000,
    hookTimeout: 30 * 60_000,
    fileParallelism: false,
  },
});
