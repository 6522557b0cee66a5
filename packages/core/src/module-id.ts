// Module ids are what include/exclude globs match (see docs/ARCHITECTURE.md, contract 3):
//   ./src/pay.js          a file under the project root
//   axios/lib/core.js     a file of an installed package, wherever and however it is installed
//   node:fs               a built-in
//   /abs/path/file.js     anything else
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** The module id of a loaded file (absolute path or file: URL), relative to the project root. */
export function moduleIdOf(fileOrUrl: string, root: string): string {
  if (fileOrUrl.startsWith('node:')) return fileOrUrl;
  const file = fileOrUrl.startsWith('file:') ? fileURLToPath(fileOrUrl) : fileOrUrl;
  const packageId = packageModuleId(file);
  if (packageId !== null) return packageId;
  const relative = path.relative(root, file);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return `./${relative.split(path.sep).join('/')}`;
  }
  return file.split(path.sep).join('/');
}

/** `axios/lib/core.js` for a file inside node_modules (pnpm's `.pnpm/x/node_modules/axios/` too). */
function packageModuleId(file: string): string | null {
  const at = file.lastIndexOf(NODE_MODULES);
  if (at === -1) return null;
  const parts = file.slice(at + NODE_MODULES.length).split(path.sep);
  const nameParts = parts[0]?.startsWith('@') ? 2 : 1;
  if (parts.length <= nameParts) return null;
  return parts.join('/');
}

/** The package a module id belongs to (`axios`, `@scope/pkg`), or null for project files and built-ins. */
export function packageOfModuleId(moduleId: string): string | null {
  if (moduleId.startsWith('./') || moduleId.startsWith('/') || moduleId.startsWith('node:')) return null;
  const parts = moduleId.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}
