import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { defaultV8FlagsWhileLoading, seemsMainThread } from './default-v8-flags.js';

function recorder(): { set: string[]; setFlags: (flags: string) => void } {
  const set: string[] = [];
  return { set, setFlags: (flags) => void set.push(flags) };
}

describe('defaultV8FlagsWhileLoading', () => {
  it("sets the stack size and inlining budget to V8's defaults, and back to the command line's once", () => {
    const { set, setFlags } = recorder();
    const restore = defaultV8FlagsWhileLoading(['--stack-size=2400', '--v8-pool-size=1', '--max-inlined-bytecode-size-cumulative=300'], setFlags);
    expect(set).toEqual(['--stack-size=984 --max-inlined-bytecode-size-cumulative=920']);
    restore();
    restore();
    expect(set).toEqual(['--stack-size=984 --max-inlined-bytecode-size-cumulative=920', '--stack-size=2400 --max-inlined-bytecode-size-cumulative=300']);
  });

  it('takes the last value, as V8 does, and the underscore spelling', () => {
    const { set, setFlags } = recorder();
    defaultV8FlagsWhileLoading(['--stack-size=2400', '--stack_size=500'], setFlags)();
    expect(set).toEqual(['--stack-size=984', '--stack-size=500']);
  });

  it('leaves alone a flag at its default, written in another form, or not given, and other V8 flags', () => {
    for (const execArgv of [[], ['--stack-size=984'], ['--stack-size', '2400'], ['--stack-size=2400', '--stack-size'], ['--max-old-space-size=100'], ['--stack-size=big']]) {
      const { set, setFlags } = recorder();
      defaultV8FlagsWhileLoading(execArgv, setFlags)();
      expect(set, execArgv.join(' ')).toEqual([]);
    }
  });

  it('never throws, and restores nothing when the defaults could not be set', () => {
    let calls = 0;
    const restore = defaultV8FlagsWhileLoading(['--stack-size=2400'], () => {
      calls++;
      throw new Error('no');
    });
    restore();
    expect(calls).toBe(1);
  });
});

describe('seemsMainThread', () => {
  it("tells a worker by the stub Node puts in place of its process.abort()", async () => {
    expect(seemsMainThread(() => {})).toBe(true);
    expect(seemsMainThread(Object.assign(() => {}, { disabled: true }))).toBe(false);
    // what it relies on, in this Node: a worker's process.abort is the stub, the main thread's is not
    const inWorker = await new Promise((resolve, reject) => {
      const worker = new Worker("require('node:worker_threads').parentPort.postMessage(process.abort.disabled === true)", { eval: true });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(inWorker).toBe(true);
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    expect(spawnSync(process.execPath, ['-p', 'process.abort.disabled === true'], { env, encoding: 'utf8' }).stdout.trim()).toBe('false');
  });
});
