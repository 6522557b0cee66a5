import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE } from '@breadcrumb/core';
import { build, type BuildRequest } from './builder.js';
import { BuildOutputNotOursError, BuildOutputOverlapError, BuildSourceMissingError, BuildWriteError } from './errors.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-build-unit-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(relative: string, text: string): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function request(overrides: Partial<BuildRequest> = {}): BuildRequest {
  return {
    project: 'unit',
    sources: ['app'],
    out: 'out',
    cwd: dir,
    root: dir,
    include: ['./**'],
    exclude: [],
    settings: {
      enabled: true,
      project: 'unit',
      runId: null,
      root: dir,
      include: ['./**'],
      exclude: [],
      sampleRate: 1,
      maxDetailedCallsPerFunction: 1000,
      gapIntrinsics: false,
      capture: { ...DEFAULT_CAPTURE },
      redaction: { patterns: [], allowKeys: [] },
      spoolFileBytes: 1 << 20,
      spoolMaxBytes: 1 << 24,
    },
    ...overrides,
  };
}

/** Runs a built file with plain node from a folder outside the repository: nothing of it resolves. */
function runNode(file: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [file], {
    cwd: os.tmpdir(),
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', BREADCRUMB_HOME: path.join(dir, 'home'), ...env },
  });
}

describe('build', async () => {
  it('instruments CommonJS and ESM by their module format and loads the runtime with require or import', async () => {
    write('app/main.js', "'use strict';\nconst { twice } = require('./lib.cjs');\nconsole.log(twice(21));\n");
    write('app/lib.cjs', 'function twice(n) {\n  return n * 2;\n}\nmodule.exports = { twice };\n');
    write('app/esm/package.json', '{ "type": "module" }\n');
    write('app/esm/main.js', "import { half } from './half.mjs';\nconsole.log(half(84));\n");
    write('app/esm/half.mjs', 'export function half(n) {\n  return n / 2;\n}\n');
    const summary = await build(request());
    expect(summary.files).toMatchObject({ instrumented: 4, copied: 1, notInstrumented: 0 });
    const main = fs.readFileSync(path.join(dir, 'out/main.js'), 'utf8');
    expect(main.startsWith(`'use strict';require("./.breadcrumb/runtime/index.js").built(__filename,`)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'out/esm/main.js'), 'utf8').startsWith('import __bc$runtime from "../.breadcrumb/runtime/index.js";')).toBe(true);
    // every line of the source stays where it was: stack traces keep their line numbers
    expect(main.split('\n')[2]).toContain('console.log(');
    expect(main.split('\n')[2]).toContain('twice(');
    for (const [file, expected] of [['out/main.js', '42'], ['out/esm/main.js', '42']] as const) {
      const result = runNode(path.join(dir, file), { BREADCRUMB_ENABLED: 'false' });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe(expected);
    }
  });

  it('keeps the module format the sources had from a package.json above them', async () => {
    write('pkg/package.json', '{ "type": "module" }\n');
    write('pkg/src/main.js', "import { one } from './one.js';\nconsole.log(one());\n");
    write('pkg/src/one.js', 'export function one() {\n  return 1;\n}\n');
    await build(request({ sources: ['pkg/src'] }));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/package.json'), 'utf8'))).toEqual({ type: 'module' });
    const result = runNode(path.join(dir, 'out/main.js'));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('1');
    // the ESM program started the runtime: its spool is there
    expect(fs.readdirSync(path.join(dir, 'home/spool/unit')).some((f) => f.endsWith('.bcspool'))).toBe(true);
  });

  it('never instruments twice: building a build copies its instrumented files as they are', async () => {
    write('app/a.js', 'function f() { return 1; }\nconsole.log(f());\n');
    await build(request());
    const once = fs.readFileSync(path.join(dir, 'out/a.js'), 'utf8');
    const again = await build(request({ sources: ['out'], out: 'out2' }));
    expect(again.files.instrumented).toBe(0);
    expect(again.files.alreadyInstrumented).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'out2/a.js'), 'utf8')).toBe(once);
    expect(runNode(path.join(dir, 'out2/a.js')).stdout.trim()).toBe('1');
  });

  it('rebuilds over its own output, removing files whose source is gone', async () => {
    write('app/a.js', 'console.log(1);\n');
    write('app/b.txt', 'b\n');
    await build(request());
    fs.rmSync(path.join(dir, 'app/b.txt'));
    const summary = await build(request());
    expect(summary.files.removed).toBe(1);
    expect(fs.existsSync(path.join(dir, 'out/b.txt'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'out/a.js'))).toBe(true);
  });

  it('refuses to write into a folder it did not create, or around its own sources', async () => {
    write('app/a.js', 'console.log(1);\n');
    write('other/keep.txt', 'precious\n');
    await expect(build(request({ out: 'other' }))).rejects.toThrow(BuildOutputNotOursError);
    expect(fs.readFileSync(path.join(dir, 'other/keep.txt'), 'utf8')).toBe('precious\n');
    await expect(build(request({ sources: ['app'], out: '.' }))).rejects.toThrow(BuildOutputOverlapError);
    await expect(build(request({ sources: ['missing'] }))).rejects.toThrow(BuildSourceMissingError);
  });

  it('names the file it cannot write, as a usage problem rather than a crash', async () => {
    write('app/a.js', 'console.log(1);\n');
    fs.mkdirSync(path.join(dir, 'out'));
    write('out/.breadcrumb/build.json', JSON.stringify({ manifestVersion: 1, project: 'unit', builtAt: '', base: '', files: [] }));
    fs.mkdirSync(path.join(dir, 'out/a.js')); // a folder where the file must go
    await expect(build(request())).rejects.toThrow(BuildWriteError);
  });

  it('copies a file it cannot parse unchanged and says so', async () => {
    write('app/broken.js', 'function (\n');
    const summary = await build(request());
    expect(summary.files.notInstrumented).toBe(1);
    expect(summary.warnings[0]!.file).toBe(path.join(dir, 'app/broken.js'));
    expect(fs.readFileSync(path.join(dir, 'out/broken.js'), 'utf8')).toBe('function (\n');
  });

  it('leaves modules outside include/exclude as they are', async () => {
    write('app/a.js', 'console.log(1);\n');
    write('app/vendor/v.js', 'console.log(2);\n');
    const summary = await build(request({ exclude: ['./app/vendor/**'] }));
    expect(summary.files.instrumented).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'out/vendor/v.js'), 'utf8')).toBe('console.log(2);\n');
  });

  it('merges the input source map: positions lead back to the original TypeScript', async () => {
    // What tsc emits for src/calc.ts (line 2 of the .js is line 2 of the .ts, shifted by the types).
    write('app/calc.js', '"use strict";\nfunction add(a, b) { return a + b; }\nconsole.log(add(1, 2));\n//# sourceMappingURL=calc.js.map\n');
    write(
      'app/calc.js.map',
      JSON.stringify({
        version: 3,
        file: 'calc.js',
        sources: ['../ts/calc.ts'],
        sourcesContent: ['"use strict";\nfunction add(a: number, b: number): number { return a + b; }\nconsole.log(add(1, 2));\n'],
        names: [],
        mappings: 'AAAA;AACA,SAAS,GAAG,CAAC,CAAS,EAAE,CAAS,IAAY,OAAO,CAAC,GAAG,CAAC,CAAC,CAAC;AAC7D,OAAO,CAAC,GAAG,CAAC,GAAG,CAAC,CAAC,EAAE,CAAC,CAAC,CAAC,CAAC',
      }),
    );
    await build(request());
    const code = fs.readFileSync(path.join(dir, 'out/calc.js'), 'utf8');
    expect(code.trimEnd().endsWith('//# sourceMappingURL=calc.js.map')).toBe(true);
    const map = JSON.parse(fs.readFileSync(path.join(dir, 'out/calc.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.map((s) => path.resolve(dir, 'out', s))).toEqual([path.join(dir, 'ts/calc.ts')]);
    // `add` of line 2 in the output maps to line 2 of the .ts
    const line = code.split('\n')[1]!;
    const entry = new SourceMap(map as never).findEntry(1, line.indexOf('add'));
    expect(entry).toMatchObject({ originalLine: 1 });
  });

  it('gives stack traces of built files their original columns, wherever the output is moved', async () => {
    write('app/main.js', [
      'function inner(x) { return x.missing.property; }',
      'function outer(y) { return [y].map((v) => inner(v)); }',
      "try { outer({}); } catch (e) { console.log(e.stack.split('\\n').slice(1, 3).join('\\n')); }",
      '',
    ].join('\n'));
    await build(request());
    fs.renameSync(path.join(dir, 'out'), path.join(dir, 'moved'));
    const frames = (file: string) => runNode(path.join(dir, file)).stdout.replaceAll(path.join(dir, 'app'), 'X').replaceAll(path.join(dir, 'moved'), 'X');
    expect(frames('moved/main.js')).toBe(frames('app/main.js'));
    expect(frames('app/main.js')).toContain('X/main.js:1:38');
  });

  it('keeps executable bits and symbolic links', async () => {
    const cli = write('app/cli.js', '#!/usr/bin/env node\nconsole.log("hi");\n');
    fs.chmodSync(cli, 0o755);
    fs.symlinkSync('cli.js', path.join(dir, 'app/link.js'));
    await build(request());
    expect(fs.statSync(path.join(dir, 'out/cli.js')).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(path.join(dir, 'out/cli.js'), 'utf8').startsWith('#!/usr/bin/env node\nrequire(')).toBe(true);
    expect(runNode(path.join(dir, 'out/cli.js')).stdout).toBe('hi\n');
    expect(fs.readlinkSync(path.join(dir, 'out/link.js'))).toBe('cli.js');
  });

  it('instruments in place when the output is the source folder, idempotently', async () => {
    write('app/a.js', 'function f() { return 3; }\nconsole.log(f());\n');
    expect((await build(request({ out: 'app' }))).files.instrumented).toBe(1);
    const once = fs.readFileSync(path.join(dir, 'app/a.js'), 'utf8');
    expect((await build(request({ out: 'app' }))).files.alreadyInstrumented).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'app/a.js'), 'utf8')).toBe(once);
    expect(runNode(path.join(dir, 'app/a.js')).stdout.trim()).toBe('3');
  });
});
