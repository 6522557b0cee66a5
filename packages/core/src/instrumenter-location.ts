// Where the instrumenter package is, found as Node's `require` finds a package from this one (the
// node_modules folders up from here, symlinks resolved) without reading its "exports": on Node 20
// `require.resolve('@breadcrumb/instrumenter/package.json')` loads the ES module resolver for that,
// ~3 ms of every traced process's start (its built-ins compile without their code cache under
// --stack-size). Any other layout (NODE_PATH, a bundle) goes through require.resolve as before.
import path from 'node:path';
import { ownFs as fs } from './node-originals.js';

const PACKAGE = '@breadcrumb/instrumenter';

let found: string | null | undefined;

/** The instrumenter's package.json (real path), or null when it is not installed. */
export function instrumenterManifest(): string | null {
  if (found === undefined) found = lookUp(__dirname) ?? viaRequire();
  return found;
}

function lookUp(from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') {
      const manifest = path.join(dir, 'node_modules', PACKAGE, 'package.json');
      if (fs.existsSync(manifest)) {
        try {
          return fs.realpathSync(manifest);
        } catch {
          return null;
        }
      }
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function viaRequire(): string | null {
  try {
    return require.resolve(`${PACKAGE}/package.json`);
  } catch {
    return null;
  }
}
