// Stacks of errors thrown through the functions the runtime wraps (Node's, Function.prototype.toString)
// read as in a plain run: no frame of ours, and as many frames as Error.stackTraceLimit allows
// (recorder/wrapper-frames.ts).
import { describe, expect, it } from 'vitest';
import { extraNodeBinaries, FIXTURES, runPlain, runTraced } from './helpers/traced-process.js';

describe("errors thrown through the functions Breadcrumb wraps", () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`have the stacks of a plain run (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/wrapper-frames`, node };
      const plain = await runPlain(['main.js'], options);
      const traced = await runTraced(['main.js'], options);
      expect(plain.stdout).toContain('execSync:\nError: Command failed: exit 3');
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.code).toBe(plain.code);
    }, 120_000);

    // 264 cases: each wrapper thrown through, or an error made inside it (12 frames deep and at once),
    // at limits 1, 2, 10 and none set, read as `stack`, through the program's Error.prepareStackTrace
    // and by Error.captureStackTrace(holder, fn). 67 differed before session 14 (Node 20 and 24).
    it(`have the stacks of a plain run at every limit and way of reading (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/wrapper-frames-grid`, node, timeoutMs: 150_000 };
      const plain = await runPlain(['main.js'], options);
      const traced = await runTraced(['main.js'], options);
      expect(plain.stdout.match(/^--- /gm)).toHaveLength(264);
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.code).toBe(plain.code);
    }, 300_000);
  }
});
