// Which loaded files are instrumented: include/exclude minimatch globs over module ids (excludes win),
// never built-ins, never Breadcrumb's own files, only JavaScript sources.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Minimatch } from 'minimatch';
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
  /**
   * The module's URL, when its path cannot name it: an ES module loaded with a query or fragment
   * (`lib.mjs?iitm=true`, import-in-the-middle's wrapper of the file; `lib.mjs?t=2`, a fresh instance)
   * is a module of its own, with its own source, under that name in stack traces. Its module id says
   * so too (`./src/lib.mjs?iitm=true`); the globs match the file's.
   */
  scriptUrl?: string;
}

const JS_EXTENSION = /\.(?:c|m)?jsx?$|\.(?:c|m)?tsx?$/;
/**
 * A file name with no extension: Node loads it as CommonJS JavaScript (`node ./script`, a package's
 * shebang bin such as typescript's `bin/tsc`, which npx runs).
 */
const NO_EXTENSION = /(?:^|\/)\.?[^./]+$/;
/** The runtime `breadcrumb build` copies into its output: Breadcrumb's own code, wherever it was moved. */
const BUILT_RUNTIME = `${path.sep}.breadcrumb${path.sep}runtime${path.sep}`;

export class ModuleFilter {
  private readonly neverUnder: string[];
  private readonly include: GlobMatcher[];
  private readonly exclude: GlobMatcher[];

  constructor(private readonly options: ModuleFilterOptions) {
    this.include = options.include.map(globMatcher);
    this.exclude = options.exclude.map(globMatcher);
    this.neverUnder = (options.neverUnder ?? []).map((dir) => dir.endsWith(path.sep) ? dir : dir + path.sep);
  }

  /** The module id to instrument `fileOrUrl` under, or null when it must run as it is. */
  decide(fileOrUrl: string): ModuleDecision | null {
    if (fileOrUrl.startsWith('node:') || loadingMinimatch) return null;
    let file: string;
    if (fileOrUrl.startsWith('file:')) file = fileURLToPath(fileOrUrl);
    else if (path.isAbsolute(fileOrUrl)) file = fileOrUrl;
    else return null; // data:, http:, a virtual module of another loader
    if (!JS_EXTENSION.test(file) && !NO_EXTENSION.test(file.split(path.sep).join('/'))) return null;
    for (const dir of this.neverUnder) if (file.startsWith(dir)) return null;
    if (file.includes(BUILT_RUNTIME)) return null;
    const moduleId = moduleIdOf(file, this.options.root);
    if (!this.matches(moduleId)) return null;
    const suffix = fileOrUrl.startsWith('file:') ? urlSuffix(fileOrUrl) : '';
    return suffix === '' ? { moduleId, file } : { moduleId: moduleId + suffix, file, scriptUrl: fileOrUrl };
  }

  matches(moduleId: string): boolean {
    if (!this.include.some((glob) => glob(moduleId))) return false;
    return !this.exclude.some((glob) => glob(moduleId));
  }
}

/** A URL's query and fragment (`?iitm=true`, `#x`), '' when it has none. */
function urlSuffix(url: string): string {
  const at = url.search(/[?#]/);
  return at < 0 ? '' : url.slice(at);
}

/** Whether a module id matches a glob, exactly as minimatch with `{ dot: true }` says. */
export type GlobMatcher = (moduleId: string) => boolean;

const GLOB_OPTIONS = { dot: true } as const;

/**
 * Every traced process decides its first module (the main script) at once, and loading minimatch
 * costs ~5-10 ms of its startup. The globs nearly everyone uses (`**`, `./**`, `axios/**`,
 * `./src/**`: literal folders, then `/**`) are a plain prefix test on module ids as moduleIdOf makes
 * them (no empty, `.` or `..` parts but the leading `.`); any other glob, or any other id, goes to
 * minimatch, loaded then. module-filter.test.ts checks the two agree.
 */
export function globMatcher(glob: string): GlobMatcher {
  let minimatch: Minimatch | null = null;
  const viaMinimatch = (moduleId: string): boolean => {
    if (minimatch === null) minimatch = loadedMinimatch(glob);
    return minimatch.match(moduleId);
  };
  const prefix = plainGlobPrefix(glob);
  if (prefix === null) return viaMinimatch;
  return (moduleId) => {
    if (!isPlainModuleId(moduleId)) return viaMinimatch(moduleId);
    // `**` alone: every id but the project's own (`./` ids have a `.` part, which `**` never matches).
    if (prefix === '') return !moduleId.startsWith('./');
    return moduleId.length > prefix.length && moduleId.startsWith(prefix);
  };
}

/**
 * True while minimatch loads, the first time a glob needs it: its files, loaded by Breadcrumb from a
 * load hook, are Breadcrumb's, never instrumented; and deciding them by a glob that needs minimatch
 * asked for minimatch again, half loaded (Node printed a warning about a circular dependency into the
 * program's stderr, and none of them was decided).
 */
let loadingMinimatch = false;

function loadedMinimatch(glob: string): Minimatch {
  loadingMinimatch = true;
  try {
    const { Minimatch } = require('minimatch') as typeof import('minimatch');
    return new Minimatch(glob, GLOB_OPTIONS);
  } finally {
    loadingMinimatch = false;
  }
}

const LITERAL_PART = /^[A-Za-z0-9_.@-]+$/;

/** `axios/` for `axios/**`, `./src/` for `./src/**`, `` for `**`; null when the glob is anything else. */
function plainGlobPrefix(glob: string): string | null {
  if (path.sep !== '/' || !glob.endsWith('**')) return null;
  if (glob === '**') return '';
  if (!glob.endsWith('/**')) return null;
  const parts = glob.slice(0, -'/**'.length).split('/');
  const literal = parts.every((part, i) => LITERAL_PART.test(part) && part !== '..' && (part !== '.' || i === 0));
  return literal ? `${parts.join('/')}/` : null;
}

/** An id as moduleIdOf makes them: `./a/b.js`, `pkg/a.js` or `/abs/a.js`, no empty, `.` or `..` part after the start. */
function isPlainModuleId(moduleId: string): boolean {
  const rest = moduleId.startsWith('./') ? moduleId.slice(2) : moduleId.startsWith('/') ? moduleId.slice(1) : moduleId;
  if (rest === '') return false;
  for (const part of rest.split('/')) if (part === '' || part === '.' || part === '..') return false;
  return true;
}
