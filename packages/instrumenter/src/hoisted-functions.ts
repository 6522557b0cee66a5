// Which functions of an ES module can run before the module's first statement.
//
// A module's top-level function declarations (`function f`, `export function f`, `export default
// function`, their async and generator forms) are created when the module is instantiated, before any
// of its code runs (ECMA-262 InitializeEnvironment of a Source Text Module Record, step "For each
// element d of lexDeclarations ... InstantiateFunctionObject"). Through an import cycle another
// module can call one of them before this module's first statement ran, and what such a call creates
// (a closure it returns, a class it declares, an arrow in its default parameter) can run then too.
// Everything else is created by evaluating the module's code, which starts with our first statement:
// top-level function expressions, arrows, classes (a class declaration is not initialised before its
// statement runs), object methods, and any function in a block (strict code: a block's function
// declarations are instantiated when the block is entered, with no Annex B hoisting).
import type { types as t } from '@babel/core';

export class HoistedFunctions {
  /** Start and end of each hoisted declaration, in source order (the program's statements are). */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(program: t.Program) {
    for (const statement of program.body) {
      const declaration = hoistedDeclaration(statement);
      if (declaration === null) continue;
      this.starts.push(declaration.start!);
      this.ends.push(declaration.end!);
    }
  }

  /** Whether `node` is inside a hoisted function (its parameters and name included). */
  holds(node: t.Node): boolean {
    const at = node.start!;
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.ends[middle]! <= at) low = middle + 1;
      else if (this.starts[middle]! > at) high = middle - 1;
      else return true;
    }
    return false;
  }
}

/** The function declaration a top-level statement hoists, or null. */
function hoistedDeclaration(statement: t.Statement): t.FunctionDeclaration | null {
  if (statement.type === 'FunctionDeclaration') return statement;
  if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') {
    const declaration = statement.declaration;
    if (declaration?.type === 'FunctionDeclaration') return declaration;
  }
  return null;
}
