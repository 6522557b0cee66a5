// The `breadcrumb` command as bin/breadcrumb.js starts it. main.js and the files of our packages it
// loads come through core's own-modules loader: no resolution between them and V8's code cache, kept
// in <home>/cache/code/cli-*.bin (~40 files before `run` spawns its command, every one compiled
// otherwise at each start). So do the CommonJS files of the packages they use (better-sqlite3's
// wrapper, minimatch, yargs...): this process is ours, not a program's. Saved once the command is
// done, with what it loaded: `run` in a file of its own, which the packages of `build` (Babel) and
// `serve-mcp` (the MCP SDK) never make bigger to read at its start. Core's files are found through
// own-packages.ts, not Node's resolution of its "exports" (what that costs: see there).
import path from 'node:path';
import { ownPackages } from './own-packages.js';

type OwnModulesModule = typeof import('@breadcrumb/core/own-modules');
type PackageTypeModule = typeof import('@breadcrumb/core/package-type');
type PathsModule = typeof import('@breadcrumb/core/paths');

type MainModule = typeof import('./main.js');
type ExitModule = typeof import('./run/exit-when-written.js');

export function start(argv: string[]): Promise<void> {
  const { OwnModuleLoader } = requireCore<OwnModulesModule>('own-modules');
  const { packageTypeOf } = requireCore<PackageTypeModule>('package-type');
  const loader = new OwnModuleLoader({
    roots: ourDistFolders(),
    ownPackages: ['@breadcrumb/'],
    resolveOwnPackage: (request, fromDir) => ownPackages.resolve(request, fromDir),
    packages: packageTypeOf,
    cacheFile: cacheFile(argv[0] === 'run' ? 'cli-run' : 'cli'),
  });
  const ownFlags = loader.require(path.join(__dirname, 'run/own-v8-flags.js')) as typeof import('./run/own-v8-flags.js');
  ownFlags.beforeOwnV8FlagsChange(() => loader.saveCodeCache());
  const { main } = loader.require(path.join(__dirname, 'main.js')) as MainModule;
  if (argv[0] !== 'run') return main(argv).finally(() => loader.saveCodeCache());
  // `run` has nothing left to do once main() is done (run/exit-when-written.ts: what that saves)
  const { exitWhenWritten } = loader.require(path.join(__dirname, 'run/exit-when-written.js')) as ExitModule;
  return main(argv)
    .finally(() => loader.saveCodeCache())
    .then(() => {
      exitWhenWritten();
    });
}

/** `require('@breadcrumb/core/<subpath>')`, from where own-packages.ts finds it. */
function requireCore<T>(subpath: string): T {
  const request = `@breadcrumb/core/${subpath}`;
  return require(ownPackages.resolve(request, __dirname) ?? request) as T;
}

/** This package's dist folder and those of the packages of ours it uses. */
function ourDistFolders(): string[] {
  const folders = [__dirname];
  for (const name of ['core', 'store', 'instrumenter']) {
    try {
      const folder = ownPackages.folderOf(`@breadcrumb/${name}`, __dirname) ?? path.dirname(require.resolve(`@breadcrumb/${name}/package.json`));
      folders.push(path.join(folder, 'dist'));
    } catch {
      // not installed: Node's require says so when it is needed
    }
  }
  return folders;
}

function cacheFile(name: string): string | null {
  const { codeCacheFile } = requireCore<OwnModulesModule>('own-modules');
  const { breadcrumbHome, transformCacheDir } = requireCore<PathsModule>('paths');
  try {
    return codeCacheFile(transformCacheDir(breadcrumbHome()), name);
  } catch {
    return null; // no home directory to be found: no cache
  }
}
