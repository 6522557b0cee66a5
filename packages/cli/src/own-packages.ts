// Where our own packages' files are (`@breadcrumb/core/own-modules` → its dist file), found before
// `breadcrumb run` spawns its command without Node's resolution of a package's "exports": Node 20's
// first one in a process loads its ES module resolver and compiles its path checks, among them a
// case-insensitive expression for `node_modules` segments that V8 compiles to ~7.8 M instructions of
// machine code. callgrind of three require.resolve('@breadcrumb/<name>/package.json') in an empty
// process: 16 M instructions, ~7 ms here, on the way to every spawn.
// The lookup is Node's for a bare name (each `node_modules` folder from the requiring file's up, the
// package's real path), and the "exports" maps it reads are our own packages' (a subpath to a file, or
// to conditions of which `default` is taken). Anything else (no such folder, no "exports", a pattern, a
// condition other than `types`/`require`/`node`/`default` before the one that matches) answers null, and
// the caller asks Node, as it does when Node keeps links' paths (--preserve-symlinks): this answers
// real paths.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

type ModuleStatics = typeof Module & { _nodeModulePaths(from: string): string[] };

/** The conditions Node's `require` matches, in the order an "exports" object lists them. */
const REQUIRE_CONDITIONS: ReadonlySet<string> = new Set(['require', 'node', 'default']);
/** Conditions Node skips for `require` that our packages list. */
const SKIPPED_CONDITIONS: ReadonlySet<string> = new Set(['types']);

interface OwnPackage {
  /** Real path of the package's folder. */
  folder: string;
  exports: unknown;
}

export class OwnPackages {
  /** Per folder looked from and package name: the package found there (null: none, or not ours to read). */
  private readonly found = new Map<string, OwnPackage | null>();
  private readonly preservesSymlinks: boolean;

  constructor(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv) {
    this.preservesSymlinks =
      env.NODE_PRESERVE_SYMLINKS === '1' || execArgv.includes('--preserve-symlinks') || (env.NODE_OPTIONS ?? '').includes('--preserve-symlinks');
  }

  /** The real path of `name`'s folder as a file of `fromDir` would find it; null: not found. */
  folderOf(name: string, fromDir: string): string | null {
    return this.packageOf(name, fromDir)?.folder ?? null;
  }

  /**
   * The file `require(request)` of a file in `fromDir` loads, for a request of a package (`@breadcrumb/core`,
   * `@breadcrumb/core/register`) whose "exports" map it in a way read here; null otherwise (ask Node).
   */
  resolve(request: string, fromDir: string): string | null {
    const name = packageNameOf(request);
    if (name === null) return null;
    const found = this.packageOf(name, fromDir);
    if (found === null) return null;
    const exportsMap = found.exports;
    if (exportsMap === null || typeof exportsMap !== 'object' || Array.isArray(exportsMap)) return null;
    const subpath = `.${request.slice(name.length)}`;
    const keys = Object.keys(exportsMap);
    // `{ "require": ... }` at the top is the "." entry's conditions; a map of subpaths starts with "."
    if (keys.length === 0 || !keys.every((key) => key.startsWith('.'))) return null;
    const target = requireTarget((exportsMap as Record<string, unknown>)[subpath]);
    if (target === null || !target.startsWith('./') || target.includes('*')) return null;
    const file = path.join(found.folder, target);
    // a missing file (a package not built) is Node's to report
    if (!file.startsWith(found.folder + path.sep) || fs.statSync(file, { throwIfNoEntry: false })?.isFile() !== true) return null;
    return file;
  }

  private packageOf(name: string, fromDir: string): OwnPackage | null {
    if (this.preservesSymlinks) return null;
    const key = `${fromDir}\0${name}`;
    let found = this.found.get(key);
    if (found === undefined) {
      found = lookUp(name, fromDir);
      this.found.set(key, found);
    }
    return found;
  }
}

/** `@scope/name` of `@scope/name/sub/path`; null for a request that is not a scoped package's. */
function packageNameOf(request: string): string | null {
  if (!request.startsWith('@')) return null;
  const parts = request.split('/');
  if (parts.length < 2 || parts[0]!.length < 2 || parts[1]!.length === 0) return null;
  return `${parts[0]}/${parts[1]}`;
}

/** The file a subpath's target gives `require`: a string, or the first matching condition's. */
function requireTarget(target: unknown): string | null {
  if (typeof target === 'string') return target;
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return null;
  for (const [condition, value] of Object.entries(target)) {
    if (REQUIRE_CONDITIONS.has(condition)) return requireTarget(value);
    if (!SKIPPED_CONDITIONS.has(condition)) return null;
  }
  return null;
}

function lookUp(name: string, fromDir: string): OwnPackage | null {
  for (const modules of (Module as ModuleStatics)._nodeModulePaths(fromDir)) {
    const folder = path.join(modules, name);
    let text: string;
    try {
      text = fs.readFileSync(path.join(folder, 'package.json'), 'utf8');
    } catch {
      continue;
    }
    try {
      const manifest = JSON.parse(text) as { name?: unknown; exports?: unknown };
      if (manifest.name !== name) return null;
      return { folder: fs.realpathSync.native(folder), exports: manifest.exports ?? null };
    } catch {
      return null;
    }
  }
  return null;
}

/** The one the CLI's files share (bin.ts, commands/run.ts): each package's manifest is read once. */
export const ownPackages = new OwnPackages();
