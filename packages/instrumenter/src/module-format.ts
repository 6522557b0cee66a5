// How Node will load a file: `.mjs`/`.mts` is ESM, `.cjs`/`.cts` CommonJS, anything else follows the
// "type" of the nearest package.json (CommonJS when there is none). `breadcrumb build` parses and loads
// the runtime accordingly, and the plugin's `project` option picks its runtime start by it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ModuleFormat = 'commonjs' | 'module';

/** Answers for files and folders, each folder's package.json read once per resolver. */
export class ModuleFormatResolver {
  private readonly typeOfFolder = new Map<string, ModuleFormat>();

  formatOf(file: string): ModuleFormat {
    const extension = path.extname(file);
    if (extension === '.mjs' || extension === '.mts') return 'module';
    if (extension === '.cjs' || extension === '.cts') return 'commonjs';
    return this.packageTypeOf(path.dirname(file));
  }

  /** The "type" of the nearest package.json at or above `folder`. */
  packageTypeOf(folder: string): ModuleFormat {
    const known = this.typeOfFolder.get(folder);
    if (known !== undefined) return known;
    let type: ModuleFormat;
    const manifest = readPackageType(path.join(folder, 'package.json'));
    if (manifest !== undefined) type = manifest;
    else {
      const parent = path.dirname(folder);
      type = parent === folder ? 'commonjs' : this.packageTypeOf(parent);
    }
    this.typeOfFolder.set(folder, type);
    return type;
  }
}

/** The module format a package.json declares, or undefined when there is no (readable) file. */
function readPackageType(file: string): ModuleFormat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const manifest = JSON.parse(text) as { type?: unknown };
    return manifest.type === 'module' ? 'module' : 'commonjs';
  } catch {
    // Node refuses to load modules under an invalid package.json; treating it as CommonJS changes nothing.
    return 'commonjs';
  }
}
