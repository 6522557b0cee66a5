import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transformSync } from '@babel/core';
import { describe, expect, it } from 'vitest';
import plugin, { isInstrumented } from './index.js';

const standalone = path.resolve(__dirname, '../../core/dist/standalone.js');

function transform(code: string, filename: string, options: Record<string, unknown>, sourceType: 'script' | 'module' = 'script') {
  return transformSync(code, { filename, babelrc: false, configFile: false, sourceType, plugins: [[plugin, options]] })!.code!;
}

describe('the Babel plugin', () => {
  const root = '/app';

  it('instruments only the module ids its include/exclude globs select', () => {
    const options = { root, include: ['./src/**'], exclude: ['./src/**/*.test.js'] };
    expect(isInstrumented(transform('function f() {}', '/app/src/a.js', options))).toBe(true);
    expect(isInstrumented(transform('function f() {}', '/app/src/a.test.js', options))).toBe(false);
    expect(isInstrumented(transform('function f() {}', '/app/lib/b.js', options))).toBe(false);
    expect(isInstrumented(transform('function f() {}', '/app/lib/b.js', { root }))).toBe(true);
  });

  it('says which option is wrong, and what it takes', () => {
    expect(() => transform('x', '/app/a.js', { include: './src/**' })).toThrow(/option "include" must be an array of globs/);
    expect(() => transform('x', '/app/a.js', { project: 'p', sampleRate: 2 })).toThrow(/option "sampleRate" must be a number from 0 to 1/);
    expect(() => transform('x', '/app/a.js', { project: 'p', capture: { depth: 3 } })).toThrow(/option "capture.depth" must be one of enabled, maxDepth/);
    expect(() => transform('x', '/app/a.js', { capture: { maxDepth: 3 } })).toThrow(/option "project" must be set when capture or sampleRate is/);
    expect(() => transform('x', '/app/a.js', { shape: 'fast' })).toThrow(/option "shape" must be "build" or "load"/);
    expect(() => transform('x', '/app/a.js', { gapIntrinsic: true })).toThrow(/option "gapIntrinsic" must be one of the plugin's options \(include, exclude, .*gapIntrinsics, shape\)/);
  });

  it('with `project`, the instrumented file starts the runtime itself, on its first line, and records', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-plugin-'));
    const source = ['#!/usr/bin/env node', "'use strict';", 'function add(a, b) {', '  return a + b;', '}', 'console.log(add(2, 3));', ''].join('\n');
    const options = { root: work, project: 'plugin-app', capture: { maxDepth: 2 }, sampleRate: 1, runtime: standalone };
    const code = transform(source, path.join(work, 'main.js'), options);
    // Before the module registers its table (Babel's generator lays the lines out again).
    const compact = code.replace(/\s+/g, '');
    const start = compact.indexOf('startStandalone({"project":"plugin-app","capture":{"maxDepth":2},"sampleRate":1})');
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(compact.search(/__bc\$\w+i\(\);/));
    fs.writeFileSync(path.join(work, 'main.js'), code);
    const home = path.join(work, 'home');
    const env = { PATH: process.env.PATH ?? '', BREADCRUMB_HOME: home };
    const traced = spawnSync(process.execPath, ['main.js'], { cwd: work, env, encoding: 'utf8' });
    expect(traced.stdout).toBe('5\n');
    expect(traced.stderr).toBe('');
    const spool = path.join(home, 'spool', 'plugin-app');
    expect(fs.readdirSync(spool).some((f) => f.endsWith('.bcspool'))).toBe(true);

    // Recording off, and a runtime package that is not there: the program runs as it would unbuilt.
    fs.rmSync(spool, { recursive: true });
    const off = spawnSync(process.execPath, ['main.js'], { cwd: work, env: { ...env, BREADCRUMB_ENABLED: 'false' }, encoding: 'utf8' });
    expect([off.stdout, off.stderr, fs.existsSync(spool)]).toEqual(['5\n', '', false]);
    const missing = transform(source, path.join(work, 'missing.js'), { ...options, runtime: '@breadcrumb/not-installed' });
    fs.writeFileSync(path.join(work, 'missing.js'), missing);
    const untraced = spawnSync(process.execPath, ['missing.js'], { cwd: work, env, encoding: 'utf8' });
    expect([untraced.stdout, untraced.stderr, untraced.status]).toEqual(['5\n', '', 0]);
  });

  it('an ES module loads the runtime synchronously through createRequire', () => {
    const code = transform('export function f() { return 1; }', '/app/src/m.mjs', { root, project: 'p' }, 'module');
    expect(code).toContain('import { createRequire as __bc$createRequire } from "node:module";');
    expect(code.replace(/\s+/g, '')).toContain('__bc$createRequire(import.meta.url)("@breadcrumb/core/standalone").startStandalone({"project":"p"})');
  });

  it("starts the runtime with require in a CommonJS file that Babel parsed as a module (its default), so that it still loads", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-plugin-cjs-'));
    fs.writeFileSync(path.join(work, 'package.json'), '{"name": "cjs-app"}');
    const source = ['function add(a, b) {', '  return a + b;', '}', 'module.exports = { add };', 'console.log(add(2, 3));', ''].join('\n');
    const options = { root: work, project: 'plugin-cjs', runtime: standalone };
    const code = transform(source, path.join(work, 'main.js'), options, 'module');
    expect(code).not.toContain('import ');
    expect(code.replace(/\s+/g, '')).toContain(`require(${JSON.stringify(standalone)}).startStandalone({"project":"plugin-cjs"})`);
    fs.writeFileSync(path.join(work, 'main.js'), code);
    const home = path.join(work, 'home');
    const traced = spawnSync(process.execPath, ['main.js'], { cwd: work, env: { PATH: process.env.PATH ?? '', BREADCRUMB_HOME: home }, encoding: 'utf8' });
    expect([traced.stdout, traced.stderr, traced.status]).toEqual(['5\n', '', 0]);
    expect(fs.readdirSync(path.join(home, 'spool', 'plugin-cjs')).some((f) => f.endsWith('.bcspool'))).toBe(true);

    // Node loads these as ES modules: they keep the import
    const importForm = 'import { createRequire as __bc$createRequire } from "node:module";';
    const commonJsDir = path.join(work, 'src');
    fs.mkdirSync(commonJsDir);
    expect(transform('export const x = 1;', path.join(commonJsDir, 'a.js'), options, 'module')).toContain(importForm);
    expect(transform('await Promise.resolve(1);', path.join(commonJsDir, 'b.js'), options, 'module')).toContain(importForm);
    expect(transform('console.log(import.meta.url);', path.join(commonJsDir, 'c.js'), options, 'module')).toContain(importForm);
    expect(transform('console.log(1);', path.join(commonJsDir, 'd.mjs'), options, 'module')).toContain(importForm);
    const esmDir = path.join(work, 'esm');
    fs.mkdirSync(esmDir);
    fs.writeFileSync(path.join(esmDir, 'package.json'), '{"type": "module"}');
    expect(transform('console.log(1);', path.join(esmDir, 'e.js'), options, 'module')).toContain(importForm);
    // and a .cjs file is CommonJS wherever it is
    expect(transform('console.log(1);', path.join(esmDir, 'f.cjs'), options, 'module')).not.toContain('import ');
  });
});
