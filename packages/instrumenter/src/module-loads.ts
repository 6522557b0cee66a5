// Whether a script may load an ES module when it runs, from its syntax. Node 20 runs ES module hooks in
// a thread of their own, which core starts for a CommonJS program only once a module it compiles may
// load an ES module (core's hooks/esm-on-demand.ts); this is the answer for a module the instrumenter
// parsed, where the text alone cannot tell `import(` in a comment, a method's name (`x.import(`) or an
// error message (acorn's "Trailing comma is not allowed in import()") from a call.
//
// A string is code too once the program hands it to Function, eval or vm (TypeScript's CommonJS output
// and bundlers keep `new Function('s', 'return import(s)')` for a dynamic import): a string with an
// `import(` that has something in its parentheses, or that ends there (`'import(' + s + ')'`), counts.
// An empty `import()` is a SyntaxError, so it is never code that imports. What the program assembles
// from smaller pieces no string shows: the runtime's periodic check registers the hooks after it.
import type { types as t } from '@babel/core';

/** `import(` with something in its parentheses, or at the end of the text; or a comment after `import`. */
const IMPORT_IN_TEXT = /\bimport\s*(?:\((?!\s*\))|\/[*/])/;

export class ModuleLoads {
  /** The node types `note` is given. */
  static readonly NOTED = ['Import', 'ImportExpression', 'StringLiteral', 'TemplateElement'];
  private found = false;

  note(node: t.Node): void {
    if (this.found) return;
    if (node.type === 'StringLiteral') this.found = mayImportAsCode(node.value);
    else if (node.type === 'TemplateElement') this.found = mayImportAsCode(node.value.raw);
    else this.found = node.type === 'Import' || node.type === 'ImportExpression';
  }

  /** Whether the script may load an ES module: an `import()` in it, or in a string it may run as code. */
  get any(): boolean {
    return this.found;
  }
}

/** Whether `text`, run as code (Function, eval, vm), may import: an `import(` that is not empty. */
export function mayImportAsCode(text: string): boolean {
  return text.includes('import') && IMPORT_IN_TEXT.test(text);
}
