// An exception thrown while CommonJS modules load prints exactly as without Breadcrumb: the same header,
// the same frames, Node's own frames included. The CommonJS hook takes the place of Node's `.js`
// handler (one frame for one frame); loader-frames.ts shows Node's frame in its place.
import { describe, expect, it } from 'vitest';
import { EventKind } from '../src/spool/format.js';
import { extraNodeBinaries, FIXTURES, REGISTER, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

function frames(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('    at '));
}

describe('load-time exceptions', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`keep every frame of a stack captured while modules load (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/load-time`, node };
      const plain = await runPlain(['main.js'], options);
      const traced = await runTraced(['main.js'], options);
      expect(plain.code).toBe(1);
      expect(traced.code).toBe(plain.code);
      expect(traced.stdout).toBe(plain.stdout);
      expect(frames(plain.stderr).length).toBe(10);
      expect(frames(traced.stderr).length).toBe(frames(plain.stderr).length);
      expect(traced.stderr).toBe(plain.stderr);
    }, 60_000);

    it(`answer the CallSite API as without Breadcrumb while modules load (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/load-time`, node };
      const plain = await runPlain(['sites-main.js'], options);
      const traced = await runTraced(['sites-main.js'], options);
      expect(plain.stdout).toContain('node:internal/modules/cjs/loader');
      expect(traced.stdout).toBe(plain.stdout);
    }, 60_000);

    it(`keep Node's frames when the program wraps Module.prototype._compile itself (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/load-time`, node };
      const plain = await runPlain(['hooked-main.js'], options);
      const traced = await runTraced(['hooked-main.js'], options);
      expect(plain.stdout).toContain('hooked-main.js');
      // our `_compile` wrapper and handler are gone, Node's handler keeps its name; the program raised
      // Error.stackTraceLimit, so the two frames ours took do not push real ones off the end
      expect(traced.stdout).toBe(plain.stdout);
    }, 60_000);

    it(`leave the file to a require hook the program preloaded before ours, and trace it (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/load-time`, node };
      const plain = await runPlain(['--require', './preloaded-hook.cjs', 'rewritten.js'], options);
      const traced = await runTraced(['rewritten.js'], { ...options, env: { NODE_OPTIONS: `--require ./preloaded-hook.cjs --require ${REGISTER}` } });
      expect(plain.stdout).toContain('source as rewritten by the hook');
      expect(traced.stdout).toBe(plain.stdout);
      const root = rootProcess(traced);
      expect(root.modules.flatMap((m) => m.functions.map((f) => f.name))).toContain('describe');
    }, 60_000);

    it(`print an async main's rejection after its first await as without Breadcrumb (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/load-time`, node };
      const plain = await runPlain(['async-main.js'], options);
      const traced = await runTraced(['async-main.js'], options);
      expect(plain.code).toBe(1);
      expect(traced.code).toBe(plain.code);
      expect(traced.stderr).toBe(plain.stderr);
      // The rejection's value reached the recorder through the uncaught-exception monitor.
      const root = rootProcess(traced);
      const values: string[] = [];
      for (const b of root.batches) {
        for (let i = 0; i < b.count; i++) if (b.kind[i] === EventKind.Exception) values.push(b.value[i]! >= 0 ? b.values[b.value[i]!]! : 'none');
      }
      expect(values).toHaveLength(1);
      expect(values[0]).toContain('retries must be at least 1');
    }, 60_000);
  }
});
