// The syntax of this process's Node that Babel parses either way (the instrumenter's nodeSyntax): a file
// that uses what this Node rejects is a SyntaxError plain, and is left as it is so that Node reports it
// as plain, original line and caret included. Read once: it does not change while the process runs.
import { nodeFlags } from './node-flags.js';

/** The instrumenter's NodeSyntax (declared here so core compiles before it lands). */
export interface NodeSyntax {
  v8: string;
  importAssertions: boolean;
  usingDeclarations: boolean;
}

let syntax: NodeSyntax | null = null;

export function nodeSyntax(): NodeSyntax {
  syntax ??= { v8: process.versions.v8, importAssertions: runsImportAssertions(), usingDeclarations: compiles('{ using x = null; }') };
  return syntax;
}

const TURNED_OFF = /^--no[-_]harmony[-_]import[-_]assertions$/;

/**
 * `import j from './a.json' assert { type: 'json' }`: Node 20 (V8 11) runs it, with a warning, unless
 * V8's flag turns it off; Node 22 and later give a SyntaxError. Module syntax: no script can test it.
 */
export function runsImportAssertions(nodeVersion: string = process.versions.node, flags: readonly string[] = nodeFlags()): boolean {
  const major = Number(nodeVersion.split('.')[0]);
  return major < 22 && !flags.some((flag) => TURNED_OFF.test(flag));
}

/** Whether this V8 compiles `body` as a function's (false also where code from strings is disallowed). */
export function compiles(body: string): boolean {
  try {
    new Function(body);
    return true;
  } catch {
    return false;
  }
}
