import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    setupFiles: ['../../scripts/test-yield.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
