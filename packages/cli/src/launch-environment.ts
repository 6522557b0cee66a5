// The environment the user gave the `breadcrumb` command, put back before anything else runs, so that
// every process the command starts (the traced program above all) gets it unchanged. Two launchers
// stand between the user and this process and each changes it:
//
// - bin/breadcrumb.js's shell line starts node with NODE_EXTRA_CA_CERTS emptied and its value kept in
//   HELD_CA_CERTS: Node 20 reads the certificates that variable names as it starts, before any script
//   runs (a system bundle: ~410 M instructions, ~60 ms of CPU here, on every command), and the command
//   makes no TLS connection. Node 22 and later read them at the first TLS connection only.
// - pnpm's `node_modules/.bin/breadcrumb` shim prepends its store's folders to NODE_PATH (the quick
//   start runs it). A traced program then resolved packages it does not depend on: a `require` that
//   fails under plain node (an optional dependency's fallback) succeeded.
//
// This process's own module resolution read NODE_PATH as node started; changing it now changes only
// what child processes get.
import fs from 'node:fs';
import path from 'node:path';

/** Where the shell line keeps NODE_EXTRA_CA_CERTS's value for this process to put back. */
export const HELD_CA_CERTS = 'BREADCRUMB_HELD_CA_CERTS';

/** A pnpm store's folder in a NODE_PATH entry: what comes before it is the installation's root. */
const PNPM_STORE = `${path.sep}node_modules${path.sep}.pnpm`;

/**
 * Restores `env` in place. `installDir`: the real path of this package's folder (the CLI's), which tells
 * pnpm's entries for this installation from the user's own.
 */
export function restoreLaunchEnvironment(env: NodeJS.ProcessEnv, installDir: string): void {
  const held = env[HELD_CA_CERTS];
  if (held !== undefined) {
    env.NODE_EXTRA_CA_CERTS = held;
    delete env[HELD_CA_CERTS];
  }
  const nodePath = env.NODE_PATH;
  if (nodePath !== undefined) {
    const kept = withoutInstallationEntries(nodePath, installDir);
    if (kept === null) delete env.NODE_PATH;
    else env.NODE_PATH = kept;
  }
}

/**
 * NODE_PATH without the entries pnpm's shim put first, folders of the pnpm store of the installation
 * that holds `installDir` (`<root>/node_modules/.pnpm/...`); null when none is left. pnpm writes its
 * entries before the user's (`export NODE_PATH="<store folders>:$NODE_PATH"`), so only leading ones
 * go: a user's own entry, even into that store, stays where it was written after them.
 */
export function withoutInstallationEntries(nodePath: string, installDir: string): string | null {
  const entries = nodePath.split(path.delimiter);
  let first = 0;
  while (first < entries.length && isInstallationEntry(entries[first]!, installDir)) first++;
  if (first === 0) return nodePath;
  const rest = entries.slice(first);
  return rest.length === 0 || (rest.length === 1 && rest[0] === '') ? null : rest.join(path.delimiter);
}

function isInstallationEntry(entry: string, installDir: string): boolean {
  const at = entry.indexOf(PNPM_STORE);
  if (at <= 0) return false;
  const after = entry.charAt(at + PNPM_STORE.length);
  if (after !== '' && after !== path.sep) return false;
  const root = entry.slice(0, at);
  return installDir.startsWith(root + path.sep) || installDir.startsWith(realPath(root) + path.sep);
}

/** `dir` with its links resolved (pnpm writes the path it was installed through; `installDir` is real). */
function realPath(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}
