// Worker threads as the program sees them, and as the trace sees them: a worker's own execArgv is the one
// the program gave it (the preload the runtime appends is taken back out, in workers of workers too, and
// so are the run's added flags a worker inherits on Node 22 and 24); its entry loads as without
// Breadcrumb; a worker terminated right after it answers keeps its events.
import { describe, expect, it } from 'vitest';
import { callsOf, extraNodeBinaries, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

const binaries = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];

describe('what a traced worker sees of itself', () => {
  for (const { version, node } of binaries) {
    it(`keeps process.execArgv of workers and nested workers as given (${version})`, async () => {
      // started as `breadcrumb run` starts node: with flags of ours that the program must not see
      const addedExecArgv = ['--stack-size=1500', '--v8-pool-size=1'];
      const plain = await runPlain(['worker-self.js'], { node });
      const traced = await runTraced([...addedExecArgv, 'worker-self.js'], { node, settings: { addedExecArgv } });
      expect(plain.stdout).toContain('execArgv-own: ["--no-warnings"]');
      expect(traced.stderr).toBe(plain.stderr);
      expect(traced.stdout).toBe(plain.stdout);
      // and every worker is still traced
      const workers = traced.processes.filter((p) => p.start.threadId !== 0);
      expect(workers).toHaveLength(8);
      for (const worker of workers) expect(callsOf(worker).map((c) => c.name)).toContain('describeSelf');
      expect(rootProcess(traced).end).toMatchObject({ reason: 'exit', exitCode: 0 });
    });
  }

  it('keeps the events of a worker terminated as soon as it answers, and its postMessage errors read as plain', async () => {
    const plain = await runPlain(['worker-terminate.js']);
    const traced = await runTraced(['worker-terminate.js']);
    expect(plain.stdout).toContain('DataCloneError');
    expect(plain.stdout).toContain('result 49\nterminated 1\n');
    expect(traced.stdout).toBe(plain.stdout);
    const worker = traced.processes.find((p) => p.start.threadId !== 0);
    expect(worker).toBeDefined();
    expect(callsOf(worker!).map((c) => c.name)).toEqual(['answerTask', 'square']);
  });

  for (const { version, node } of binaries) {
    it(`loads a CommonJS worker's entry through Node's CommonJS loader, as its error stacks show (${version})`, async () => {
      const plain = await runPlain(['worker-throws.js'], { node });
      const traced = await runTraced(['worker-throws.js'], { node });
      expect(plain.stdout).toContain('SyntaxError: cannot read settings.json\n    at readConfig (<dir>/worker-throws.js:6:9)');
      // Node's `.js` handler reads `Object..js` in a worker's stacks on Node 22 and 24, and the handler
      // standing in for it `Module._extensions..js` (a known difference, see loader-frames.ts)
      const handlerName = /at (Object|Module\._extensions)\.\.js /g;
      expect(traced.stdout.replace(handlerName, 'at .js ')).toBe(plain.stdout.replace(handlerName, 'at .js '));
      const worker = traced.processes.find((p) => p.start.threadId !== 0);
      expect(callsOf(worker!).map((c) => c.name)).toEqual(['readConfig']);
    });
  }
});
