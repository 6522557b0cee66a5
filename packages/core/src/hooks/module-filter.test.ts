import { Minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { globMatcher, ModuleFilter } from './module-filter.js';

describe('ModuleFilter', () => {
  const filter = new ModuleFilter({ root: '/app', include: ['./src/**', 'axios/**'], exclude: ['./src/vendor/**'], neverUnder: ['/app/node_modules/@breadcrumb/core/dist'] });

  it('matches module ids against include/exclude, excludes winning', () => {
    expect(filter.decide('/app/src/pay.js')).toEqual({ moduleId: './src/pay.js', file: '/app/src/pay.js' });
    expect(filter.decide('file:///app/src/esm.mjs')).toEqual({ moduleId: './src/esm.mjs', file: '/app/src/esm.mjs' });
    expect(filter.decide('/app/node_modules/axios/lib/core.js')?.moduleId).toBe('axios/lib/core.js');
    expect(filter.decide('/app/src/vendor/x.js')).toBeNull();
    expect(filter.decide('/app/test/a.test.js')).toBeNull();
  });

  it('names a module loaded with a query or fragment by its URL: a module of its own (a loader wrapping the file)', () => {
    expect(filter.decide('file:///app/src/esm.mjs?iitm=true')).toEqual({
      moduleId: './src/esm.mjs?iitm=true',
      file: '/app/src/esm.mjs',
      scriptUrl: 'file:///app/src/esm.mjs?iitm=true',
    });
    expect(filter.decide('file:///app/src/esm.mjs#x')?.moduleId).toBe('./src/esm.mjs#x');
    // the globs match the file's module id
    expect(filter.decide('file:///app/src/vendor/x.mjs?iitm=true')).toBeNull();
  });

  it("never instruments the runtime a build copied into its output (a built program under `breadcrumb run`)", () => {
    const all = new ModuleFilter({ root: '/app', include: ['./**'], exclude: [] });
    expect(all.decide('/app/dist/.breadcrumb/runtime/index.js')).toBeNull();
    expect(all.decide('/app/dist/.breadcrumb/runtime/core/dist/recorder/recorder.js')).toBeNull();
    expect(all.decide('/app/dist/main.js')).toEqual({ moduleId: './dist/main.js', file: '/app/dist/main.js' });
  });

  it('instruments a file with no extension, which Node loads as CommonJS (a shebang script, a bin like typescript/bin/tsc)', () => {
    const all = new ModuleFilter({ root: '/app', include: ['**', './**'], exclude: [] });
    expect(all.decide('/app/scripts/deploy')).toEqual({ moduleId: './scripts/deploy', file: '/app/scripts/deploy' });
    expect(all.decide('/app/node_modules/typescript/bin/tsc')).toEqual({ moduleId: 'typescript/bin/tsc', file: '/app/node_modules/typescript/bin/tsc' });
    expect(all.decide('/app/bin/.runner')).toEqual({ moduleId: './bin/.runner', file: '/app/bin/.runner' });
  });

  it('never instruments built-ins, non-JavaScript files, virtual modules or Breadcrumb itself', () => {
    expect(filter.decide('node:fs')).toBeNull();
    expect(filter.decide('/app/src/data.json')).toBeNull();
    expect(filter.decide('/app/src/addon.node')).toBeNull();
    expect(filter.decide('data:text/javascript,1')).toBeNull();
    expect(filter.decide('/app/src/styles.css')).toBeNull();
    expect(filter.decide('/app/src/.hidden.txt')).toBeNull();
    expect(new ModuleFilter({ root: '/app', include: ['**'], exclude: [], neverUnder: ['/app/node_modules/@breadcrumb/core/dist'] }).decide('/app/node_modules/@breadcrumb/core/dist/register.js')).toBeNull();
  });
});

describe('globMatcher', () => {
  // Every id shape moduleIdOf makes (and some it does not), against every glob shape.
  const parts = ['a', 'src', 'axios', '.hidden', '@scope', 'pkg', 'node_modules', 'x.js', 'a.b-c_d', '.', '..', ''];
  const ids = new Set<string>(['./', '.', '..', '/', '', 'node:fs', './src', './src/', 'axios', 'axios/']);
  for (const start of ['./', '/', '']) {
    for (const first of parts) {
      ids.add(`${start}${first}`);
      for (const second of parts) {
        ids.add(`${start}${first}/${second}`);
        for (const third of ['x.js', 'src', '.dot', '']) ids.add(`${start}${first}/${second}/${third}`);
      }
    }
  }
  const globs = [
    '**', './**', 'axios/**', './src/**', '@scope/pkg/**', './.hidden/**', '.hidden/**', 'a.b-c_d/**', './src/a/**', '/**',
    // not plain: minimatch decides
    '*', './*', '**/*.js', './src/*', '!./src/**', '#x/**', 'a/../**', './src/**/x.js', '{a,src}/**', '@(a|b)/**', '', '.', '**/',
  ];
  it.each(globs)('agrees with minimatch { dot: true } on %j', (glob) => {
    const minimatch = new Minimatch(glob, { dot: true });
    const match = globMatcher(glob);
    const disagreements = [...ids].filter((id) => match(id) !== minimatch.match(id));
    expect(disagreements).toEqual([]);
  });
});
