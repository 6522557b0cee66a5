import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*'],
    globalSetup: ['./scripts/test-tmpdir.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
