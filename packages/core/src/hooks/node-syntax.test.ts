import { describe, expect, it } from 'vitest';
import { compiles, nodeSyntax, runsImportAssertions } from './node-syntax.js';

describe('nodeSyntax', () => {
  it('is true on Node 20 unless V8 was told not to run them, false from Node 22 on', () => {
    expect(runsImportAssertions('20.19.0', [])).toBe(true);
    expect(runsImportAssertions('20.19.0', ['--no-harmony-import-assertions'])).toBe(false);
    expect(runsImportAssertions('20.19.0', ['--no-harmony_import_assertions'])).toBe(false);
    expect(runsImportAssertions('22.12.0', [])).toBe(false);
    expect(runsImportAssertions('22.12.0', ['--harmony-import-assertions'])).toBe(false);
    expect(runsImportAssertions('24.0.0', [])).toBe(false);
  });

  it("tells `using` declarations by compiling one, and names this V8 (the transform cache's key holds it)", () => {
    expect(compiles('return 1')).toBe(true);
    expect(compiles('return (')).toBe(false);
    const major = Number(process.versions.node.split('.')[0]);
    expect(nodeSyntax()).toEqual({ v8: process.versions.v8, importAssertions: major < 22, usingDeclarations: major >= 24 });
  });
});
