import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep worker count modest so cross-simulator tests (Brian2) do not starve.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
