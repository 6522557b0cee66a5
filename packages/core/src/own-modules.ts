// Loads Breadcrumb's own compiled files (those under the given folders) as Node's CommonJS loader
// would, with less work at the start of every traced process. Each file still becomes a Module of
// its own in require.cache, with its own filename, __dirname, line and column numbers, so that stack
// traces, `require` from elsewhere and the frame checks keyed on a file name (loader-frames.ts) are
// unchanged. What is saved: a relative require between our own files skips Node's resolution (stat
// calls, realpath, package.json scope lookups: ~70 files at each start), and each file compiles from
// V8's code cache, kept in one file (code-cache-file.ts) in the project's cache folder: Node 20 has no
// module.enableCompileCache, and later versions' applies to the whole process, the program's own
// modules included, which must compile exactly as without Breadcrumb.
// Everything else a file requires (node:*, packages, a file outside the folders) goes through Node's
// own `require` as before; in a process of ours (the CLI), the packages' CommonJS files can come
// through here too (`packages`).
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { ownFs } from './node-originals.js';
import { readCodeCache, writeCodeCache, type CodeCacheEntry } from './code-cache-file.js';
import { joinRelative } from './relative-request.js';
import type { PackageType } from './hooks/package-type.js';

export { codeCacheFile } from './code-cache-file.js';

export interface OwnModuleLoaderOptions {
  /** Folders whose `.js` files are ours (absolute, no trailing separator). */
  roots: readonly string[];
  /** The code cache file (read at the first load, written by saveCodeCache()); null: no code cache. */
  cacheFile: string | null;
  /**
   * Package names (or their prefix, `@breadcrumb/`) whose files are ours too: a require of one is
   * resolved by Node, and loaded here when it resolves under a root.
   */
  ownPackages?: readonly string[];
  /**
   * Where a request of one of `ownPackages` from a file in `fromDir` leads, found without Node (null:
   * Node's resolution then decides): the CLI's, which reads our packages' "exports" itself before it
   * spawns a command (cli/src/own-packages.ts).
   */
  resolveOwnPackage?: (request: string, fromDir: string) => string | null;
  /**
   * Also load here the CommonJS files of the packages our files require (and of the packages those
   * require), where Node resolves them: for a process of ours only (the CLI, whose better-sqlite3
   * wrapper and minimatch otherwise compile from source at every `breadcrumb run`), never in a
   * program's process, whose packages are the program's. A package file that Node must load itself
   * stays Node's: an ES module, a file that calls import(), one that does not compile as a CommonJS
   * function body (a hashbang line, ES module syntax Node detects), JSON and native addons.
   */
  packages?: PackageTypeOf;
}

/**
 * The `type` of the package a file belongs to, as Node decides it (hooks/package-type.ts, passed in by
 * the CLI: a traced program's runtime, which never loads packages here, does not load that module).
 */
export type PackageTypeOf = (file: string) => PackageType | null;

/** What one loader did: for tests and benchmarks. */
export interface OwnModuleStats {
  loaded: number;
  /** Files compiled from the code cache. */
  cached: number;
  /** Files whose cached code V8 rejected (another V8 or other V8 flags): compiled from source. */
  rejected: number;
}

/** `import(` outside a comment (as a comment's lines are written; one in a string merely loads the file as before). */
function hasDynamicImport(source: string): boolean {
  // `import(?:` is a regular expression's group, not a call
  for (const match of source.matchAll(/\bimport\s*\((?!\?)/g)) {
    const line = source.slice(source.lastIndexOf('\n', match.index) + 1, match.index);
    if (!/\/\/|\/\*|^\s*\*/.test(line)) return true;
  }
  return false;
}

// Taken as this module loads, before the runtime's vm hook (hooks/vm-hook.ts) or the program can
// replace them: a file of ours loaded later (at the first capture, at exit) compiles as at start.
const Script = vm.Script;
const runInThisContext = Script.prototype.runInThisContext;
const wrap = Module.wrap;

/** A built-in is the same module whoever requires it. */
const builtinRequire = require;

type CompiledWrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => unknown;
type ModuleInternals = Module & { paths: string[]; loaded: boolean; filename: string };
type ModuleStatics = typeof Module & { _cache: Record<string, Module | undefined>; _nodeModulePaths(from: string): string[] };

export class OwnModuleLoader {
  private readonly roots: readonly string[];
  private readonly cacheFile: string | null;
  private readonly ownPackages: readonly string[];
  private readonly resolveOwnPackage: (request: string, fromDir: string) => string | null;
  private readonly packages: PackageTypeOf | null;
  /** Where Node resolved a package of ours, per root of the requiring file and request. */
  private readonly resolved = new Map<string, string>();
  /** Where Node resolved a package's request (`packages`), per folder of the requiring file and request. */
  private readonly resolvedPackages = new Map<string, string>();
  /**
   * Module._nodeModulePaths per folder: ~10 folders for ~70 files. It resolves the folder with
   * path.resolve at each call, which with our relative requires made node:path's normalizeString hot
   * enough for TurboFan at each start (relative-request.ts).
   */
  private readonly nodeModulePaths = new Map<string, readonly string[]>();
  private cache: Map<string, CodeCacheEntry> | null = null;
  /** Set by saveCodeCache(): what compiles later is not saved (V8's flags may have changed since). */
  private saved = false;
  /** Scripts compiled without an accepted cache entry: their code goes into the next saved file. */
  private readonly uncached = new Map<string, { script: InstanceType<typeof Script>; size: number; mtimeMs: number }>();
  readonly stats: OwnModuleStats = { loaded: 0, cached: 0, rejected: 0 };

  constructor(options: OwnModuleLoaderOptions) {
    this.roots = options.roots.map((root) => root + path.sep);
    this.cacheFile = options.cacheFile;
    this.ownPackages = options.ownPackages ?? [];
    this.resolveOwnPackage = options.resolveOwnPackage ?? (() => null);
    this.packages = options.packages ?? null;
  }

  /** `require(file)` of one of our files, by absolute path; another file goes to Node's require. */
  require(file: string, parent?: Module): unknown {
    const statics = Module as ModuleStatics;
    const cached = statics._cache[file];
    if (cached !== undefined) return cached.exports;
    const viaNode = (): unknown => Module.createRequire(parent?.filename ?? file)(file);
    const stat = this.loadsHere(file) ? ownFs.statSync(file, { throwIfNoEntry: false }) : undefined;
    if (stat === undefined || !stat.isFile()) return viaNode();
    const source = ownFs.readFileSync(file, 'utf8') as string;
    const entry = this.cacheEntry(file, stat.size, stat.mtimeMs);
    // A script made by vm has no `import()` of its own (Node 20 has it only as an experimental option,
    // which prints a warning and fails on code from the cache): such a file is Node's to load. A file
    // with a code cache entry was compiled here, so it has none (the search: ~0.7 ms at each start).
    if (entry === undefined && hasDynamicImport(source)) return viaNode();
    let wrapper: CompiledWrapper;
    try {
      wrapper = this.compile(file, source, stat.size, stat.mtimeMs, entry);
    } catch (error) {
      // a package's hashbang line or ES module syntax: Node's loader knows what to make of them
      if (error instanceof SyntaxError && !this.isOurs(file)) return viaNode();
      throw error;
    }

    const module = new Module(file, parent) as ModuleInternals;
    const dirname = path.dirname(file);
    module.filename = file;
    module.paths = this.nodeModulePathsOf(dirname, statics);
    statics._cache[file] = module;
    let done = false;
    try {
      Reflect.apply(wrapper, module.exports, [module.exports, this.requireFor(module), module, file, dirname]);
      module.loaded = true;
      done = true;
    } finally {
      // As Node does: a file that threw is loaded again by the next require.
      if (!done) delete statics._cache[file];
    }
    this.stats.loaded++;
    return module.exports;
  }

  /**
   * Writes the code of the files compiled from source into the cache file (with the entries of the
   * files this process did not load), when there is any; once per loader. To be called before V8's
   * flags change, if they do: code made after that carries another flag hash, which V8 rejects in
   * the next process. Never throws: without a cache, the next process compiles from source.
   */
  saveCodeCache(): void {
    if (this.saved) return;
    this.saved = true;
    if (this.cacheFile === null || this.uncached.size === 0) return;
    try {
      const entries = new Map(this.loadCache());
      for (const [file, { script, size, mtimeMs }] of this.uncached) {
        entries.set(file, { file, size, mtimeMs, data: script.createCachedData() });
      }
      this.uncached.clear();
      writeCodeCache(this.cacheFile, [...entries.values()]);
    } catch {
      // a read-only or full disk: the cache is only a speed-up
    }
  }

  /** A copy for each module: a program may change a module's `paths`. */
  private nodeModulePathsOf(dirname: string, statics: ModuleStatics): string[] {
    let paths = this.nodeModulePaths.get(dirname);
    if (paths === undefined) this.nodeModulePaths.set(dirname, (paths = statics._nodeModulePaths(dirname)));
    return paths.slice();
  }

  private isOurs(file: string): boolean {
    return file.endsWith('.js') && this.roots.some((root) => file.startsWith(root));
  }

  /** One of our files, or (with `packages`) a package's file that Node would load as CommonJS. */
  private loadsHere(file: string): boolean {
    if (this.isOurs(file)) return true;
    if (this.packages === null || !file.includes(`${path.sep}node_modules${path.sep}`)) return false;
    // a package.json that cannot be read for sure (null) leaves the file to Node
    if (file.endsWith('.cjs')) return true;
    if (!file.endsWith('.js')) return false;
    const type = this.packages(file);
    return type === undefined || type === 'commonjs';
  }

  /** The code cache entry made from this version of the file (its size and mtime), if any. */
  private cacheEntry(file: string, size: number, mtimeMs: number): CodeCacheEntry | undefined {
    const entry = this.loadCache().get(file);
    return entry !== undefined && entry.size === size && entry.mtimeMs === mtimeMs ? entry : undefined;
  }

  private compile(file: string, source: string, size: number, mtimeMs: number, entry: CodeCacheEntry | undefined): CompiledWrapper {
    // Node's own wrapper text: line numbers are the file's; V8 counts columns from it on line 1 only,
    // which holds tsc's "use strict" and no function.
    const script = new Script(wrap(source), { filename: file, cachedData: entry?.data });
    if (entry !== undefined && !script.cachedDataRejected) this.stats.cached++;
    else {
      if (entry !== undefined) this.stats.rejected++;
      if (this.cacheFile !== null && !this.saved) this.uncached.set(file, { script, size, mtimeMs });
    }
    return Reflect.apply(runInThisContext, script, []) as CompiledWrapper;
  }

  private loadCache(): Map<string, CodeCacheEntry> {
    if (this.cache === null) {
      this.cache = new Map();
      if (this.cacheFile !== null) {
        for (const entry of readCodeCache(this.cacheFile)) this.cache.set(entry.file, entry);
      }
    }
    return this.cache;
  }

  /** Where Node resolves `id` from a file in `dirname`; null when it does not (Node's require then says why). */
  private resolvePackageRequest(dirname: string, id: string, viaNode: () => NodeJS.Require): string | null {
    const key = `${dirname}\0${id}`;
    let file = this.resolvedPackages.get(key);
    if (file === undefined) {
      try {
        file = viaNode().resolve(id);
      } catch {
        return null;
      }
      this.resolvedPackages.set(key, file);
    }
    return file;
  }

  /**
   * The `require` our file gets: relative paths to our own files load here, built-ins as anywhere,
   * anything else as Node would.
   */
  private requireFor(module: ModuleInternals): NodeJS.Require {
    const dirname = path.dirname(module.filename);
    let nodeRequire: NodeJS.Require | null = null;
    const viaNode = (): NodeJS.Require => (nodeRequire ??= Module.createRequire(module.filename));
    const require = ((id: string): unknown => {
      if (id.startsWith('./') || id.startsWith('../')) {
        const file = joinRelative(dirname, id);
        if (this.isOurs(file)) return this.require(file, module);
      } else if (Module.isBuiltin(id)) {
        return builtinRequire(id);
      } else if (this.ownPackages.some((name) => id.startsWith(name))) {
        // the same request from the same package's files resolves to the same file
        const key = `${this.roots.find((root) => module.filename.startsWith(root))}\0${id}`;
        let file = this.resolved.get(key);
        if (file === undefined) this.resolved.set(key, (file = this.resolveOwnPackage(id, dirname) ?? viaNode().resolve(id)));
        if (this.isOurs(file)) return this.require(file, module);
      }
      if (this.packages) {
        const file = this.resolvePackageRequest(dirname, id, viaNode);
        if (file !== null && this.loadsHere(file)) return this.require(file, module);
      }
      return viaNode()(id);
    }) as NodeJS.Require;
    Object.defineProperties(require, {
      resolve: { get: () => viaNode().resolve, enumerable: true },
      cache: { get: () => viaNode().cache, enumerable: true },
      main: { get: () => viaNode().main, enumerable: true },
      extensions: { get: () => viaNode().extensions, enumerable: true },
    });
    return require;
  }
}
