import { describe, expect, it } from 'vitest';
import { instrument } from './instrument.js';
import { mayImportAsCode } from './module-loads.js';

const loadsModules = (source: string, sourceType: 'script' | 'module' = 'script'): boolean =>
  instrument(source, { filename: '/app/a.js', moduleId: './a.js', sourceType }).loadsModules;

describe('loadsModules', () => {
  it('finds an import() call, and every ES module', () => {
    expect(loadsModules("exports.load = () => import('./x.mjs');")).toBe(true);
    expect(loadsModules('async function f(s) { return (await import(/* why */ s)).default; }')).toBe(true);
    expect(loadsModules('export const a = 1;', 'module')).toBe(true);
    expect(loadsModules('const a = 1;', 'module')).toBe(true);
  });

  it('finds an import( in a string or template the program may run as code (Function, eval, vm)', () => {
    expect(loadsModules("const load = new Function('s', 'return import(s)');")).toBe(true);
    expect(loadsModules('const load = (s) => eval(`import(${JSON.stringify(s)})`);')).toBe(true);
    expect(loadsModules("const load = (s) => eval('import(' + JSON.stringify(s) + ')');")).toBe(true);
    expect(loadsModules('vm.runInThisContext("import /* late */ (\'./x.mjs\')");')).toBe(true);
  });

  it('takes no mention in a comment, an error message or a name for an import', () => {
    // acorn's dist/acorn.js: its one `import(` is in an error message
    expect(loadsModules('// import(x) loads lazily\nfunction f() { this.raise(1, "Trailing comma is not allowed in import()"); }')).toBe(false);
    expect(loadsModules('/* await import("./x.mjs") */\nloader.import("./x.mjs"); const o = { import(s) { return s; } };')).toBe(false);
    expect(loadsModules('var imports = 1, importsKeys = [imports];')).toBe(false);
  });
});

describe('mayImportAsCode', () => {
  it('takes an import( with something in its parentheses, or at the end of the text', () => {
    expect(mayImportAsCode('return import(s)')).toBe(true);
    expect(mayImportAsCode('return import (')).toBe(true);
    expect(mayImportAsCode('import/**/(s)')).toBe(true);
    expect(mayImportAsCode('Unexpected import()')).toBe(false);
    expect(mayImportAsCode('import( ) is empty')).toBe(false);
    expect(mayImportAsCode('reimport(x)')).toBe(false);
  });
});
