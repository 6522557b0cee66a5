// Programmatic use: `init({ include: ['./src/**'] })` at the top of a program's entry, for programs
// that start without `breadcrumb run`. Modules loaded before the call are not traced. The documented
// environment variables still win over these options, as they win over the project's config.
import type { BreadcrumbRuntime } from './runtime.js';

export interface InitOptions {
  /** false: do nothing (BREADCRUMB_ENABLED=false also turns it off). */
  enabled?: boolean;
  /** minimatch globs over module ids; default `./**` (the files under the current folder). */
  include?: string[];
  exclude?: string[];
  /** 0..1: fraction of root calls recorded in detail; counts stay exact. */
  sampleRate?: number;
  /** The trace database the events are meant for: they are spooled next to it (`x.db` → `x.spool/`). */
  dbPath?: string;
  /** Project root: module ids (what the globs match) are relative to it. Default: the current folder. */
  root?: string;
  /** The project the events belong to (default: none, spooled under `~/.breadcrumb/spool/default/`). */
  project?: string;
}

export class InitOptionsError extends TypeError {
  override name = 'InitOptionsError';
}

/** Starts tracing this process (once; later calls return the running runtime). */
export function init(options: InitOptions = {}): BreadcrumbRuntime | null {
  validate(options);
  const { currentRuntime, startRuntime } = require('./runtime.js') as typeof import('./runtime.js');
  const running = currentRuntime();
  if (running !== null) return running;
  const { loadRuntimeSettings, applyEnvOverrides } = require('./runtime-settings.js') as typeof import('./runtime-settings.js');
  const { breadcrumbHome, projectSpoolDir, spoolDirForDatabase } = require('./paths.js') as typeof import('./paths.js');
  const { settings, warnings } = loadRuntimeSettings();
  if (options.enabled !== undefined) settings.enabled = options.enabled;
  if (options.include !== undefined) settings.include = options.include.slice();
  if (options.exclude !== undefined) settings.exclude = options.exclude.slice();
  if (options.sampleRate !== undefined) settings.sampleRate = options.sampleRate;
  if (options.root !== undefined) settings.root = require('node:path').resolve(options.root) as string;
  if (options.project !== undefined) {
    settings.project = options.project;
    settings.spoolDir = projectSpoolDir(breadcrumbHome(), options.project);
  }
  if (options.dbPath !== undefined) settings.spoolDir = spoolDirForDatabase(options.dbPath);
  applyEnvOverrides(settings, process.env, warnings);
  return startRuntime(settings, warnings);
}

const OPTION_NAMES: readonly (keyof InitOptions)[] = ['enabled', 'include', 'exclude', 'sampleRate', 'dbPath', 'root', 'project'];

function validate(options: InitOptions): void {
  if (typeof options !== 'object' || options === null) throw new InitOptionsError('init(options): options must be an object, e.g. init({ include: ["./src/**"] })');
  // `sample_rate` (the config file's spelling, and the Python original's) would otherwise be ignored in silence.
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) throw new InitOptionsError(`init(): unknown option '${key}'; the options are ${OPTION_NAMES.join(', ')}`);
  }
  const { enabled, include, exclude, sampleRate, dbPath, project, root } = options;
  if (enabled !== undefined && typeof enabled !== 'boolean') throw new InitOptionsError('init(): enabled must be true or false');
  for (const [name, value] of [['include', include], ['exclude', exclude]] as const) {
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      throw new InitOptionsError(`init(): ${name} must be an array of glob strings, e.g. ["./src/**"]`);
    }
  }
  if (sampleRate !== undefined && !(typeof sampleRate === 'number' && sampleRate >= 0 && sampleRate <= 1)) {
    throw new InitOptionsError('init(): sampleRate must be a number between 0 and 1');
  }
  if (dbPath !== undefined && (typeof dbPath !== 'string' || dbPath === '')) throw new InitOptionsError('init(): dbPath must be a file path');
  if (root !== undefined && (typeof root !== 'string' || root === '')) throw new InitOptionsError('init(): root must be a folder path');
  if (project !== undefined && (typeof project !== 'string' || project === '')) throw new InitOptionsError('init(): project must be a non-empty name');
}
