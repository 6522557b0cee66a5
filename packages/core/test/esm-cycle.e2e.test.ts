// An import cycle calls an ES module's hoisted functions, and what they create, before the module's
// first statement ran: those functions check that the module is initialised, where its other functions
// read the constants that statement binds (instrumenter: hoisted-functions.ts). Through the runtime, on
// every Node the tests have.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsOf, extraNodeBinaries, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

// The instrumenter's own fixture of this cycle (its expected output checked there with stub probes):
// one copy of the program, run here through the runtime.
const cwd = path.resolve(__dirname, '../../instrumenter/test/fixtures/esm-import-cycle');

describe('an ES module import cycle', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`runs hoisted functions and their closures before the module's first statement, output and stack unchanged (${version})`, async () => {
      const plain = await runPlain(['input.mjs'], { cwd, node });
      const traced = await runTraced(['input.mjs'], { cwd, node });
      expect(plain.stdout).toContain('a runs first: 10 15 11 12 default 1+2 inner 2,4\nb.mjs:44:10 no receiver an object\n');
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.stderr).toBe(plain.stderr);
      expect(traced.code).toBe(plain.code);
      const root = rootProcess(traced);
      expect(root.warnings).toEqual([]);
      expect(root.modules.map((m) => m.moduleId).sort()).toEqual(['./a.mjs', './b.mjs', './input.mjs']);
      const names = callsOf(root).map((c) => c.name);
      // made or called before b's first statement: the hoisted functions, a default parameter's arrow,
      // a returned closure, a method of a class declared in one, an object's methods made in one
      const early = ['counter', 'twice', 'scale', '<anonymous>', 'Step.next', 'default export', 'gen', 'later', 'withInner', 'object.run', 'object.arrow', 'where', 'receiver'];
      expect(names).toEqual(expect.arrayContaining(early));
      // made by b's code, after it: the constants
      expect(names).toEqual(expect.arrayContaining(['arrow', 'Shape.area', 'method.call']));
    }, 60_000);
  }
});
