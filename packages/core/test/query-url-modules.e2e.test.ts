// An ES module loaded under its file's URL with a query is a module of its own: import-in-the-middle
// (OpenTelemetry's ESM instrumentation) hands the program a generated wrapper of each hooked file at
// `file.mjs?iitm=true`, which imports the real file. fixtures/query-wrapper does the same with a
// loader of its own. The wrapper's column table was registered under the file's name and replaced the
// real module's: stack columns of the real lib.mjs came out instrumented (4:395 for 4:93).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsOf, extraNodeBinaries, FIXTURES, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

const args = ['--import', './query-wrapper/register.mjs', path.join('query-wrapper', 'main.mjs')];
const lib = path.join(FIXTURES, 'query-wrapper', 'lib.mjs');

describe('ES modules under a URL with a query (a loader wrapping a file)', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`keep their own stack columns, the wrapper's and the file's, and are traced apart (${version})`, async () => {
      const plain = await runPlain(args, { node });
      const traced = await runTraced(args, { node });
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('lib.mjs?wrap=1:2:');
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.stderr).toBe(plain.stderr);
      const root = rootProcess(traced);
      const libModules = root.modules.filter((m) => m.moduleId.startsWith('./query-wrapper/lib.mjs'));
      expect(libModules.map((m) => [m.moduleId, m.file]).sort()).toEqual([
        ['./query-wrapper/lib.mjs', lib],
        ['./query-wrapper/lib.mjs?wrap=1', `${new URL(`file://${lib}`).href}?wrap=1`],
      ]);
      const names = callsOf(root).map((c) => c.name);
      expect(names.filter((n) => n === 'average')).toHaveLength(4);
    }, 60_000);
  }
});
