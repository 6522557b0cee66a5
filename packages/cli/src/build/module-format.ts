// The files a build instruments. How Node will load each (and so how it is parsed and loads the
// runtime) is the instrumenter's ModuleFormatResolver, which its plugin uses too.

import path from 'node:path';

export { ModuleFormatResolver } from '@breadcrumb/instrumenter';

export const INSTRUMENTABLE_EXTENSIONS = ['.js', '.cjs', '.mjs'] as const;

export function isInstrumentable(file: string): boolean {
  return (INSTRUMENTABLE_EXTENSIONS as readonly string[]).includes(path.extname(file));
}
