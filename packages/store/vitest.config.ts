import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'store',
    setupFiles: ['../../scripts/test-yield.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
