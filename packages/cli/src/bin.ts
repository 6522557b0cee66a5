// The `breadcrumb` command as bin/breadcrumb.js starts it. main.js and the files of our packages it
// loads come through core's own-modules loader: no resolution between them and V8's code cache, kept
// in <home>/cache/code/cli-*.bin (~40 files before `run` spawns its command, every one compiled
// otherwise at each start). Saved once the command is done, with what it loaded.
import path from 'node:path';
import { codeCacheFile, OwnModuleLoader } from '@breadcrumb/core/own-modules';
import { breadcrumbHome, transformCacheDir } from '@breadcrumb/core/paths';

type MainModule = typeof import('./main.js');

export function start(argv: string[]): Promise<void> {
  const loader = new OwnModuleLoader({ roots: ourDistFolders(), ownPackages: ['@breadcrumb/'], cacheFile: cacheFile() });
  const { main } = loader.require(path.join(__dirname, 'main.js')) as MainModule;
  return main(argv).finally(() => loader.saveCodeCache());
}

/** This package's dist folder and those of the packages of ours it uses. */
function ourDistFolders(): string[] {
  const folders = [__dirname];
  for (const name of ['core', 'store', 'instrumenter']) {
    try {
      folders.push(path.join(path.dirname(require.resolve(`@breadcrumb/${name}/package.json`)), 'dist'));
    } catch {
      // not installed: Node's require says so when it is needed
    }
  }
  return folders;
}

function cacheFile(): string | null {
  try {
    return codeCacheFile(transformCacheDir(breadcrumbHome()), 'cli');
  } catch {
    return null; // no home directory to be found: no cache
  }
}
