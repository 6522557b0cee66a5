// Globs match module ids, and project files' ids start with './'. `src/**` therefore means "a package
// named src", which is almost never what was meant when ./src exists: say so instead of silently
// tracing nothing.

import fs from 'node:fs';
import path from 'node:path';

export function globHints(globs: readonly string[], projectDir: string): string[] {
  const hints: string[] = [];
  for (const glob of globs) {
    if (glob.startsWith('node:')) {
      hints.push(`'${glob}' names Node built-ins, which cannot be traced (their calls show up as gaps): this glob changes nothing`);
      continue;
    }
    const inPackages = nodeModulesHint(glob);
    if (inPackages !== null) {
      hints.push(inPackages);
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

/**
 * A file inside node_modules has its package's id (`ms/index.js`), never a path through
 * `node_modules/`: a glob spelled as a path there matches nothing, so name the glob that does.
 */
function nodeModulesHint(glob: string): string | null {
  const at = glob.lastIndexOf('node_modules/');
  if (at === -1 || (at > 0 && glob[at - 1] !== '/')) return null;
  const rest = glob.slice(at + 'node_modules/'.length);
  const start = `'${glob}' matches nothing: a file of an installed package has the package's name as its module id (e.g. ms/index.js), not its path`;
  if (rest === '' || /^[*?[{!]/.test(rest)) return `${start}: name the package instead ('axios/**')`;
  return `${start}: use '${rest}'`;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
