import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OwnModuleLoader } from './own-modules.js';
import { packageTypeOf } from './hooks/package-type.js';

const nodeRequire = Module.createRequire(__filename);
let work: string;
let root: string;

// A small tree of CommonJS files as tsc writes them: relative requires (a cycle among them), node:
// built-ins, a file outside the root.
const FILES: Record<string, string> = {
  'main.js': [
    '"use strict";',
    "const b = require('./b.js');",
    "const c = require('./sub/c.js');",
    "const outside = require('../outside.js');",
    "const path = require('node:path');",
    'exports.fromB = b.name;',
    'exports.seenByB = b.mainSeen;',
    'exports.fromC = c.name;',
    'exports.outside = outside.name;',
    'exports.file = __filename;',
    'exports.dir = __dirname;',
    'exports.sep = path.sep;',
    "exports.resolved = require.resolve('./b.js');",
    'exports.name = "main";',
  ].join('\n'),
  'b.js': [
    '"use strict";',
    "const main = require('./main.js');",
    // the cycle: main is still loading, its exports are partial (as with Node's loader)
    'exports.mainSeen = Object.keys(main).length;',
    'exports.name = "b";',
  ].join('\n'),
  'sub/c.js': ['"use strict";', "exports.name = 'c:' + require('../b.js').name;"].join('\n'),
  'lone.js': 'exports.name = "lone";',
  'throws.js': ['"use strict";', 'function fail() {', "  throw new Error('at load');", '}', 'fail();'].join('\n'),
};

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-own-modules-'));
  root = path.join(work, 'dist');
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  fs.writeFileSync(path.join(work, 'outside.js'), 'exports.name = "outside";');
});

afterEach(() => {
  forget();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Takes the tree's files out of require.cache, as a new process would start. */
function forget(): void {
  for (const file of Object.keys(nodeRequire.cache)) if (file.startsWith(work)) delete nodeRequire.cache[file];
}

const cacheFile = (): string => path.join(work, 'cache', 'code.bin');

describe('OwnModuleLoader', () => {
  it('loads our files as Node would: exports, cycles, __filename, built-ins, files outside the root', () => {
    const viaNode = nodeRequire(path.join(root, 'main.js')) as Record<string, unknown>;
    forget();
    const loader = new OwnModuleLoader({ roots: [root], cacheFile: null });
    const exports = loader.require(path.join(root, 'main.js')) as Record<string, unknown>;
    expect(exports).toEqual(viaNode);
    expect(exports).toMatchObject({ fromB: 'b', seenByB: 0, fromC: 'c:b', outside: 'outside', file: path.join(root, 'main.js'), dir: root });
    expect(loader.stats.loaded).toBe(3); // main, b, sub/c; outside.js went through Node's require
  });

  it('puts each file in require.cache as a loaded Module, so that a plain require gets the same instance', () => {
    const loader = new OwnModuleLoader({ roots: [root], cacheFile: null });
    const exports = loader.require(path.join(root, 'main.js'));
    const entry = nodeRequire.cache[path.join(root, 'main.js')]!;
    expect(entry).toBeInstanceOf(Module);
    expect(entry.loaded).toBe(true);
    expect(entry.filename).toBe(path.join(root, 'main.js'));
    expect(entry.exports).toBe(exports);
    expect(nodeRequire(path.join(root, 'main.js'))).toBe(exports);
    expect(nodeRequire(path.join(root, 'b.js'))).toBe(loader.require(path.join(root, 'b.js')));
  });

  it('shows the same stack frames as Node for an error thrown while loading, and loads the file again next time', () => {
    const file = path.join(root, 'throws.js');
    const frameOf = (load: () => unknown): string => {
      try {
        load();
      } catch (error) {
        return (error as Error).stack!.split('\n').filter((line) => line.includes(file)).join('\n');
      }
      throw new Error('did not throw');
    };
    const viaNode = frameOf(() => nodeRequire(file));
    forget();
    const loader = new OwnModuleLoader({ roots: [root], cacheFile: null });
    expect(frameOf(() => loader.require(file))).toBe(viaNode);
    expect(viaNode).toContain(`${file}:3:9`);
    expect(nodeRequire.cache[file]).toBeUndefined();
    expect(frameOf(() => loader.require(file))).toBe(viaNode);
  });

  it('compiles from the code cache in the next process, and a changed file from its new source', () => {
    const first = new OwnModuleLoader({ roots: [root], cacheFile: cacheFile() });
    first.require(path.join(root, 'main.js'));
    expect(first.stats).toEqual({ loaded: 3, cached: 0, rejected: 0 });
    first.saveCodeCache();
    expect(fs.existsSync(cacheFile())).toBe(true);

    forget();
    const second = new OwnModuleLoader({ roots: [root], cacheFile: cacheFile() });
    expect(second.require(path.join(root, 'main.js'))).toMatchObject({ fromC: 'c:b' });
    expect(second.stats).toEqual({ loaded: 3, cached: 3, rejected: 0 });
    const written = fs.statSync(cacheFile()).mtimeMs;
    second.saveCodeCache(); // nothing new: the file is left as it is
    expect(fs.statSync(cacheFile()).mtimeMs).toBe(written);

    forget();
    // same length, other text: only the size and mtime in the index tell the cached code from the file's
    const c = path.join(root, 'sub/c.js');
    fs.writeFileSync(c, FILES['sub/c.js']!.replace("'c:'", "'C:'"));
    fs.utimesSync(c, new Date(), new Date(Date.now() + 5_000));
    const third = new OwnModuleLoader({ roots: [root], cacheFile: cacheFile() });
    expect(third.require(path.join(root, 'main.js'))).toMatchObject({ fromC: 'C:b' });
    expect(third.stats).toEqual({ loaded: 3, cached: 2, rejected: 0 });
  });

  it('saves once: what compiles after saveCodeCache() (V8 flags may have changed) is not written', () => {
    const loader = new OwnModuleLoader({ roots: [root], cacheFile: cacheFile() });
    loader.require(path.join(root, 'lone.js'));
    loader.saveCodeCache();
    loader.require(path.join(root, 'main.js'));
    loader.saveCodeCache();
    forget();
    const next = new OwnModuleLoader({ roots: [root], cacheFile: cacheFile() });
    next.require(path.join(root, 'lone.js'));
    next.require(path.join(root, 'main.js'));
    expect(next.stats).toEqual({ loaded: 4, cached: 1, rejected: 0 });
  });

  it('works without a usable cache file: damaged, or in a folder it cannot create', () => {
    fs.mkdirSync(path.dirname(cacheFile()), { recursive: true });
    fs.writeFileSync(cacheFile(), 'BCCODE1\n\xff\xff\xff\x7fnot json');
    const damaged = new OwnModuleLoader({ roots: [root], cacheFile: cacheFile() });
    expect(damaged.require(path.join(root, 'main.js'))).toMatchObject({ name: 'main' });
    expect(damaged.stats.cached).toBe(0);
    forget();
    fs.writeFileSync(path.join(work, 'a-file'), '');
    const unwritable = new OwnModuleLoader({ roots: [root], cacheFile: path.join(work, 'a-file', 'code.bin') });
    expect(unwritable.require(path.join(root, 'main.js'))).toMatchObject({ name: 'main' });
    expect(() => unwritable.saveCodeCache()).not.toThrow();
  });

  it('loads a package of ours (ownPackages) when Node resolves it under a root, once resolved per package', () => {
    const pkg = path.join(work, 'node_modules', '@ours', 'lib');
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@ours/lib', main: 'dist/index.js' }));
    fs.writeFileSync(path.join(pkg, 'dist', 'index.js'), "exports.name = 'lib:' + require('./part.js').name;");
    fs.writeFileSync(path.join(pkg, 'dist', 'part.js'), "exports.name = 'part';");
    fs.writeFileSync(path.join(root, 'uses-lib.js'), "exports.a = require('@ours/lib').name; exports.b = require('./sub/uses-lib-too.js').name;");
    fs.writeFileSync(path.join(root, 'sub', 'uses-lib-too.js'), "exports.name = require('@ours/lib').name;");
    const loader = new OwnModuleLoader({ roots: [root, path.join(pkg, 'dist')], cacheFile: null, ownPackages: ['@ours/'] });
    expect(loader.require(path.join(root, 'uses-lib.js'))).toEqual({ a: 'lib:part', b: 'lib:part' });
    expect(loader.stats.loaded).toBe(4);
    expect(nodeRequire.cache[path.join(pkg, 'dist', 'part.js')]).toBeInstanceOf(Module);
    // not listed as ours: Node's require loads it, and what it requires
    forget();
    const other = new OwnModuleLoader({ roots: [root], cacheFile: null });
    expect(other.require(path.join(root, 'uses-lib.js'))).toEqual({ a: 'lib:part', b: 'lib:part' });
    expect(other.stats.loaded).toBe(2);
  });

  it("asks resolveOwnPackage first where a package of ours is, and Node when it answers null", () => {
    const pkg = path.join(work, 'node_modules', '@ours', 'lib');
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@ours/lib', main: 'dist/index.js' }));
    fs.writeFileSync(path.join(pkg, 'dist', 'index.js'), "exports.name = 'index';");
    fs.writeFileSync(path.join(pkg, 'dist', 'other.js'), "exports.name = 'other';");
    fs.writeFileSync(path.join(root, 'uses-both.js'), "exports.a = require('@ours/lib').name; exports.b = require('@ours/lib/x').name;");
    const asked: string[] = [];
    const loader = new OwnModuleLoader({
      roots: [root, path.join(pkg, 'dist')],
      cacheFile: null,
      ownPackages: ['@ours/'],
      resolveOwnPackage: (request, fromDir) => {
        asked.push(`${request} ${fromDir}`);
        // a request Node could not resolve: only this answer loads it
        return request === '@ours/lib/x' ? path.join(pkg, 'dist', 'other.js') : null;
      },
    });
    expect(loader.require(path.join(root, 'uses-both.js'))).toEqual({ a: 'index', b: 'other' });
    expect(asked).toEqual([`@ours/lib ${root}`, `@ours/lib/x ${root}`]);
    expect(loader.stats.loaded).toBe(3);
  });

  it('with packages, loads the CommonJS files of the packages ours require, and leaves Node what only Node loads', () => {
    const modules = path.join(work, 'node_modules');
    const write = (file: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(modules, file)), { recursive: true });
      fs.writeFileSync(path.join(modules, file), text);
    };
    // a package (extensionless relative requires, a .cjs, a sub-dependency, a JSON file), an ES module
    // package with a CommonJS entry, a bin file with a hashbang line, a missing optional dependency
    write('plain/package.json', JSON.stringify({ name: 'plain', main: 'lib/index' }));
    write('plain/lib/index.js', "exports.name = 'plain:' + require('./part').name + require('./other.cjs').name + require('dep').name + require('../package.json').name;");
    write('plain/lib/part.js', "exports.name = 'part';");
    write('plain/lib/other.cjs', "exports.name = '+cjs';");
    write('dep/index.js', "exports.name = '+dep';");
    write('esm/package.json', JSON.stringify({ name: 'esm', type: 'module', exports: { require: './index.cjs', import: './index.js' } }));
    write('esm/index.cjs', "exports.name = 'esm:cjs';");
    write('esm/index.js', "export const name = 'esm:esm';");
    write('shebang/index.js', "#!/usr/bin/env node\nexports.name = 'shebang';");
    write('missing-optional/index.js', "let found = true; try { require('not-installed'); } catch { found = false; } exports.name = String(found);");
    fs.writeFileSync(
      path.join(root, 'uses-packages.js'),
      ['plain', 'esm', 'shebang', 'missing-optional'].map((name) => `exports[${JSON.stringify(name)}] = require(${JSON.stringify(name)}).name;`).join('\n'),
    );
    const expected = { plain: 'plain:part+cjs+depplain', esm: 'esm:cjs', shebang: 'shebang', 'missing-optional': 'false' };
    const loader = new OwnModuleLoader({ roots: [root], cacheFile: cacheFile(), packages: packageTypeOf });
    expect(loader.require(path.join(root, 'uses-packages.js'))).toEqual(expected);
    // ours, plain's three files, dep, esm's .cjs (a CommonJS file whatever its package's type), missing-optional; not the hashbang file
    expect(loader.stats.loaded).toBe(7);
    expect(nodeRequire.cache[path.join(modules, 'plain/lib/part.js')]).toBeInstanceOf(Module);
    loader.saveCodeCache();
    forget();
    const next = new OwnModuleLoader({ roots: [root], cacheFile: cacheFile(), packages: packageTypeOf });
    expect(next.require(path.join(root, 'uses-packages.js'))).toEqual(expected);
    expect(next.stats).toEqual({ loaded: 7, cached: 7, rejected: 0 });
    // without the option, a package is Node's, and so is what it requires
    forget();
    const ours = new OwnModuleLoader({ roots: [root], cacheFile: null });
    expect(ours.require(path.join(root, 'uses-packages.js'))).toEqual(expected);
    expect(ours.stats.loaded).toBe(1);
  });

  it('leaves a file with an import() to Node (a vm script has none), one that only mentions it in a comment is ours', () => {
    fs.writeFileSync(path.join(root, 'imports.js'), "// loads import('./lone.js') later\nexports.later = () => import('./lone.js');");
    fs.writeFileSync(path.join(root, 'mentions.js'), "// an import('x') in a comment\n/**\n * and import('y') here\n */\nexports.name = 'mentions';");
    const loader = new OwnModuleLoader({ roots: [root], cacheFile: null });
    const imports = loader.require(path.join(root, 'imports.js')) as { later(): Promise<{ name: string }> };
    expect(loader.require(path.join(root, 'mentions.js'))).toEqual({ name: 'mentions' });
    expect(loader.stats.loaded).toBe(1);
    return expect(imports.later()).resolves.toMatchObject({ name: 'lone' });
  });

  it('compiles with vm.Script and Module.wrap as they were when it loaded, whatever replaced them since', () => {
    const vmModule = nodeRequire('node:vm') as typeof import('node:vm');
    const { Script } = vmModule;
    const { wrap } = Module;
    const replaced = (): never => {
      throw new Error('a replacement was called');
    };
    vmModule.Script = replaced as unknown as typeof Script;
    Module.wrap = replaced;
    try {
      const loader = new OwnModuleLoader({ roots: [root], cacheFile: null });
      expect(loader.require(path.join(root, 'lone.js'))).toEqual({ name: 'lone' });
    } finally {
      vmModule.Script = Script;
      Module.wrap = wrap;
    }
  });

  it('leaves a missing file of ours to Node, which says what Node says', () => {
    const loader = new OwnModuleLoader({ roots: [root], cacheFile: null });
    expect(() => loader.require(path.join(root, 'missing.js'))).toThrow(expect.objectContaining({ code: 'MODULE_NOT_FOUND' }));
  });
});
