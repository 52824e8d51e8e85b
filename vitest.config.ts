import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Store suites open PGlite instances (WASM, ~100 MB each); two workers fit the 2-core machine.
    maxWorkers: 2,
  },
});
