// Whether this Node runs the deprecated `assert` keyword of import attributes (`import j from './a.json'
// assert { type: 'json' }`). Node 20 (V8 11) does, with a warning, unless V8's flag turns it off; Node 22
// and later give a SyntaxError. The instrumenter accepts the keyword only where Node does: elsewhere such
// a file runs as it is, and its SyntaxError is plain node's, with the original line above it.
import { nodeFlags } from './node-flags.js';

const TURNED_OFF = /^--no[-_]harmony[-_]import[-_]assertions$/;

export function runsImportAssertions(nodeVersion: string = process.versions.node, flags: readonly string[] = nodeFlags()): boolean {
  const major = Number(nodeVersion.split('.')[0]);
  return major < 22 && !flags.some((flag) => TURNED_OFF.test(flag));
}
