import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { esModulesFromStart, esmOnDemand, mayLoadModules } from './esm-on-demand.js';

describe('mayLoadModules', () => {
  it('finds a dynamic import in any CommonJS source, also in text given to Function or eval', () => {
    expect(mayLoadModules("const m = await import('./x.mjs');", false, false)).toBe(true);
    expect(mayLoadModules("new Function('s', 'return import(s)')", false, false)).toBe(true);
    expect(mayLoadModules('import /* why */ (x)', false, false)).toBe(true);
    expect(mayLoadModules('import\n  (x)', false, false)).toBe(true);
  });

  it('takes no word in a comment or a name for an import', () => {
    expect(mayLoadModules('// Used to import variables into the compiled template.\nvar imports = 1;', true, false)).toBe(false);
    expect(mayLoadModules('// Re-export all types\nmodule.exports = { __importDefault, importScripts: 1 };', true, false)).toBe(false);
    expect(mayLoadModules(' * import x from "y" in the docs', true, false)).toBe(false);
    // lodash's template(): a line that starts with a name that starts with "import"
    expect(mayLoadModules('var imports = 1,\n          importsKeys = keys(imports),\n  exportsValues = 2;', true, true)).toBe(false);
  });

  it('finds module syntax only where Node decides the format from it', () => {
    for (const source of ["import fs from 'node:fs';", "import { a } from './a.js'", "import './side.js'", 'export const a = 1;', 'export default 1', 'export{a}', 'const here = import.meta.url;']) {
      expect(mayLoadModules(source, true, false)).toBe(true);
      expect(mayLoadModules(source, false, false)).toBe(false);
    }
  });

  it("counts a top-level await only in the entry point", () => {
    expect(mayLoadModules('const config = await load();', true, true)).toBe(true);
    expect(mayLoadModules('const config = await load();', true, false)).toBe(false);
    expect(mayLoadModules('async function f() {\n  return 1 + (await g());\n}', true, true)).toBe(false);
    expect(mayLoadModules('async function f() {\n  await g();\n}', true, true)).toBe(false);
    expect(mayLoadModules('await main();', true, true)).toBe(true);
  });
});

describe('esModulesFromStart', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-esm-on-demand-'));
  const file = (name: string, text = ''): string => {
    const full = path.join(folder, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return full;
  };
  const cjsMain = file('cjs/main.js');
  file('cjs/package.json', '{"type":"commonjs"}');
  const untypedMain = file('untyped/main.js');
  file('untyped/package.json', '{}');
  const esmMain = file('esm/main.js');
  file('esm/package.json', '{"type":"module"}');
  const esmCjs = file('esm/main.cjs');
  const mjs = file('cjs/main.mjs');

  it('defers for a CommonJS entry point on a plain command line', () => {
    expect(esModulesFromStart(['node', cjsMain], [])).toBe(false);
    expect(esModulesFromStart(['node', untypedMain], ['--stack-size=2400', '--require', '/x/register.js'])).toBe(false);
    expect(esModulesFromStart(['node', esmCjs], [])).toBe(false);
    expect(esModulesFromStart(['node', cjsMain.slice(0, -3)], [])).toBe(false);
  });

  it('registers at start for an ES module entry point, no entry point, or a flag that may load one', () => {
    expect(esModulesFromStart(['node', esmMain], [])).toBe(true);
    expect(esModulesFromStart(['node', mjs], [])).toBe(true);
    expect(esModulesFromStart(['node'], [])).toBe(true);
    expect(esModulesFromStart(['node', path.join(folder, 'missing.js')], [])).toBe(true);
    for (const flags of [['--import', 'tsx'], ['--import=tsx'], ['--loader', 'x'], ['-e'], ['-p'], ['--test'], ['--watch'], ['--experimental-default-type=module']]) {
      expect(esModulesFromStart(['node', cjsMain], flags)).toBe(true);
    }
  });
});

describe('esmOnDemand', () => {
  it('registers once, before the first source that may load a module, and not for others', () => {
    let registered = 0;
    const onDemand = esmOnDemand(() => registered++, () => {});
    onDemand.beforeCompile('module.exports = 1;', 'commonjs', true);
    onDemand.beforeVmCode('1 + 1');
    expect([registered, onDemand.pending]).toEqual([0, true]);
    onDemand.beforeCompile('export default 1', 'module', false);
    expect([registered, onDemand.pending]).toEqual([1, false]);
    onDemand.beforeCompile("import('x')", 'commonjs', false);
    onDemand.now();
    expect(registered).toBe(1);
  });

  it("takes the instrumenter's word for a module it instrumented, the text's for others", () => {
    let registered = 0;
    const onDemand = esmOnDemand(() => registered++, () => {});
    // acorn: `import()` only in an error message, which the instrumenter saw is no call
    onDemand.beforeCompile('raise("Trailing comma is not allowed in import()")', 'commonjs', true, false);
    onDemand.beforeCompile('export default 1', undefined, false, false);
    expect(registered).toBe(0);
    onDemand.beforeCompile("new Function('s', 'return im' + 'port(s)')", 'commonjs', false, true);
    expect(registered).toBe(1);
    const uninstrumented = esmOnDemand(() => registered++, () => {});
    uninstrumented.beforeCompile("raise('not allowed in import()')", 'commonjs', false, null);
    expect([registered, uninstrumented.pending]).toEqual([2, false]);
    const required = esmOnDemand(() => registered++, () => {});
    required.beforeCompile('export default 1', 'module', false, false);
    expect(required.pending).toBe(false);
  });

  it('runs the nextTicks the registration queued at once, and keeps its worker event from the program', () => {
    const seen: string[] = [];
    const listener = (): void => void seen.push('worker event');
    process.on('worker', listener);
    try {
      const onDemand = esmOnDemand(() => {
        process.nextTick(() => seen.push('its tick'));
        process.nextTick(() => process.emit('worker' as never, {} as never));
      }, () => {});
      onDemand.now();
      seen.push('after');
    } finally {
      process.off('worker', listener);
    }
    expect(seen).toEqual(['its tick', 'after']);
  });

  it('reports a registration that throws, and never throws itself', () => {
    const errors: unknown[] = [];
    const onDemand = esmOnDemand(() => {
      throw new Error('no hooks here');
    }, (error) => errors.push(error));
    expect(() => onDemand.beforeVmCode("import('x')")).not.toThrow();
    expect((errors[0] as Error).message).toBe('no hooks here');
    expect(onDemand.pending).toBe(false);
  });
});
