// `import … assert { type: 'json' }`, import attributes' deprecated keyword (hooks/import-assertions.ts):
// traced where Node runs it (Node 20), and where Node does not (22, 24) the same SyntaxError as plain,
// showing the original line, because the file is then left as it is.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsOf, extraNodeBinaries, FIXTURES, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

const cwd = path.join(FIXTURES, 'import-assertions');
const withoutPid = (text: string) => text.replace(/\(node:\d+\)/g, '(node:PID)');
const major = Number(process.versions.node.split('.')[0]);

describe('import assertions', () => {
  it.runIf(major < 22)('are instrumented where Node runs them, with the same output and warnings', async () => {
    const plain = await runPlain(['main.mjs'], { cwd });
    expect(plain.stdout).toBe('data:3 data:3\n');
    const traced = await runTraced(['main.mjs'], { cwd });
    expect(traced.stdout).toBe(plain.stdout);
    expect(withoutPid(traced.stderr)).toBe(withoutPid(plain.stderr));
    expect(traced.code).toBe(0);
    expect(callsOf(rootProcess(traced)).map((c) => c.name)).toEqual(['describe', 'describe']);
  }, 60_000);

  for (const { version, node } of extraNodeBinaries()) {
    it(`are the SyntaxError they are plain where Node does not run them (${version})`, async () => {
      const plain = await runPlain(['main.mjs'], { node, cwd });
      expect(plain.stderr).toMatch(/^file:.*main\.mjs:3\nimport data from '\.\/data\.json' assert \{ type: 'json' \};\n/);
      const traced = await runTraced(['main.mjs'], { node, cwd });
      expect(traced.stderr).toBe(plain.stderr);
      expect(traced.code).toBe(plain.code);
    }, 60_000);
  }
});
