// A program that deletes Error.prepareStackTrace, or defines a data property over it, took away the
// accessor that maps instrumented files' columns back (recorder/stack-positions.ts): the runtime puts
// it back before the next exception's stack is read.
import { describe, expect, it } from 'vitest';
import { extraNodeBinaries, FIXTURES, runPlain, runTraced } from './helpers/traced-process.js';

describe('a program that takes Error.prepareStackTrace away', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`still sees its stacks at the original columns (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/deleted-formatter`, node };
      const plain = await runPlain(['main.js'], options);
      const traced = await runTraced(['main.js'], options);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toMatch(/main\.js:13:125\n/);
      expect(plain.stdout).toContain('@ 13:66\n');
      expect(traced.stderr).toBe(plain.stderr);
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.code).toBe(0);
    }, 60_000);
  }
});
