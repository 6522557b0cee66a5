// The files a build reads: every file under the SRC arguments (folders are walked, files taken as
// they are), each with the path it gets inside the output. Output paths are relative to the deepest
// folder containing every SRC, so relative requires between them keep working.

import fs from 'node:fs';
import path from 'node:path';
import { BuildSourceMissingError } from './errors.js';

export interface SourceEntry {
  /** Absolute path of the source. */
  source: string;
  /** Path relative to the output folder, with the platform's separators. */
  relative: string;
  kind: 'file' | 'symlink';
}

export interface SourceWalk {
  /** The folder the output mirrors. */
  base: string;
  entries: SourceEntry[];
}

/** Folders never copied: version control, and Breadcrumb's own runtime of an earlier build. */
const SKIPPED_FOLDERS = new Set(['.git', '.hg', '.svn']);

export function walkSources(sources: readonly string[], cwd: string, skip: readonly string[]): SourceWalk {
  const absolute = sources.map((s) => path.resolve(cwd, s));
  const stats = absolute.map((file, i) => {
    try {
      return fs.statSync(file);
    } catch {
      throw new BuildSourceMissingError(sources[i]!);
    }
  });
  const base = commonFolder(absolute.map((file, i) => (stats[i]!.isDirectory() ? file : path.dirname(file))));
  const entries = new Map<string, SourceEntry>();
  const skipped = new Set(skip.map((s) => path.resolve(s)));
  const add = (source: string, kind: SourceEntry['kind']): void => {
    const relative = path.relative(base, source);
    if (!entries.has(relative)) entries.set(relative, { source, relative, kind });
  };
  const walk = (folder: string): void => {
    for (const dirent of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, dirent.name);
      if (skipped.has(full)) continue;
      if (dirent.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(dirent.name)) walk(full);
      } else if (dirent.isSymbolicLink()) add(full, 'symlink');
      else if (dirent.isFile()) add(full, 'file');
    }
  };
  absolute.forEach((file, i) => (stats[i]!.isDirectory() ? walk(file) : add(file, 'file')));
  return { base, entries: [...entries.values()] };
}

function commonFolder(folders: string[]): string {
  let common = folders[0]!;
  for (const folder of folders.slice(1)) {
    while (!isInside(folder, common)) common = path.dirname(common);
  }
  return common;
}

/** True when `file` is `folder` or inside it. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
