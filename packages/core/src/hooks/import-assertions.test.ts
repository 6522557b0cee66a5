import { describe, expect, it } from 'vitest';
import { runsImportAssertions } from './import-assertions.js';

describe('runsImportAssertions', () => {
  it('is true on Node 20 unless V8 was told not to run them, false from Node 22 on', () => {
    expect(runsImportAssertions('20.19.0', [])).toBe(true);
    expect(runsImportAssertions('20.19.0', ['--no-harmony-import-assertions'])).toBe(false);
    expect(runsImportAssertions('20.19.0', ['--no-harmony_import_assertions'])).toBe(false);
    expect(runsImportAssertions('22.12.0', [])).toBe(false);
    expect(runsImportAssertions('22.12.0', ['--harmony-import-assertions'])).toBe(false);
    expect(runsImportAssertions('24.0.0', [])).toBe(false);
  });
});
