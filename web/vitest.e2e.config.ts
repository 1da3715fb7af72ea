import { defineConfig } from 'vitest/config';

// End-to-end tests: the real server binary and Debian's Chromium (see e2e/harness.ts). The
// files run one after another, each with its own server, so they never compete for the CPU.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
