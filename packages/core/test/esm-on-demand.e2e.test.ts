// Node 20 starts its ES module hooks thread only for a program that may load an ES module
// (hooks/esm-on-demand.ts): a CommonJS program gets it when a module it compiles may import, and
// everything it imports then is traced as before, with nothing of the late start showing.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { callsOf, extraNodeBinaries, FIXTURES, readSpool, rootProcess, runPlain, runTraced, tempHome } from './helpers/traced-process.js';

const cwd = `${FIXTURES}/esm-on-demand`;

describe('ES module hooks registered on demand', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`trace what a CommonJS program imports after it started, its output, exit, stack, ticks and events unchanged (${version})`, async () => {
      const plain = await runPlain(['late-import.cjs'], { cwd, node });
      const traced = await runTraced(['late-import.cjs'], { cwd, node });
      expect(plain.stdout).toBe('42 tick,microtask,required\n');
      expect(traced.stdout).toBe(plain.stdout);
      expect(plain.code).toBe(1);
      expect(traced.code).toBe(plain.code);
      expect(traced.stderr).toBe(plain.stderr);
      const root = rootProcess(traced);
      expect(root.modules.map((m) => m.moduleId).sort()).toEqual(['./late-import.cjs', './lib.mjs', './loader.cjs']);
      expect(root.warnings).toEqual([]);
    }, 60_000);

    it(`print an async main's rejection as without Breadcrumb when the hooks come in its first turn (${version})`, async () => {
      const plain = await runPlain(['first-turn.cjs'], { cwd, node });
      const traced = await runTraced(['first-turn.cjs'], { cwd, node });
      expect(plain.stderr).toContain('RangeError: retries must be at least 1');
      expect(traced.code).toBe(plain.code);
      expect(traced.stderr).toBe(plain.stderr);
      expect(rootProcess(traced).modules.map((m) => m.moduleId).sort()).toEqual(['./first-turn.cjs', './loader.cjs']);
    }, 60_000);

    it(`trace an import in text handed to Function, and a required ES module (${version})`, async () => {
      for (const [program, output, modules] of [
        ['eval-import.cjs', '15\n', ['./eval-import.cjs', './lib.mjs']],
        ['require-mjs.cjs', '6\n', ['./lib.mjs', './require-mjs.cjs']],
      ] as const) {
        const plain = await runPlain([program], { cwd, node });
        const traced = await runTraced([program], { cwd, node });
        expect(plain.stdout).toBe(output);
        expect(traced.stdout).toBe(plain.stdout);
        expect(traced.code).toBe(plain.code);
        expect(rootProcess(traced).modules.map((m) => m.moduleId).sort()).toEqual([...modules]);
      }
    }, 60_000);

    it(`trace every module of an ES module graph a CommonJS program requires, output and stacks unchanged (${version})`, async () => {
      // Node 20 links the graph with a loader that runs no registered hooks (hooks/require-esm-sources.ts)
      const plain = await runPlain(['require-graph.cjs'], { cwd, node });
      const traced = await runTraced(['require-graph.cjs'], { cwd, node });
      expect(plain.stdout).toContain('6 40 6 ENOENT\nRangeError: negative scale -1 (true)\n    at scale (file://');
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.stderr).toBe(plain.stderr);
      expect(traced.code).toBe(plain.code);
      const root = rootProcess(traced);
      expect(root.warnings).toEqual([]);
      expect(root.modules.map((m) => m.moduleId).sort()).toEqual(['./graph/esm/shapes.js', './graph/helper.cjs', './graph/root.mjs', './graph/scale.mjs', './require-graph.cjs']);
      expect(callsOf(root).map((c) => c.name)).toEqual(expect.arrayContaining(['area', 'scale', 'summary', 'fail']));
    }, 60_000);

    it(`trace what is imported after Node's loader started from an import no compile showed (${version})`, async () => {
      const plain = await runPlain(['built-import.cjs'], { cwd, node });
      const traced = await runTraced(['built-import.cjs'], { cwd, node });
      expect(plain.stdout).toBe('6\n4\n');
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.stderr).toBe(plain.stderr);
      // lib.mjs was imported before the hooks (on Node 20; at once on Node ≥ 22.15, whose hooks are in this thread)
      const modules = rootProcess(traced).modules.map((m) => m.moduleId);
      expect(modules).toEqual(expect.arrayContaining(['./built-import.cjs', './later.mjs']));
    }, 60_000);

    it(`trace what a CommonJS program imports right after it called init() itself (${version})`, async () => {
      const home = tempHome();
      const result = await runPlain(['programmatic-import.cjs', path.join(home, 'app-traces.db')], { cwd, node, env: { BREADCRUMB_HOME: home } });
      expect(result.stdout).toBe('9\n');
      const [traced] = readSpool(path.join(home, 'app-traces.spool'));
      expect(traced!.modules.map((m) => m.moduleId)).toEqual(['./lib.mjs']);
    }, 60_000);

    it(`start no module hooks for a CommonJS program that mentions import() only in a comment and an error message (${version})`, async () => {
      const plain = await runPlain(['string-import.cjs'], { cwd, node });
      const traced = await runTraced(['string-import.cjs'], { cwd, node });
      expect(plain.stdout).toBe('3 Trailing comma is not allowed in import() false\n');
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.stderr).toBe(plain.stderr);
      expect(rootProcess(traced).modules.map((m) => m.moduleId)).toEqual(['./string-import.cjs']);
    }, 60_000);

    it(`start no module hooks for a CommonJS program that runs past the runtime's first flushes (${version})`, async () => {
      // Node 20.20 loads its ES module loader's file for require('node:module'), which the runtime does
      // at start: taken for an import, it made the first flush start the hooks thread in every program
      const plain = await runPlain(['long-running.cjs'], { cwd, node });
      const traced = await runTraced(['long-running.cjs'], { cwd, node });
      expect(plain.stdout).toBe('false\n');
      expect(traced.stdout).toBe(plain.stdout);
      expect(rootProcess(traced).modules.map((m) => m.moduleId)).toEqual(['./long-running.cjs']);
    }, 60_000);

    it(`trace a CommonJS program that loads no ES module (${version})`, async () => {
      const plain = await runPlain(['plain.cjs'], { cwd, node });
      const traced = await runTraced(['plain.cjs'], { cwd, node });
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.stderr).toBe(plain.stderr);
      expect(rootProcess(traced).modules.map((m) => m.moduleId)).toEqual(['./plain.cjs']);
    }, 60_000);
  }
});
