import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OwnPackages } from './own-packages.js';

const nodeRequire = createRequire(__filename);

describe('OwnPackages on the installed packages', () => {
  const packages = new OwnPackages({}, []);

  it.each(['core', 'instrumenter'])("resolves every subpath of @breadcrumb/%s's exports to the file Node's require resolves", (name) => {
    const manifest = nodeRequire(`@breadcrumb/${name}/package.json`) as { exports: Record<string, unknown> };
    const subpaths = Object.keys(manifest.exports);
    expect(subpaths.length).toBeGreaterThan(1);
    for (const subpath of subpaths) {
      const request = `@breadcrumb/${name}${subpath.slice(1)}`;
      expect(packages.resolve(request, __dirname), request).toBe(nodeRequire.resolve(request));
    }
  });

  it("finds a package's real folder, with or without exports", () => {
    for (const name of ['core', 'store', 'instrumenter']) {
      expect(packages.folderOf(`@breadcrumb/${name}`, __dirname)).toBe(path.dirname(nodeRequire.resolve(`@breadcrumb/${name}/package.json`)));
    }
  });

  it("leaves to Node what it does not read: a package without exports, an unexported subpath, an unscoped or missing package", () => {
    expect(packages.resolve('@breadcrumb/store', __dirname)).toBeNull();
    expect(packages.resolve('@breadcrumb/core/dist/index.js', __dirname)).toBeNull();
    expect(packages.resolve('yargs', __dirname)).toBeNull();
    expect(packages.resolve('@breadcrumb/nothing-here', __dirname)).toBeNull();
    expect(packages.folderOf('@breadcrumb/nothing-here', __dirname)).toBeNull();
  });

  it('answers nothing when Node keeps the paths of links (--preserve-symlinks)', () => {
    expect(new OwnPackages({ NODE_PRESERVE_SYMLINKS: '1' }, []).resolve('@breadcrumb/core', __dirname)).toBeNull();
    expect(new OwnPackages({}, ['--preserve-symlinks']).folderOf('@breadcrumb/core', __dirname)).toBeNull();
    expect(new OwnPackages({ NODE_OPTIONS: '--preserve-symlinks' }, []).resolve('@breadcrumb/core', __dirname)).toBeNull();
  });
});

describe('OwnPackages on made-up packages', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bc-own-packages-')));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const from = path.join(root, 'app', 'src');
  fs.mkdirSync(from, { recursive: true });

  function makePackage(where: string, name: string, exportsMap: unknown, files: string[]): string {
    const folder = path.join(where, 'node_modules', name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name, exports: exportsMap }));
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), 'module.exports = 1;\n');
    }
    return folder;
  }

  const conditions = makePackage(
    root,
    '@x/conditions',
    {
      '.': { types: './a.d.ts', require: './cjs/a.js', default: './esm/a.js' },
      './plain': './plain.js',
      './import-only': { import: './esm/a.js' },
      './nested': { node: { require: './cjs/a.js' } },
      './pattern/*': './cjs/*.js',
      './outside': '../elsewhere.js',
      './missing': './nope.js',
    },
    ['cjs/a.js', 'esm/a.js', 'plain.js'],
  );
  // the same name nearer to the requiring file wins, as in Node's lookup
  const nearer = makePackage(path.join(root, 'app'), '@x/near', { '.': './near.js' }, ['near.js']);
  makePackage(root, '@x/near', { '.': './far.js' }, ['far.js']);
  // a folder whose manifest names another package, and one with conditions at the top
  makePackage(root, '@x/renamed', { '.': './a.js' }, ['a.js']);
  fs.writeFileSync(path.join(root, 'node_modules/@x/renamed/package.json'), JSON.stringify({ name: '@x/other', exports: { '.': './a.js' } }));
  makePackage(root, '@x/sugar', { require: './a.js' }, ['a.js']);

  it('takes the first condition require matches, skipping types, and resolves as Node does', () => {
    const packages = new OwnPackages({}, []);
    const requireFrom = createRequire(path.join(from, 'main.js'));
    for (const request of ['@x/conditions', '@x/conditions/plain', '@x/conditions/nested', '@x/near']) {
      expect(packages.resolve(request, from), request).toBe(requireFrom.resolve(request));
    }
    expect(packages.resolve('@x/conditions', from)).toBe(path.join(conditions, 'cjs/a.js'));
    expect(packages.resolve('@x/near', from)).toBe(path.join(nearer, 'near.js'));
  });

  it("leaves to Node what it does not read, including what Node itself refuses", () => {
    const packages = new OwnPackages({}, []);
    for (const request of ['@x/conditions/import-only', '@x/conditions/pattern/a', '@x/conditions/outside', '@x/conditions/missing', '@x/renamed', '@x/sugar']) {
      expect(packages.resolve(request, from), request).toBeNull();
    }
  });

  it('answers the real path of a linked package, as Node does', () => {
    const linkedFrom = path.join(root, 'linked', 'src');
    fs.mkdirSync(path.join(root, 'linked', 'node_modules', '@x'), { recursive: true });
    fs.mkdirSync(linkedFrom, { recursive: true });
    fs.symlinkSync(conditions, path.join(root, 'linked', 'node_modules', '@x', 'conditions'));
    const packages = new OwnPackages({}, []);
    expect(packages.folderOf('@x/conditions', linkedFrom)).toBe(conditions);
    expect(packages.resolve('@x/conditions/plain', linkedFrom)).toBe(createRequire(path.join(linkedFrom, 'main.js')).resolve('@x/conditions/plain'));
  });
});
