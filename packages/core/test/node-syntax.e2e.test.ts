// Syntax that Babel parses whatever Node runs the file (hooks/node-syntax.ts): traced where this Node
// runs it; where it does not, the same SyntaxError as plain, original line and caret included, because
// the file is then left as it is. `import … assert {}` runs on Node 20 only; `using` declarations,
// RegExp modifiers and duplicate named groups on Node 24 only.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsOf, extraNodeBinaries, FIXTURES, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

const cwd = path.join(FIXTURES, 'node-syntax');
const withoutPid = (text: string) => text.replace(/\(node:\d+\)/g, '(node:PID)');
const programs = [
  { file: 'assert.mjs', runsFrom: 20, runsBefore: 22, line: 3, stdout: 'data:3 data:3\n', calls: ['describe', 'describe'] },
  { file: 'using.cjs', runsFrom: 24, runsBefore: Infinity, line: 5, stdout: '3 dispose a, body, dispose b\n', calls: ['scoped', 'resource', '[Symbol.dispose]', 'resource', '[Symbol.dispose]'] },
  { file: 'regexp.mjs', runsFrom: 24, runsBefore: Infinity, line: 3, stdout: "[ true, null ] [ false, 'y' ]\n", calls: ['matches', 'matches'] },
];

describe('syntax only some Node versions run', () => {
  for (const { version, node } of [{ version: process.versions.node.split('.')[0]!, node: process.execPath }, ...extraNodeBinaries()]) {
    for (const program of programs) {
      const major = Number(version);
      const runs = major >= program.runsFrom && major < program.runsBefore;
      it(`${program.file} on Node ${version}: ${runs ? 'traced, the same output and warnings' : 'the SyntaxError it is plain'}`, async () => {
        const plain = await runPlain([program.file], { node, cwd });
        const traced = await runTraced([program.file], { node, cwd });
        expect(traced.stdout).toBe(plain.stdout);
        expect(withoutPid(traced.stderr)).toBe(withoutPid(plain.stderr));
        expect(traced.code).toBe(plain.code);
        if (runs) {
          expect(plain.stdout).toBe(program.stdout);
          expect(callsOf(rootProcess(traced)).map((c) => c.name)).toEqual(program.calls);
        } else {
          expect(plain.stderr).toMatch(new RegExp(`^file:.*${program.file}:${program.line}\\n|^/.*${program.file}:${program.line}\\n`));
          expect(plain.stderr).toMatch(/SyntaxError/);
        }
      }, 60_000);
    }
  }
});
