// The Babel plugin's options, checked once when Babel creates the plugin: which files are instrumented
// (module ids and globs as for `breadcrumb run`), and, with `project`, the statement every instrumented
// file starts with to start Breadcrumb's runtime itself (project, capture limits, sample rate).
import type { CodeShape } from './instrument.js';

export interface CaptureOptions {
  enabled?: boolean;
  maxDepth?: number;
  maxKeys?: number;
  maxItems?: number;
  maxStringLength?: number;
  maxValues?: number;
}

export interface PluginOptions {
  /** Module id for the function table; default: the file's path relative to `root`. */
  moduleId?: string;
  /** Folder module ids are relative to (default: the working directory of the build). */
  root?: string;
  /** Globs over module ids (`./src/**`, `axios/**`); default: every file Babel is given. Excludes win. */
  include?: string[];
  exclude?: string[];
  gapIntrinsics?: boolean;
  /** Default `build`: a build's code mostly runs with recording off (see InstrumentOptions.shape). */
  shape?: CodeShape;
  /**
   * The project the program records for: when set, every instrumented file starts Breadcrumb's runtime
   * (`@breadcrumb/core`, which must then be installed where the program runs; if it is not, the
   * program runs untraced) before its own code. Without it, start the runtime yourself (see the README).
   */
  project?: string;
  /** Capture limits for the runtime started by `project` (defaults as for `breadcrumb run`). */
  capture?: CaptureOptions;
  /** Share of calls recorded in detail, 0..1 (BREADCRUMB_SAMPLE_RATE overrides it where the program runs). */
  sampleRate?: number;
  /** The module that exports `startStandalone` (default `@breadcrumb/core/standalone`). */
  runtime?: string;
}

/** A plugin option has the wrong type or value: one line naming it and what it takes. */
export class PluginOptionsError extends Error {
  override name = 'PluginOptionsError';
  constructor(option: string, expected: string, value: unknown) {
    super(`@breadcrumb/instrumenter: option "${option}" must be ${expected} (got ${JSON.stringify(value) ?? String(value)})`);
  }
}

export interface PluginSettings {
  root: string;
  selected(moduleId: string): boolean;
  /** The runtime's start statement for a module of this type, or null (no `project`). */
  runtimeStart: ((sourceType: 'module' | 'script') => string) | null;
}

const CAPTURE_NUMBERS = ['maxDepth', 'maxKeys', 'maxItems', 'maxStringLength', 'maxValues'] as const;
const OPTION_NAMES = ['include', 'exclude', 'root', 'moduleId', 'project', 'capture', 'sampleRate', 'runtime', 'gapIntrinsics', 'shape'] as const;

export function pluginSettings(options: PluginOptions): PluginSettings {
  if (options === null || typeof options !== 'object') throw new PluginOptionsError('options', 'an object', options);
  // A misspelt option (`gapIntrinsic`) would otherwise be ignored in silence, and the build differ from what was asked.
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new PluginOptionsError(key, `one of the plugin's options (${OPTION_NAMES.join(', ')})`, (options as Record<string, unknown>)[key]);
    }
  }
  const optionalString = (key: 'moduleId' | 'root' | 'project' | 'runtime'): void => {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw new PluginOptionsError(key, 'a non-empty string', value);
  };
  optionalString('moduleId');
  optionalString('root');
  optionalString('project');
  optionalString('runtime');
  for (const key of ['include', 'exclude'] as const) {
    const value = options[key];
    if (value !== undefined && (!Array.isArray(value) || !value.every((g) => typeof g === 'string' && g !== ''))) {
      throw new PluginOptionsError(key, "an array of globs over module ids, e.g. ['./src/**']", value);
    }
  }
  if (options.gapIntrinsics !== undefined && typeof options.gapIntrinsics !== 'boolean') {
    throw new PluginOptionsError('gapIntrinsics', 'true or false', options.gapIntrinsics);
  }
  if (options.shape !== undefined && options.shape !== 'build' && options.shape !== 'load') {
    throw new PluginOptionsError('shape', '"build" or "load"', options.shape);
  }
  const rate = options.sampleRate;
  if (rate !== undefined && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) {
    throw new PluginOptionsError('sampleRate', 'a number from 0 to 1', rate);
  }
  const capture = checkCapture(options.capture);
  if (options.project === undefined && (capture !== undefined || rate !== undefined)) {
    throw new PluginOptionsError('project', 'set when capture or sampleRate is (they configure the runtime it starts)', options.project);
  }

  const root = options.root ?? process.cwd();
  return {
    root,
    selected: moduleFilter(options.include, options.exclude),
    runtimeStart:
      options.project === undefined
        ? null
        : runtimeStart(options.runtime ?? '@breadcrumb/core/standalone', {
            project: options.project,
            ...(capture === undefined ? {} : { capture }),
            ...(rate === undefined ? {} : { sampleRate: rate }),
          }),
  };
}

function checkCapture(capture: unknown): CaptureOptions | undefined {
  if (capture === undefined) return undefined;
  if (capture === null || typeof capture !== 'object' || Array.isArray(capture)) {
    throw new PluginOptionsError('capture', 'an object of limits, e.g. { maxDepth: 4 }', capture);
  }
  const limits = capture as Record<string, unknown>;
  for (const key of Object.keys(limits)) {
    if (key === 'enabled') {
      if (typeof limits.enabled !== 'boolean') throw new PluginOptionsError('capture.enabled', 'true or false', limits.enabled);
    } else if ((CAPTURE_NUMBERS as readonly string[]).includes(key)) {
      const value = limits[key];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new PluginOptionsError(`capture.${key}`, 'a whole number ≥ 0', value);
    } else {
      throw new PluginOptionsError(`capture.${key}`, `one of enabled, ${CAPTURE_NUMBERS.join(', ')}`, limits[key]);
    }
  }
  return limits as CaptureOptions;
}

/** Globs as `breadcrumb run` matches them (minimatch, dot files included); loaded only when given. */
function moduleFilter(include: string[] | undefined, exclude: string[] | undefined): (moduleId: string) => boolean {
  if (include === undefined && exclude === undefined) return () => true;
  const { Minimatch } = require('minimatch') as typeof import('minimatch');
  const compile = (globs: string[] | undefined) => (globs ?? []).map((glob) => new Minimatch(glob, { dot: true }));
  const included = include === undefined ? null : compile(include);
  const excluded = compile(exclude);
  return (moduleId) => (included === null || included.some((g) => g.match(moduleId))) && !excluded.some((g) => g.match(moduleId));
}

/**
 * The statement, on the file's first line: it never throws into the program (a missing runtime package
 * leaves it untraced), and in an ES module it loads the runtime synchronously, before the module's own
 * code, through `createRequire`.
 */
function runtimeStart(specifier: string, settings: Record<string, unknown>): (sourceType: 'module' | 'script') => string {
  const call = `(${JSON.stringify(specifier)}).startStandalone(${JSON.stringify(settings)})`;
  return (sourceType) =>
    sourceType === 'module'
      ? `import { createRequire as __bc$createRequire } from "node:module";try{__bc$createRequire(import.meta.url)${call}}catch(__bc$e){}`
      : `try{require${call}}catch(__bc$e){}`;
}
