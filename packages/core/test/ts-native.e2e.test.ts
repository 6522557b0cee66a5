// TypeScript that Node runs itself (type stripping, Node 22.18+ and 24; hooks/typescript.ts): CommonJS
// TypeScript through the compile path, an ES module in TypeScript through the load hook, and `.ts`
// files of a package without "type", which Node runs by the syntax it finds in them. Node 20 has no
// type stripping: its run would fail with or without Breadcrumb, so it is not among the versions.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsOf, extraNodeBinaries, FIXTURES, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

const cwd = path.join(FIXTURES, 'ts-native');

describe('TypeScript run by Node itself', () => {
  for (const { version, node } of extraNodeBinaries()) {
    it(`is traced at its own positions, and runs as it does plain, warnings included (${version})`, async () => {
      const plain = await runPlain(['main.cts'], { node, cwd });
      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain('total 6');
      const traced = await runTraced(['main.cts'], { node, cwd });
      expect(traced.stdout).toBe(plain.stdout);
      // Node's warning about the typeless module (detected.ts) names the process
      const withoutPid = (text: string) => text.replace(/\(node:\d+\)/g, '(node:PID)');
      expect(withoutPid(traced.stderr)).toBe(withoutPid(plain.stderr));
      expect(traced.code).toBe(0);

      const root = rootProcess(traced);
      const files = root.modules.map((m) => path.basename(m.file)).sort();
      expect(files).toEqual(['detected.ts', 'main.cts', 'plain.ts', 'shapes.cts', 'totals.mts']);
      const names = callsOf(root).map((c) => c.name);
      expect(names.filter((n) => n === 'area').length).toBeGreaterThanOrEqual(2);
      expect(names).toContain('largest');
      expect(names).toContain('total');
      expect(names).toContain('twice');
      expect(names).toContain('half');
      // positions are the .ts file's: `function largest(` is on line 6
      const shapes = root.modules.find((m) => m.file.endsWith('shapes.cts'))!;
      expect(shapes.functions.find((f) => f.name === 'largest')?.line).toBe(6);
    }, 60_000);
  }
});
