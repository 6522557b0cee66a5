// Which form the `project` option's runtime start takes. Babel parses files as modules by default, and
// the start of a module is an `import`, which makes a file an ES module: a CommonJS file (no module
// syntax, `module.exports = ...`) would then stop loading (`module is not defined`). So a file that Node
// loads as CommonJS whatever Babel assumed gets the `require` form: one with no module syntax that is
// `.cjs`/`.cts`, or `.js` (`.ts`, `.jsx` ...: compiled to `.js` next to it) in a package whose type is
// not "module". A file with module syntax keeps the `import`, which a later CommonJS transform or a
// bundler handles like the file's own imports.
import type { NodePath, types as t } from '@babel/core';
import { ModuleFormatResolver } from './module-format.js';

const formats = new ModuleFormatResolver();

export function runtimeStartFormat(program: NodePath<t.Program>, filename: string): 'module' | 'script' {
  if (program.node.sourceType !== 'module') return 'script';
  if (formats.formatOf(filename) === 'module' || hasModuleSyntax(program)) return 'module';
  return 'script';
}

/** import/export declarations, `import.meta` or a top-level `await`: Node loads such a file as a module. */
function hasModuleSyntax(program: NodePath<t.Program>): boolean {
  if (program.node.body.some((s) => s.type.startsWith('Import') || s.type.startsWith('Export'))) return true;
  let found = false;
  program.traverse({
    MetaProperty(p) {
      if (p.node.meta.name === 'import') {
        found = true;
        p.stop();
      }
    },
    AwaitExpression(p) {
      if (p.getFunctionParent() === null) {
        found = true;
        p.stop();
      }
    },
    ForOfStatement(p) {
      if (p.node.await && p.getFunctionParent() === null) {
        found = true;
        p.stop();
      }
    },
  });
  return found;
}
