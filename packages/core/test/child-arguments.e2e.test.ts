// The node children of a traced program get the run's added flags (a larger --stack-size) on their
// command line and the runtime in NODE_OPTIONS; the program still sees its own arguments
// (child.spawnargs, execFileSync's error message and stack, the child's process.execArgv) and its own
// NODE_OPTIONS, in the root process and in its children.
import { describe, expect, it } from 'vitest';
import { callsOf, REGISTER, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

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

  it('leave NODE_OPTIONS as the program set it and show no variable of the run, in the root, children and workers', async () => {
    const plain = await runPlain(['node-options-seen.js']);
    // as `breadcrumb run` spells it: the path quoted
    const traced = await runTraced(['node-options-seen.js'], { env: { NODE_OPTIONS: `--require "${REGISTER}"` } });
    expect(plain.stdout).toBe('root: (none) -\nscratch env: (none) -\nown NODE_OPTIONS: --no-deprecation -\nprogram env: (none) -\nworker: (none) -\nworker with its own env: (none) -\n');
    expect(traced.stderr).toBe(plain.stderr);
    expect(traced.stdout).toBe(plain.stdout);
    const children = traced.processes.filter((p) => p.start.threadId === 0 && p !== rootProcess(traced));
    expect(children).toHaveLength(3);
    for (const child of children) expect(callsOf(child).map((c) => c.name)).toContain('report');
    for (const child of children) expect(child.start.parentKey).toBe(rootProcess(traced).start.processKey);
    const workers = traced.processes.filter((p) => p.start.threadId !== 0);
    expect(workers).toHaveLength(2);
    for (const worker of workers) expect(worker.start.runId).toBe(1);
  });
});
