// Globs match module ids, and project files' ids start with './'. `src/**` therefore means "a package
// named src", which is almost never what was meant when ./src exists: say so instead of silently
// tracing nothing.

import * as fs from 'node:fs';
import * as path from 'node:path';

export function globHints(globs: readonly string[], projectDir: string): string[] {
  const hints: string[] = [];
  for (const glob of globs) {
    if (glob.startsWith('node:')) {
      hints.push(`'${glob}' names Node built-ins, which cannot be traced (their calls show up as gaps): this glob changes nothing`);
      continue;
    }
    if (/^(\.{1,2}\/|\/|\*|!|\{)/.test(glob)) continue;
    const first = glob.split('/')[0]!;
    if (first === '' || /[*?[\]{}]/.test(first)) continue;
    if (isDirectory(path.join(projectDir, first))) {
      hints.push(
        `'${glob}' matches a package named '${first}', not the folder ./${first} (project files' module ids start with './': use './${glob}')`,
      );
    }
  }
  return hints;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
