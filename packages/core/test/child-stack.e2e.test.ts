// Instrumented frames are bigger: `breadcrumb run` gives the node it starts a larger --stack-size
// (settings.addedExecArgv), and the runtime gives it to every node child the program starts, so that a
// recursion that fits in a plain child fits in a traced one. Each process hides the flag again.
import { describe, expect, it } from 'vitest';
import { extraNodeBinaries, runPlain, runTraced } from './helpers/traced-process.js';

const FLAG = '--stack-size=1900';

interface ChildReport {
  how: string;
  depth: number;
  execArgv: string[];
}

function reports(stdout: string): Record<string, ChildReport> {
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as ChildReport);
  return Object.fromEntries(lines.map((r) => [r.how, r]));
}

describe('node children of a traced process', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`get its larger stack, hidden from process.execArgv, and a flag of their own still wins (${version})`, async () => {
      const plain = reports((await runPlain(['deep-children.js'], { node })).stdout);
      const traced = await runTraced([FLAG, 'deep-children.js'], { node, settings: { addedExecArgv: [FLAG] } });
      expect(traced.code).toBe(0);
      const children = reports(traced.stdout);
      expect(Object.keys(children).sort()).toEqual(['execFileSync', 'fork', 'own-flag', 'spawn', 'spawnSync']);
      for (const how of ['execFileSync', 'spawnSync', 'spawn', 'fork']) {
        expect(children[how]!.depth, how).toBeGreaterThanOrEqual(plain[how]!.depth);
        expect(children[how]!.execArgv, how).toEqual(plain[how]!.execArgv);
      }
      // --stack-size=500 on the child's command line comes after ours: the child has the smaller stack
      expect(children['own-flag']!.execArgv).toEqual(['--stack-size=500']);
      expect(children['own-flag']!.depth).toBeLessThan(plain.execFileSync!.depth);
      // every child was traced, as part of the run
      expect(traced.processes).toHaveLength(6);
    }, 60_000);
  }

  it('get nothing added when the run added nothing (a command that is not node itself)', async () => {
    const traced = await runTraced(['deep-children.js']);
    const children = reports(traced.stdout);
    for (const how of ['execFileSync', 'spawnSync', 'spawn', 'fork']) expect(children[how]!.execArgv, how).toEqual([]);
    expect(children['own-flag']!.execArgv).toEqual(['--stack-size=500']);
  }, 60_000);
});
