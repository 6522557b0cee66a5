// The line Node prints above an uncaught exception is the program's, not instrumented code
// (process/exception-line.ts and the instrumenter's exception-line.ts), on every Node version.
import { describe, expect, it } from 'vitest';
import { extraNodeBinaries, FIXTURES, runPlain, runTraced } from './helpers/traced-process.js';

const CASES = ['type-error', 'throw-new', 'builtin', 'rejection', 'exit-listener', 'non-error', 'tabs', 'rethrow'];

describe('the source line above an uncaught exception', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`is the original line, with the caret where a plain run puts it (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/uncaught-line`, node };
      for (const which of CASES) {
        const plain = await runPlain(['cases.js', which], options);
        const traced = await runTraced(['cases.js', which], options);
        expect(plain.code, which).toBe(1);
        // the fixture is what it says: the plain run printed a source line above the exception
        expect(plain.stderr, which).toMatch(/cases\.js:\d+\n/);
        expect({ which, stderr: traced.stderr }).toEqual({ which, stderr: plain.stderr });
        expect(traced.stdout, which).toBe(plain.stdout);
        expect(traced.code, which).toBe(plain.code);
      }
      const plain = await runPlain(['module.mjs'], options);
      const traced = await runTraced(['module.mjs'], options);
      expect(plain.stderr).toMatch(/module\.mjs:2\n/);
      expect(traced.stderr).toBe(plain.stderr);
      expect(traced.code).toBe(plain.code);
    }, 120_000);

    it(`is above the stack of an error leaving vm's evaluation, caught or not (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/uncaught-line`, node };
      const plain = await runPlain(['vm.js', 'caught'], options);
      const traced = await runTraced(['vm.js', 'caught'], options);
      expect(plain.stdout).toMatch(/^type-error:\n.*vm\.js:7\nfunction pick/m);
      expect(traced.stdout).toBe(plain.stdout);
      const plainEnd = await runPlain(['vm.js', 'uncaught'], options);
      const tracedEnd = await runTraced(['vm.js', 'uncaught'], options);
      expect(plainEnd.code).toBe(1);
      expect(tracedEnd.stderr).toBe(plainEnd.stderr);
      expect(tracedEnd.code).toBe(plainEnd.code);
    }, 120_000);
  }

  it('is marked by the instrumenter only where the runtime can place it', async () => {
    const { instrument } = await import('@breadcrumb/instrumenter');
    const source = "const f = () => g();\nfunction h(e) { if (e) throw e; return k(e); }\nfunction m(x) { if (x) throw new TypeError(String(x)); }\n";
    const marked = instrument(source, { filename: '/x.js', moduleId: './x.js', markExceptionLines: true }).code.split('\n');
    expect(marked[0]).toContain('node-do-not-add-exception-line');
    expect(marked[1]).not.toContain('node-do-not-add-exception-line');
    expect(marked[2]).toContain('node-do-not-add-exception-line');
    const plainBuild = instrument(source, { filename: '/x.js', moduleId: './x.js' }).code;
    expect(plainBuild).not.toContain('node-do-not-add-exception-line');
  });
});
