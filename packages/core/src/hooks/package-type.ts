// The `type` of the package a CommonJS file belongs to, as Node's `.js` loader decides it: the nearest
// package.json above the file, not looking past a `node_modules` folder. `null` when that cannot be
// told for sure (a package.json that does not parse): the caller then leaves the file to Node's loader.
import { ownFs as fs, ownJson } from '../node-originals.js';
import path from 'node:path';

export type PackageType = 'module' | 'commonjs' | undefined;

const byFolder = new Map<string, PackageType | null>();

export function packageTypeOf(filename: string): PackageType | null {
  return typeOfFolder(path.dirname(filename));
}

function typeOfFolder(folder: string): PackageType | null {
  const known = byFolder.get(folder);
  if (known !== undefined || byFolder.has(folder)) return known!;
  let type: PackageType | null;
  if (folder.endsWith(`${path.sep}node_modules`)) type = undefined;
  else {
    const own = readType(path.join(folder, 'package.json'));
    if (own !== 'absent') type = own;
    else {
      const parent = path.dirname(folder);
      type = parent === folder ? undefined : typeOfFolder(parent);
    }
  }
  byFolder.set(folder, type);
  return type;
}

function readType(file: string): PackageType | null | 'absent' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'absent' : null;
  }
  try {
    const data = ownJson.parse(text) as { type?: unknown } | null;
    if (data === null || typeof data !== 'object') return null;
    return data.type === 'module' || data.type === 'commonjs' ? data.type : undefined;
  } catch {
    return null;
  }
}
