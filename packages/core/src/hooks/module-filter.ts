// Which loaded files are instrumented: include/exclude minimatch globs over module ids (excludes win),
// never built-ins, never Breadcrumb's own files, only JavaScript sources.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Minimatch } from 'minimatch';
import { moduleIdOf } from '../module-id.js';

export interface ModuleFilterOptions {
  root: string;
  include: readonly string[];
  exclude: readonly string[];
  /** Folders never instrumented (Breadcrumb itself). */
  neverUnder?: readonly string[];
}

export interface ModuleDecision {
  moduleId: string;
  file: string;
}

const JS_EXTENSION = /\.(?:c|m)?jsx?$|\.(?:c|m)?tsx?$/;
const GLOB_OPTIONS = { dot: true } as const;

export class ModuleFilter {
  private readonly neverUnder: string[];
  private readonly include: Minimatch[];
  private readonly exclude: Minimatch[];

  constructor(private readonly options: ModuleFilterOptions) {
    this.include = options.include.map((glob) => new Minimatch(glob, GLOB_OPTIONS));
    this.exclude = options.exclude.map((glob) => new Minimatch(glob, GLOB_OPTIONS));
    this.neverUnder = (options.neverUnder ?? []).map((dir) => dir.endsWith(path.sep) ? dir : dir + path.sep);
  }

  /** The module id to instrument `fileOrUrl` under, or null when it must run as it is. */
  decide(fileOrUrl: string): ModuleDecision | null {
    if (fileOrUrl.startsWith('node:')) return null;
    let file: string;
    if (fileOrUrl.startsWith('file:')) file = fileURLToPath(fileOrUrl);
    else if (path.isAbsolute(fileOrUrl)) file = fileOrUrl;
    else return null; // data:, http:, a virtual module of another loader
    if (!JS_EXTENSION.test(file)) return null;
    for (const dir of this.neverUnder) if (file.startsWith(dir)) return null;
    const moduleId = moduleIdOf(file, this.options.root);
    return this.matches(moduleId) ? { moduleId, file } : null;
  }

  matches(moduleId: string): boolean {
    if (!this.include.some((glob) => glob.match(moduleId))) return false;
    return !this.exclude.some((glob) => glob.match(moduleId));
  }
}
