// End to end: real node processes with the runtime preloaded as `breadcrumb run` does it, their spool
// decoded and checked.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventKind } from '../src/spool/format.js';
import { V8_COVERAGE_WARNING } from '../src/runtime.js';
import { callsOf, extraNodeBinaries, FIXTURES, readSpool, REGISTER, rootProcess, runPlain, runTraced, tempHome, type TracedProcess } from './helpers/traced-process.js';

function parentName(process: TracedProcess, name: string): string | undefined {
  const calls = callsOf(process);
  const call = calls.find((c) => c.name === name);
  if (call === undefined) throw new Error(`no call of ${name}; calls: ${calls.map((c) => c.name).join(', ')}`);
  return calls.find((c) => c.call === call.parent)?.name;
}

describe('a CommonJS program', () => {
  it('behaves as without Breadcrumb and attributes callbacks to the call that scheduled them', async () => {
    const plain = await runPlain(['causality.js']);
    const traced = await runTraced(['causality.js']);
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.stderr).toBe(plain.stderr);
    expect(traced.code).toBe(0);
    const root = rootProcess(traced);
    expect(root.start.runId).toBe(1);
    expect(root.start.argv[1]).toBe(path.join(FIXTURES, 'causality.js'));
    expect(root.modules.map((m) => m.moduleId)).toEqual(['./causality.js']);
    expect(parentName(root, 'onTimer')).toBe('scheduleTimer');
    expect(parentName(root, 'onThen')).toBe('schedulePromise');
    expect(parentName(root, 'onTick')).toBe('scheduleTick');
    expect(parentName(root, 'onImmediate')).toBe('scheduleImmediate');
    expect(parentName(root, 'onNested')).toBe('scheduleNested');
    expect(parentName(root, 'onPing')).toBe('emitPing');
    expect(parentName(root, 'emitPing')).toBe('emitLater');
    expect(root.end).toMatchObject({ reason: 'exit', exitCode: 0, signal: null });
  });

  it('instruments a script with no extension (a shebang bin), and its uncaught error prints as plain', async () => {
    const plain = await runPlain(['shebang-bin', 'bin']);
    const traced = await runTraced(['shebang-bin', 'bin']);
    expect(plain.stdout).toBe('hello bin\n');
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.stderr).toBe(plain.stderr);
    expect(traced.code).toBe(plain.code);
    const root = rootProcess(traced);
    expect(root.modules.map((m) => m.moduleId)).toEqual(['./shebang-bin']);
    expect(callsOf(root).map((c) => c.name)).toEqual(['greet']);
  });

  it('keeps the exit code of process.exit and records it', async () => {
    const traced = await runTraced(['exit-code.js']);
    expect(traced.code).toBe(3);
    expect(traced.stdout).toBe('exiting\n');
    const root = rootProcess(traced);
    expect(root.end).toMatchObject({ reason: 'exit', exitCode: 3 });
    expect(callsOf(root).map((c) => c.name)).toContain('finish');
  });

  it('records an uncaught exception and lets Node report it and exit as it would', async () => {
    const plain = await runPlain(['uncaught.js']);
    const traced = await runTraced(['uncaught.js']);
    expect(traced.code).toBe(plain.code);
    expect(traced.code).toBe(1);
    expect(traced.stderr).toContain('RangeError: out of range');
    const root = rootProcess(traced);
    expect(root.end).toMatchObject({ reason: 'uncaught', exitCode: 1, error: { name: 'RangeError', message: 'out of range' } });
    const kinds = root.batches.flatMap((b) => Array.from(b.kind.subarray(0, b.count)));
    expect(kinds).toContain(EventKind.Exception);
  });

  it('says which exception ended the process (its captured value) and redacts its text', async () => {
    const plain = await runPlain(['uncaught-secret.js']);
    const traced = await runTraced(['uncaught-secret.js']);
    expect(traced.code).toBe(plain.code);
    expect(traced.stdout).toBe(plain.stdout);
    const root = rootProcess(traced);
    const error = root.end?.error;
    expect(error?.message).not.toContain('hunter2-Secret-Pw');
    expect(error?.stack).not.toContain('hunter2-Secret-Pw');
    expect(error?.message).toContain('REDACTED');
    const values = root.batches.flatMap((b) =>
      Array.from({ length: b.count }, (_, i) => i).filter((i) => b.kind[i] === EventKind.Exception).map((i) => b.values[b.value[i]!]!),
    );
    // the first (caught at the top level) and the fatal one, whose value the end carries
    expect(values).toHaveLength(2);
    expect(values[0]).not.toBe(values[1]);
    expect(error?.value).toBe(values[1]);
  });

  it("warns that V8's coverage (c8) counts the instrumented code when NODE_V8_COVERAGE is set", async () => {
    const coverage = fs.mkdtempSync(path.join(tempHome(), 'coverage-'));
    const traced = await runTraced(['exit-code.js'], { env: { NODE_V8_COVERAGE: coverage } });
    expect(rootProcess(traced).warnings.map((w) => w.message)).toContain(V8_COVERAGE_WARNING);
    const without = await runTraced(['exit-code.js']);
    expect(rootProcess(without).warnings.map((w) => w.message)).not.toContain(V8_COVERAGE_WARNING);
  });

  it("keeps Node's callback trampoline out of the stacks of native callbacks (fs), caught or uncaught", async () => {
    for (const { node } of [{ node: process.execPath }, ...extraNodeBinaries()]) {
      const plain = await runPlain(['native-callback-stack.js'], { node });
      const traced = await runTraced(['native-callback-stack.js'], { node });
      expect(plain.stdout).toContain('FSReqCallback.readFileAfterClose');
      expect(traced.stdout).toBe(plain.stdout);
      expect(traced.stderr).toBe(plain.stderr);
      expect(traced.code).toBe(plain.code);
      // the callbacks are still attributed to the calls that scheduled them: onStat to onRead
      const calls = callsOf(rootProcess(traced));
      const onRead = calls.find((c) => c.name === 'onRead')!;
      expect(calls.find((c) => c.name === 'onStat')?.parent).toBe(onRead.call);
    }
  });

  it('prints an uncaught exception as without Breadcrumb: the throw line and its arrow, values still recorded', async () => {
    const plain = await runPlain(['uncaught-line.js']);
    const traced = await runTraced(['uncaught-line.js']);
    expect(traced.code).toBe(plain.code);
    expect(traced.stdout).toBe(plain.stdout);
    expect(plain.stderr).toContain('uncaught-line.js:3\n  if (x > 1) throw');
    // The one line that differs is where Node's `.js` handler is: the CommonJS hook's own handler takes
    // its place (same name, same number of frames) while the main module's top level runs.
    const handlerFrame = /^( {4}at Module\._extensions\.\.js) \(.*\)$/m;
    expect(traced.stderr.replace(handlerFrame, '$1')).toBe(plain.stderr.replace(handlerFrame, '$1'));
    expectExceptionValues(rootProcess(traced));
  });

  it('flushes on SIGTERM and dies of the same signal', async () => {
    const traced = await runTraced(['loop-until-signal.js'], {
      onSpawn: (child) => child.stdout!.once('data', () => child.kill('SIGTERM')),
    });
    expect(traced.signal).toBe('SIGTERM');
    const root = rootProcess(traced);
    expect(root.end).toMatchObject({ reason: 'signal', signal: 'SIGTERM', exitCode: null });
    expect(callsOf(root).filter((c) => c.name === 'tick').length).toBeGreaterThanOrEqual(5);
  });

  it('dies of a signal that a signal-exit style handler raises again (it does so only when its listener is alone)', async () => {
    const plain = await runPlain(['signal-exit-style.js']);
    const traced = await runTraced(['signal-exit-style.js']);
    expect(plain.signal).toBe('SIGINT');
    expect(plain.stdout).toBe('cleanup\n');
    expect(traced.signal).toBe(plain.signal);
    expect(traced.stdout).toBe(plain.stdout);
    const root = rootProcess(traced);
    expect(root.end).toMatchObject({ reason: 'signal', signal: 'SIGINT', exitCode: null });
    expect(callsOf(root).map((c) => c.name)).toEqual(expect.arrayContaining(['onSignal', 'cleanup']));
  });

  it('adds no MaxListenersExceededWarning to a program with 10 exit and signal listeners of its own', async () => {
    const plain = await runPlain(['ten-listeners.js']);
    const traced = await runTraced(['ten-listeners.js']);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toBe(`listeners 10 10 10\n${'exit listeners ran\n'.repeat(10)}`);
    expect(traced.stderr).toBe(plain.stderr);
    expect(traced.stdout).toBe(plain.stdout);
    const root = rootProcess(traced);
    expect(root.end).toMatchObject({ reason: 'exit', exitCode: 0 });
    expect(callsOf(root).filter((c) => c.name === 'onExit').length).toBe(10);
  });

  it('leaves SIGTERM to a program that handles it', async () => {
    const traced = await runTraced(['own-sigterm-handler.js'], {
      onSpawn: (child) => child.stdout!.once('data', () => child.kill('SIGTERM')),
    });
    expect(traced.code).toBe(0);
    expect(traced.stdout).toBe('ready\nhandled SIGTERM\n');
    expect(rootProcess(traced).end).toMatchObject({ reason: 'exit', exitCode: 0 });
  });

  it('keeps what was recorded up to 100 ms before a SIGKILL', async () => {
    // The ticks the program had printed 100 ms before the kill (as they reached us: later than they
    // ran) must all be recorded. Counted from the printed numbers, not from the time elapsed: on a
    // loaded machine the program makes fewer ticks, and fewer is not a loss.
    let lastTickSeen = 0;
    let tickAtDeadline = 0;
    const traced = await runTraced(['loop-until-signal.js'], {
      onSpawn: (child) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          for (const m of chunk.toString().matchAll(/tick (\d+)/g)) lastTickSeen = Math.max(lastTickSeen, Number(m[1]));
        });
        child.stdout!.once('data', () => {
          setTimeout(() => (tickAtDeadline = lastTickSeen), 50);
          setTimeout(() => child.kill('SIGKILL'), 150);
        });
      },
    });
    expect(traced.signal).toBe('SIGKILL');
    const root = rootProcess(traced);
    expect(root.end).toBeNull();
    expect(tickAtDeadline).toBeGreaterThanOrEqual(5);
    expect(callsOf(root).filter((c) => c.name === 'tick').length).toBeGreaterThanOrEqual(tickAtDeadline);
  });

  it('gets events out of a program that never yields, so a SIGKILL loses only the last moments', async () => {
    const traced = await runTraced(['busy-loop.js'], {
      settings: { maxDetailedCallsPerFunction: 1_000_000_000 },
      onSpawn: (child) => child.stdout!.once('data', () => setTimeout(() => child.kill('SIGKILL'), 1000)),
    });
    expect(traced.signal).toBe('SIGKILL');
    expect(callsOf(rootProcess(traced)).filter((c) => c.name === 'step').length).toBeGreaterThan(1000);
  });

  it('loads nothing with BREADCRUMB_ENABLED=false', async () => {
    const traced = await runTraced(['causality.js'], { env: { BREADCRUMB_ENABLED: 'false' } });
    expect(traced.stdout).toBe('done\n');
    expect(traced.processes).toEqual([]);
  });

  it('loads minimatch for an include glob that needs it without a word on stderr, and traces none of its files', async () => {
    const traced = await runTraced(['glob-include/main.js'], { settings: { include: ['./glob-include/*.js'] } });
    expect(traced.stderr).toBe('');
    expect(traced.stdout).toBe('49\n');
    const root = rootProcess(traced);
    expect(root.modules.map((m) => m.moduleId).sort()).toEqual(['./glob-include/lib.js', './glob-include/main.js']);
    // `exports.square = function square`: named where it is assigned
    expect(callsOf(root).map((c) => c.name)).toEqual(['exports.square']);
  });

  it('runs a file that cannot be instrumented as it is, with one warning', async () => {
    const traced = await runTraced(['exit-code.js'], {
      settings: { exclude: ['./preload-*.js'] },
      env: { NODE_OPTIONS: `--require ${REGISTER} --require ${path.join(FIXTURES, 'preload-broken-instrumenter.js')}` },
    });
    expect(traced.code).toBe(3);
    const root = rootProcess(traced);
    expect(root.warnings.filter((w) => w.file === path.join(FIXTURES, 'exit-code.js'))).toHaveLength(1);
  });
});

/** uncaught-line.js: boom(3) caught in traced code, then boom(5) and main uncaught. */
function expectExceptionValues(root: TracedProcess): void {
  const names = new Map<number, string>();
  for (const table of root.modules) table.functions.forEach((fn, i) => names.set(table.fnBase + i, fn.name));
  const exceptions: string[] = [];
  for (const b of root.batches) {
    for (let i = 0; i < b.count; i++) {
      if (b.kind[i] !== EventKind.Exception) continue;
      const value = b.value[i]! >= 0 ? b.values[b.value[i]!]! : 'none';
      exceptions.push(`${names.get(b.id[i]!)} ${value.includes('too big: 3') ? 3 : value.includes('too big: 5') ? 5 : value}`);
    }
  }
  expect(exceptions).toEqual(['boom 3', 'boom 5', 'main 5']);
}

describe('every process of the run', () => {
  it('traces spawn with a custom env, execFileSync, fork and workers (execArgv: [], SHARE_ENV) as one tree', async () => {
    const traced = await runTraced(['processes.js']);
    expect(traced.code).toBe(0);
    expect(traced.stdout.split('\n').sort().join('\n')).toBe(
      ['', 'all done', 'child via execFileSync', 'child via fork', 'child via spawn', 'worker execArgv-empty', 'worker share-env'].join('\n'),
    );
    const root = rootProcess(traced);
    const children = traced.processes.filter((p) => p !== root);
    expect(children).toHaveLength(5);
    for (const child of children) {
      expect(child.start.parentKey).toBe(root.start.processKey);
      expect(child.start.runId).toBe(1);
      expect(child.end).toMatchObject({ reason: 'exit', exitCode: 0 });
    }
    const processCalls = children.filter((p) => p.start.threadId === 0).map((p) => callsOf(p).map((c) => c.name));
    expect(processCalls).toEqual([['childWork'], ['childWork'], ['childWork']]);
    const workers = children.filter((p) => p.start.threadId !== 0);
    expect(workers).toHaveLength(2);
    for (const worker of workers) {
      expect(worker.start.pid).toBe(root.start.pid);
      expect(callsOf(worker).map((c) => c.name)).toEqual(['workerWork']);
    }
  });
});

describe('programmatic use and npm scripts', () => {
  it('init() traces what the program loads after it, spooled next to the given database', async () => {
    const home = tempHome();
    const dbPath = path.join(home, 'data', 'app-traces.db');
    const result = await runPlain(['programmatic.js', dbPath], { env: { BREADCRUMB_HOME: home } });
    expect(result.stdout).toBe('12 true true\nInitOptionsError init(): sampleRate must be a number between 0 and 1\n');
    const [process] = readSpool(path.join(home, 'data', 'app-traces.spool'));
    expect(process!.start).toMatchObject({ runId: null, parentKey: null });
    expect(process!.modules.map((m) => m.moduleId)).toEqual(['./programmatic-lib.js']);
    expect(callsOf(process!).map((c) => c.name)).toEqual(['area']);
  });

  it('traces the node processes an npm script starts, as children of npm', async () => {
    const traced = await runTraced(['-e', 'require("node:child_process").execFileSync("npm", ["run", "-s", "start"], { stdio: "inherit", cwd: "npm-script" })']);
    expect(traced.stdout).toBe('from npm script\n');
    const script = traced.processes.find((p) => p.modules.some((m) => m.moduleId === './npm-script/main.js'));
    expect(script).toBeDefined();
    const npm = traced.processes.find((p) => p.start.processKey === script!.start.parentKey);
    expect(npm?.start.parentKey).toBe(rootProcess(traced).start.processKey);
    expect(callsOf(script!).map((c) => c.name)).toEqual(['fromNpmScript']);
  });
});

describe('ES modules and TypeScript', () => {
  it('instruments the ES modules of a worker thread (on Node 20 through hooks the worker registers from its preload)', async () => {
    const traced = await runTraced(['esm-worker.js']);
    expect(traced.stdout).toBe('worker says 42\n');
    const worker = traced.processes.find((p) => p.start.threadId !== 0);
    expect(worker?.modules.map((m) => m.moduleId).sort()).toEqual(['./esm/lib.mjs', './esm/worker.mjs']);
    expect(callsOf(worker!).map((c) => c.name)).toEqual(['inWorker', 'double']);
  });

  it('prints an uncaught exception of an ES module byte for byte as without Breadcrumb', async () => {
    const plain = await runPlain(['esm/uncaught-line.mjs']);
    const traced = await runTraced(['esm/uncaught-line.mjs']);
    expect(traced.code).toBe(plain.code);
    expect(traced.stdout).toBe(plain.stdout);
    expect(plain.stderr).toContain('uncaught-line.mjs:3\n  if (x > 1) throw');
    expect(traced.stderr).toBe(plain.stderr);
    expectExceptionValues(rootProcess(traced));
  });

  it('counts the columns of an ES module that starts with a byte order mark as Node does (from after it)', async () => {
    const nodes = [{ node: process.execPath }, ...extraNodeBinaries()];
    for (const { node } of nodes) {
      const plain = await runPlain(['esm/bom.mjs'], { node });
      const traced = await runTraced(['esm/bom.mjs'], { node });
      // the column of `inner(x)` in outer's frame, + 1
      expect(plain.stdout).toBe('36\n');
      expect(traced.stdout).toBe(plain.stdout);
      expect(callsOf(rootProcess(traced)).map((c) => c.name)).toEqual(['outer', 'inner']);
    }
  });

  it('maps the columns of an ES module imported with a query string or a fragment back', async () => {
    const plain = await runPlain(['esm/query-import.mjs']);
    const traced = await runTraced(['esm/query-import.mjs']);
    expect(plain.stdout).toContain('query-thrower.mjs?v=2#again:2:');
    expect(plain.stdout.split('\n').filter((line) => line.includes('query-thrower')).length).toBe(4);
    expect(traced.stdout).toBe(plain.stdout);
  });

  it('instruments ES modules with top-level await and dynamic import', async () => {
    const traced = await runTraced(['esm/main.mjs']);
    expect(traced.stdout).toBe('5 9\n');
    expect(traced.processes).toHaveLength(1); // Node's ESM hooks thread is no process of the program
    const root = rootProcess(traced);
    expect(root.modules.map((m) => m.moduleId).sort()).toEqual(['./esm/dynamic.mjs', './esm/lib.mjs', './esm/main.mjs']);
    expect(callsOf(root).map((c) => c.name)).toEqual(expect.arrayContaining(['compute', 'double', 'triple']));
    expect(parentName(root, 'double')).toBe('compute');
  });

  it('instruments, as a module, a .js file without a package type that Node runs as one (require(esm) by syntax detection)', async () => {
    const plain = await runPlain(['detect-module/main.cjs']);
    const traced = await runTraced(['detect-module/main.cjs']);
    expect(plain.stdout).toBe('12 lib.js\n');
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.stderr).toBe(plain.stderr);
    const root = rootProcess(traced);
    expect(root.warnings).toEqual([]);
    expect(root.modules.map((m) => m.moduleId).sort()).toEqual(['./detect-module/lib.js', './detect-module/main.cjs']);
    expect(callsOf(root).map((c) => c.name)).toContain('area');
  });

  it('instruments a .ts program run through tsx, with positions in the .ts source', async () => {
    const traced = await runTraced(['--import', 'tsx', 'ts/main.ts'], { cwd: FIXTURES });
    expect(traced.stdout).toBe('total 5\n');
    const root = rootProcess(traced);
    const table = root.modules.find((m) => m.moduleId === './ts/main.ts');
    expect(table?.functions.find((f) => f.name === 'total')).toMatchObject({ line: 2 });
    expect(callsOf(root).map((c) => c.name)).toContain('total');
  });

  it('instruments an ES module .mts through tsx: our hooks stay outermost, after tsx registers its own', async () => {
    const traced = await runTraced(['--import', 'tsx', 'ts/esm-main.mts'], { cwd: FIXTURES });
    expect(traced.stdout).toBe('hello ts\n');
    const root = rootProcess(traced);
    expect(root.warnings).toEqual([]);
    expect(callsOf(root).map((c) => c.name)).toContain('greet'); // and esbuild's __name helper
  });
});

describe.each(extraNodeBinaries())('on Node $version', ({ node }) => {
  it('traces CommonJS, ES modules, children and workers', async () => {
    const causality = await runTraced(['causality.js'], { node });
    const root = rootProcess(causality);
    for (const [callback, scheduler] of [['onTimer', 'scheduleTimer'], ['onThen', 'schedulePromise'], ['onTick', 'scheduleTick'], ['onImmediate', 'scheduleImmediate'], ['onNested', 'scheduleNested'], ['onPing', 'emitPing']]) {
      expect(parentName(root, callback!)).toBe(scheduler);
    }
    const esm = await runTraced(['esm/main.mjs'], { node });
    expect(esm.stdout).toBe('5 9\n');
    expect(callsOf(rootProcess(esm)).map((c) => c.name)).toEqual(expect.arrayContaining(['compute', 'double', 'triple']));
    const mts = await runTraced(['--import', 'tsx', 'ts/esm-main.mts'], { node });
    expect(callsOf(rootProcess(mts)).map((c) => c.name)).toContain('greet');
    const detected = await runTraced(['detect-module/main.cjs'], { node });
    expect(detected.stdout).toBe('12 lib.js\n');
    expect(rootProcess(detected).warnings).toEqual([]);
    expect(callsOf(rootProcess(detected)).map((c) => c.name)).toContain('area');
    const processes = await runTraced(['processes.js'], { node });
    expect(processes.code).toBe(0);
    expect(processes.processes).toHaveLength(6);
    expect(processes.processes.every((p) => p.end?.reason === 'exit')).toBe(true);
    const uncaught = await runTraced(['uncaught.js'], { node });
    expect(uncaught.code).toBe(1);
    expect(rootProcess(uncaught).end).toMatchObject({ reason: 'uncaught', exitCode: 1 });
  });
});

describe('the transform cache', () => {
  it('serves a second run without loading the instrumenter', async () => {
    const first = await runTraced(['causality.js']);
    const cacheDir = path.join(first.home, 'cache');
    const entries = fs.readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.js'));
    expect(entries).toHaveLength(1);
    const second = await runTraced(['causality.js'], {
      settings: { cacheDir, exclude: ['./preload-*.js'] },
      env: { NODE_OPTIONS: `--require ${REGISTER} --require ${path.join(FIXTURES, 'preload-broken-instrumenter.js')}` },
    });
    expect(second.stdout).toBe('done\n');
    expect(rootProcess(second).warnings).toEqual([]);
    expect(callsOf(rootProcess(second)).map((c) => c.name)).toContain('onTimer');
  });
});
