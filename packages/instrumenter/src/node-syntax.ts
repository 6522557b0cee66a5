// Syntax that Babel parses and the Node running the output may not. At load time that Node runs this
// very process, and a file it rejects must fail as it does plain, with its own line above the
// SyntaxError: such a file is not instrumented at all.
import type { types as t } from '@babel/core';

export interface NodeSyntax {
  /** `process.versions.v8`: regular expression literals are checked with this process's RegExp (and caches keyed on it). */
  v8: string;
  /** `import … assert { type: 'json' }`, import attributes' deprecated keyword (Node 20 only). */
  importAssertions: boolean;
  /** `using` and `await using` declarations (Node 24 and later). */
  usingDeclarations: boolean;
}

/** What `node` uses that `syntax` rejects, or null. */
export function rejectedSyntax(node: t.Node, syntax: NodeSyntax): string | null {
  if (node.type === 'VariableDeclaration') {
    const kind = node.kind as string;
    return !syntax.usingDeclarations && (kind === 'using' || kind === 'await using') ? `\`${kind}\` declarations` : null;
  }
  if (node.type === 'RegExpLiteral') {
    try {
      new RegExp(node.pattern, node.flags);
      return null;
    } catch {
      return `the regular expression /${node.pattern}/${node.flags}`;
    }
  }
  return null;
}
