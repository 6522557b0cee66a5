// The node flags this process started with, as Node's loader reads them: its command line and
// NODE_OPTIONS. Read once: they do not change while it runs.
let flags: readonly string[] | null = null;

export function nodeFlags(): readonly string[] {
  flags ??= [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  return flags;
}

/**
 * Whether this Node runs a `.js` file of a package without "type" as an ES module when it has module
 * syntax, `require` included (syntax detection: on by default since Node 20.19 and 22.7, behind
 * --experimental-detect-module before).
 */
export const detectsModuleSyntax = ((): boolean => {
  const flags = nodeFlags();
  if (flags.includes('--no-experimental-detect-module')) return false;
  if (flags.includes('--experimental-detect-module')) return true;
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 7) || (major === 20 && minor >= 19);
})();
