import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import * as v8 from 'node:v8';
import { defaultV8FlagsWhileLoading, quietFlagSetter, seemsMainThread } from './default-v8-flags.js';

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

describe('quietFlagSetter', () => {
  it("takes the setter from process.binding('v8') with deprecation warnings off, and puts them back as they were", () => {
    const set: string[] = [];
    const quietWhileAsked: unknown[] = [];
    const proc = {
      noDeprecation: false,
      binding: function binding(name: string) {
        quietWhileAsked.push(proc.noDeprecation);
        return name === 'v8' ? { setFlagsFromString: (flags: string) => set.push(flags) } : {};
      },
    };
    quietFlagSetter(proc)('--stack-size=984');
    expect(set).toEqual(['--stack-size=984']);
    expect(quietWhileAsked).toEqual([true]);
    expect(proc.noDeprecation).toBe(false);
  });

  it('leaves no noDeprecation property where there was none, and a read-only one (--no-deprecation) as it is', () => {
    // named as Node's is (a bundler may rename a function expression's own name)
    const binding = Object.defineProperty(() => ({ setFlagsFromString: () => {} }), 'name', { value: 'binding' });
    const none: { binding: typeof binding; noDeprecation?: boolean } = { binding };
    quietFlagSetter(none);
    expect(Object.hasOwn(none, 'noDeprecation')).toBe(false);
    const readOnly = Object.defineProperty({ binding }, 'noDeprecation', { value: true, writable: false, enumerable: true, configurable: true });
    expect(quietFlagSetter(readOnly)).not.toBe(v8.setFlagsFromString);
    expect(Object.getOwnPropertyDescriptor(readOnly, 'noDeprecation')).toEqual({ value: true, writable: false, enumerable: true, configurable: true });
  });

  it("uses node:v8 under --pending-deprecation (process.binding is Node's deprecation wrapper), without the binding, or when it throws", () => {
    let asked = 0;
    const deprecated = function deprecated() {
      asked++;
      return { setFlagsFromString: () => {} };
    };
    expect(quietFlagSetter({ binding: deprecated })).toBe(v8.setFlagsFromString);
    expect(asked).toBe(0);
    const without = function binding() {
      throw new Error('No such module: v8');
    };
    expect(quietFlagSetter({ binding: without, noDeprecation: false })).toBe(v8.setFlagsFromString);
    expect(quietFlagSetter({})).toBe(v8.setFlagsFromString);
  });

  it('sets V8 flags in a real process without a warning, and without node:v8 where Node gives the binding', () => {
    const script = `
      const { quietFlagSetter } = require(${JSON.stringify(require.resolve('../../dist/process/default-v8-flags.js'))});
      quietFlagSetter()('--allow-natives-syntax');
      const natives = new Function('return %IsSmi(1)')();
      console.log(JSON.stringify({ natives, nodeV8: process.moduleLoadList.includes('NativeModule v8') }));`;
    const major = Number(process.versions.node.split('.')[0]);
    for (const nodeOptions of [undefined, '--no-deprecation']) {
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: nodeOptions };
      if (nodeOptions === undefined) delete env.NODE_OPTIONS;
      const result = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
      expect(result.stderr, nodeOptions).toBe('');
      expect(JSON.parse(result.stdout), nodeOptions).toEqual({ natives: true, nodeV8: major >= 24 });
    }
  });
});
