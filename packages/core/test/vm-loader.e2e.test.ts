// Modules that test runners load through node:vm (hooks/vm-hook.ts): jest 29's module wrapper compiled
// by `new vm.Script` and run in a context of its own, jest 30's `vm.compileFunction` with a parsing
// context, vitest's (vite-node's) async wrapper run by `vm.runInThisContext` or `vm.runInContext`.
// fixtures/vm-loader/runner.js loads lib.js these ways and prints what a program sees.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsOf, extraNodeBinaries, FIXTURES, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

const runner = path.join('vm-loader', 'runner.js');
const lib = path.join(FIXTURES, 'vm-loader', 'lib.js');

describe('modules loaded through node:vm (jest, vitest)', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`are traced, and the program sees the same output, stacks, completion values and function text (${version})`, async () => {
      const plain = await runPlain([runner], { node });
      const traced = await runTraced([runner], { node });
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('script stack TypeError');
      expect(plain.stdout).toContain('lib.js:4:73');
      expect(traced.stderr).toBe(plain.stderr);
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.code).toBe(0);

      const root = rootProcess(traced);
      // lib.js, once per loader; not the other vm code (no module wrapper, or a file not included)
      expect(root.modules.filter((m) => m.file === lib)).toHaveLength(4);
      expect(root.modules.some((m) => m.file.includes('node_modules'))).toBe(false);
      // code of an included file in a wrapper no loader known here uses: untraced, and said so once
      const vmWarnings = root.warnings.filter((w) => w.message.includes('node:vm'));
      expect(vmWarnings.map((w) => w.file)).toEqual([lib]);
      const names = callsOf(root).map((c) => c.name);
      for (const name of ['Box.constructor', 'get Box.twice', 'helper', 'Box.open', 'broken']) {
        expect(names.filter((n) => n === name).length, `${name} in ${names.join(', ')}`).toBeGreaterThanOrEqual(4);
      }
    }, 60_000);

    it(`under --experimental-vm-modules, jest's ES modules (vm.SourceTextModule) are traced too (${version})`, async () => {
      const args = ['--experimental-vm-modules', runner];
      const plain = await runPlain(args, { node });
      const traced = await runTraced(args, { node });
      expect(plain.stdout).toContain('source text module stack TypeError');
      const withoutPid = (text: string) => text.replace(/\(node:\d+\)/g, '(node:PID)');
      expect(withoutPid(traced.stderr)).toBe(withoutPid(plain.stderr));
      expect(traced.stdout).toBe(plain.stdout);
      const root = rootProcess(traced);
      expect(root.modules.filter((m) => m.file === lib.replace(/\.js$/, '.mjs'))).toHaveLength(1);
    }, 60_000);
  }
});
