// The node children of a traced program get the run's added flags (a larger --stack-size) on their
// command line; the program still sees its own arguments: child.spawnargs, execFileSync's error message
// and stack, and the child's process.execArgv.
import { describe, expect, it } from 'vitest';
import { callsOf, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

describe('the arguments of traced node children', () => {
  it('are the program\'s own wherever the program can see them', async () => {
    const addedExecArgv = ['--stack-size=2000', '--v8-pool-size=1'];
    const plain = await runPlain(['spawn-args.js']);
    const traced = await runTraced(['spawn-args.js'], { settings: { addedExecArgv } });
    expect(plain.stdout).toContain('message: Command failed: NODE -e process.exitCode = 3\n');
    expect(traced.stderr).toBe(plain.stderr);
    expect(traced.stdout).toBe(plain.stdout);
    // the children are traced, their recorded execArgv is theirs too
    const children = traced.processes.filter((p) => p !== rootProcess(traced));
    expect(children).toHaveLength(3);
    for (const child of children) expect(child.start.execArgv).not.toContain('--stack-size=2000');
    expect(callsOf(rootProcess(traced)).map((c) => c.name)).toContain('report');
  });
});
