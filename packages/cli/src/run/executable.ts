// Finds the program a command line names, the way a shell would, so that a typo is a usage error
// before a run is created rather than a failed run.

import * as fs from 'node:fs';
import * as path from 'node:path';

export function findExecutable(name: string, env: NodeJS.ProcessEnv, cwd: string): string | null {
  if (name.includes('/')) {
    const file = path.resolve(cwd, name);
    return isExecutableFile(file) ? file : null;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(path.resolve(cwd, dir), name);
    if (isExecutableFile(file)) return file;
  }
  return null;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
