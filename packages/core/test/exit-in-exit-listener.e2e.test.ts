// A program's 'exit' listener that calls process.exit() ends the process before the listeners after it
// run, ours included (process/exit-handlers.ts): the final flush must still happen.
import { describe, expect, it } from 'vitest';
import { callsOf, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

describe('process.exit() inside an exit listener', () => {
  it('keeps the exit code and output, and still flushes: the end and the listener\'s own calls are recorded', async () => {
    const plain = await runPlain(['exit-in-exit-listener.js']);
    const traced = await runTraced(['exit-in-exit-listener.js']);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe('validated\n1 error(s)\n');
    expect(traced.code).toBe(plain.code);
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.stderr).toBe(plain.stderr);
    const root = rootProcess(traced);
    expect(root.end).toMatchObject({ reason: 'exit', exitCode: 1 });
    expect(callsOf(root).map((c) => c.name)).toEqual(expect.arrayContaining(['validate', 'onExit', 'report']));
  }, 60_000);
});
