// The build shape (`shape: 'build'`, what `breadcrumb build` and the Babel plugin emit) over the same
// fixtures as fixtures.test.ts: with the recorder installed it behaves and records as the load shape
// does; with none (a built program run with recording off) the program still behaves exactly as plain,
// stack-trace lines included.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { decodeFrames, EventKind, FrameType } from '../../core/src/spool/format.js';
import { BUILD_PROBE_GLOBAL, instrument } from '../src/index.js';

const fixturesDir = path.join(__dirname, 'fixtures');
const hook = path.join(__dirname, 'support', 'trace-hook.cjs');

function run(dir: string, entry: string, env: Record<string, string>) {
  const framesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bc-build-shape-')), 'frames.bin');
  const result = spawnSync(process.execPath, ['--require', hook, entry], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', BC_TEST_ROOT: dir, BC_TEST_FRAMES: framesFile, BC_TEST_SHAPE: 'build', ...env },
    timeout: 30_000,
  });
  const frames = fs.existsSync(framesFile) ? decodeFrames(new Uint8Array(fs.readFileSync(framesFile))).frames : [];
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, frames };
}

function callCount(frames: ReturnType<typeof run>['frames']): number {
  return frames
    .filter((f) => f.type === FrameType.Events)
    .reduce((n, f) => n + Array.from((f.body as { kind: Uint8Array }).kind).filter((k) => k === EventKind.Call).length, 0);
}

/** `input.js:12:34` → `input.js:12`: without the recorder nothing maps columns back (as before the build shape). */
const withoutColumns = (text: string) => text.replace(/(input\.m?js:\d+):\d+/g, '$1').replace(/(^|[^\d])(\d+):\d+(?=[,/ \n]|$)/gm, '$1$2');

const cases = fs.readdirSync(fixturesDir).filter((name) => fs.statSync(path.join(fixturesDir, name)).isDirectory());

describe('build shape: same behaviour recording on and off', () => {
  for (const name of cases) {
    const dir = path.join(fixturesDir, name);
    const entry = fs.readdirSync(dir).find((file) => /^input\.(c|m)?js$/.test(file))!;
    const expected = fs.readFileSync(path.join(dir, 'expected.txt'), 'utf8');
    it(name, () => {
      const plain = spawnSync(process.execPath, [entry], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      const on = run(dir, entry, { BC_TEST_CAPTURE: '1' });
      expect(on.stderr).not.toMatch(/__bc\$/);
      expect(on.stdout).toBe(expected);
      expect(on.status).toBe(plain.status);
      if (fs.existsSync(path.join(dir, 'same-stderr'))) expect(on.stderr).toBe(plain.stderr);
      expect(on.frames.some((f) => f.type === FrameType.Module)).toBe(true);
      expect(callCount(on.frames)).toBeGreaterThan(0);

      const off = run(dir, entry, { BC_TEST_RECORDER: '0' });
      expect(off.stderr).not.toMatch(/__bc\$/);
      // A fixture with this file names the lines that only the recorder's stack remapping keeps: a
      // `yield*` operand call on a later line than its start (the probe call before it is shown).
      const movedLines = path.join(dir, 'lines-moved-when-recording-off');
      const lineOnly = (text: string) =>
        fs.existsSync(movedLines) ? withoutColumns(text).replace(new RegExp(fs.readFileSync(movedLines, 'utf8').trim(), 'gm'), '') : withoutColumns(text);
      // A fixture with this file prints stack frames' function names: a recording-off copy of a body is
      // followed by our own declaration, and V8 names a function literal the copy left unnamed after it
      // (`return [function () {}]` shows as `__bc$x`). Known, and only in the build shape with recording off.
      const ourNames = fs.existsSync(path.join(dir, 'names-differ-when-recording-off')) ? / ?__bc\$\w+/g : /(?!)/g;
      expect(lineOnly(off.stdout.replace(ourNames, ''))).toBe(lineOnly(expected));
      expect(off.status).toBe(plain.status);
      // An uncaught exception names the same file and line (the line shown is the built one).
      if (fs.existsSync(path.join(dir, 'same-stderr'))) expect(off.stderr.split('\n')[0]).toBe(plain.stderr.split('\n')[0]);
      expect(off.frames).toEqual([]);
    });
  }
});

describe('build shape: generated code', () => {
  const opts = { filename: '/app/src/mod.js', moduleId: './src/mod.js', sourceType: 'script' as const, shape: 'build' as const };

  it('a copied body that falls off its end returns there', () => {
    const { code } = instrument('function set(o) { o.x = 1; o.y = 2 }', opts);
    expect(code).toContain('{o.x = 1; o.y = 2;return}');
  });

  it('runs a one-line body as it is when recording is off, on the same line', () => {
    const source = ['function add(a, b) {', '  return a + b;', '}', 'const twice = (x) => x * 2;', 'function many(a) {', '  a++;', '  return a;', '}'].join('\n');
    const { code } = instrument(source, opts);
    const lines = code.split('\n');
    expect(lines[0]).toMatch(/^\/\*@bc\*\/var (__bc\$\w+o)=__bc\$\w+i\(\)\.bcOff===true;/);
    expect(lines[1]).toMatch(/\/\*@bc\*\/if\(__bc\$\w+o\)\{return a \+ b;\}const /);
    expect(lines[3]).toContain('return  x * 2;');
    // A body over several lines has no copy: the try/finally runs, its probes are no-ops.
    expect(lines[4]).not.toMatch(/if\(__bc\$\w+o\)/);
    expect(code.split('\n').length).toBe(source.split('\n').length + 1);
  });

  it('keeps a body that declares functions in one piece (hoisting stays the function\'s own)', () => {
    const { code } = instrument('function f() { return g(); function g() { return 1; } }', opts);
    expect(code).toMatch(/function f\(\) \{\/\*@bc\*\/const (__bc\$\w+)=__bc\$pv5,/);
    expect(code).toContain('{return 1;}'); // g's own body is copied
  });

  it('calls through one global, defined once for the process, never writable', () => {
    const { code } = instrument('function f(a) { return a; }\nmodule.exports = f;', opts);
    const module = { exports: null as unknown };
    const context = vm.createContext({ module });
    vm.runInContext(code, context);
    vm.runInContext(code.replace('function f(a)', 'function g(a)'), context); // a second module
    const descriptor = vm.runInContext(`Object.getOwnPropertyDescriptor(globalThis, ${JSON.stringify(BUILD_PROBE_GLOBAL)})`, context);
    expect(descriptor.writable).toBe(false);
    expect(descriptor.enumerable).toBe(false);
    expect(descriptor.value.bcOff).toBe(true);
    expect((module.exports as (a: number) => number)(7)).toBe(7);
  });

  it('an ES module checks its table is registered first (a function called through an import cycle)', () => {
    const { code } = instrument('export function f(a) { return a; }', { ...opts, sourceType: 'module' });
    expect(code).toMatch(/const (__bc\$\w+)=\1f===void 0\?\1i\(\):__bc\$pv5/);
  });
});
