// `breadcrumb build`: the included JavaScript files of the sources are instrumented into the output,
// everything else is copied as it is, and the runtime is written beside them (see runtime-bundle.ts).
// Files that are already instrumented are copied, never instrumented again; a file the instrumenter
// cannot parse is copied unchanged and reported, as `run` does at load time.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Minimatch } from 'minimatch';
import { moduleIdOf } from '@breadcrumb/core';
import { BuildOutputNotOursError, BuildOutputOverlapError } from './errors.js';
import { babelSourceType, loadInstrumenter, type Instrumenter } from './instrumenter.js';
import { isBuildOutput, MANIFEST_VERSION, readManifest, writeManifest } from './manifest.js';
import { isInstrumentable, ModuleFormatResolver } from './module-format.js';
import { writeRuntime, RUNTIME_FOLDER, type BuildRuntimeSettings } from './runtime-bundle.js';
import {
  insertRuntimeLoad,
  runtimeLoadStatement,
  runtimeSpecifier,
  type ModuleFormat,
  type SourceMapObject,
} from './runtime-loader.js';
import { composeWithInputMap, pointAtMap, readInputSourceMap, relativeSources } from './source-maps.js';
import { isInside, walkSources, type SourceEntry } from './source-files.js';
import { copyFileAtomic, copySymlink, writeFileAtomic } from './write-file.js';

export interface BuildRequest {
  project: string;
  /** Files and folders to build (relative to cwd). */
  sources: string[];
  /** Output folder (relative to cwd). */
  out: string;
  cwd: string;
  /** Project root: module ids are relative to it, as for `run`. */
  root: string;
  /** Globs over module ids (the config's plus the command line's); excludes win. */
  include: string[];
  exclude: string[];
  /** Settings written into the output for the runtime. */
  settings: BuildRuntimeSettings;
  onProgress?: (progress: BuildProgress) => void;
  /** For tests: the instrumenter and core folder to use. */
  instrumenter?: Instrumenter;
  coreDir?: string;
}

export interface BuildProgress {
  done: number;
  total: number;
  instrumented: number;
  elapsedMs: number;
}

export interface BuildWarning {
  file: string;
  message: string;
}

export interface BuildSummary {
  project: string;
  out: string;
  /** The folder the output mirrors: `<base>/src/a.js` is written to `<out>/src/a.js`. */
  base: string;
  inPlace: boolean;
  files: {
    total: number;
    instrumented: number;
    alreadyInstrumented: number;
    notInstrumented: number;
    copied: number;
    symlinks: number;
    /** Output files of the previous build whose source is gone. */
    removed: number;
  };
  functions: number;
  /** Bytes of JavaScript instrumented, and instrumenting speed over them. */
  instrumentedBytes: number;
  instrumentMBPerSecond: number;
  durationMs: number;
  runtime: { folder: string; files: number; bytes: number };
  warnings: BuildWarning[];
}

const GLOB_OPTIONS = { dot: true } as const;

export function build(request: BuildRequest): BuildSummary {
  const started = performance.now();
  const out = path.resolve(request.cwd, request.out);
  const sources = request.sources.map((s) => path.resolve(request.cwd, s));
  checkOutput(out, sources, request.sources);
  const previous = readManifest(out);
  const walk = walkSources(request.sources, request.cwd, [out, ...sources.map((s) => path.join(s, '.breadcrumb'))]);
  const inPlace = out === walk.base;
  const instrumenter = request.instrumenter ?? loadInstrumenter();
  const runtime = writeRuntime(out, request.settings, request.coreDir);
  const include = request.include.map((g) => new Minimatch(g, GLOB_OPTIONS));
  const exclude = request.exclude.map((g) => new Minimatch(g, GLOB_OPTIONS));
  const selected = (moduleId: string): boolean =>
    include.some((g) => g.match(moduleId)) && !exclude.some((g) => g.match(moduleId));

  const summary: BuildSummary = {
    project: request.project,
    out,
    base: walk.base,
    inPlace,
    files: { total: walk.entries.length, instrumented: 0, alreadyInstrumented: 0, notInstrumented: 0, copied: 0, symlinks: 0, removed: 0 },
    functions: 0,
    instrumentedBytes: 0,
    instrumentMBPerSecond: 0,
    durationMs: 0,
    runtime: { folder: path.join(out, RUNTIME_FOLDER), files: runtime.files, bytes: runtime.bytes },
    warnings: [],
  };
  const formats = new ModuleFormatResolver();
  const written = new Set<string>();
  /** Map files whose content the instrumented file's merged map replaces. */
  const replacedMaps = new Set<string>();
  let instrumentMs = 0;
  let done = 0;
  const progress = (): void => {
    done++;
    request.onProgress?.({ done, total: walk.entries.length, instrumented: summary.files.instrumented, elapsedMs: performance.now() - started });
  };

  // JavaScript first: an instrumented file writes its own `.map`, which the copy pass must not overwrite.
  const ordered = [...walk.entries].sort((a, b) => Number(isInstrumentable(b.source)) - Number(isInstrumentable(a.source)));
  for (const entry of ordered) {
    const target = path.join(out, entry.relative);
    if (entry.kind === 'symlink') {
      if (!inPlace) copySymlink(entry.source, target);
      summary.files.symlinks++;
    } else if (replacedMaps.has(entry.source) || written.has(entry.relative)) {
      // already written by the instrumented file it belongs to
    } else if (isInstrumentable(entry.source) && selected(moduleIdOf(realPath(entry.source), request.root))) {
      const t0 = performance.now();
      const outcome = instrumentFile(entry, target, {
        instrumenter,
        moduleId: moduleIdOf(realPath(entry.source), request.root),
        format: formats.formatOf(entry.source),
        runtimeEntry: runtime.entry,
      });
      instrumentMs += performance.now() - t0;
      if (outcome.kind === 'instrumented') {
        summary.files.instrumented++;
        summary.functions += outcome.functions;
        summary.instrumentedBytes += outcome.bytes;
        if (outcome.replacedMap !== null) replacedMaps.add(outcome.replacedMap);
        written.add(`${entry.relative}.map`);
      } else {
        if (outcome.kind === 'already') summary.files.alreadyInstrumented++;
        else {
          summary.files.notInstrumented++;
          summary.warnings.push({ file: entry.source, message: outcome.message });
        }
        if (!inPlace) copyFileAtomic(entry.source, target);
      }
    } else {
      if (!inPlace) copyFileAtomic(entry.source, target);
      summary.files.copied++;
    }
    written.add(entry.relative);
    progress();
  }

  const files = [...written].map(toPosix).sort();
  if (previous !== null && !inPlace) summary.files.removed = removeStale(out, previous.files, new Set(files));
  writeManifest(out, { manifestVersion: MANIFEST_VERSION, project: request.project, builtAt: new Date().toISOString(), base: walk.base, files });
  summary.durationMs = Math.round(performance.now() - started);
  summary.instrumentMBPerSecond = instrumentMs > 0 ? round2(summary.instrumentedBytes / 1e6 / (instrumentMs / 1000)) : 0;
  return summary;
}

type FileOutcome =
  | { kind: 'instrumented'; functions: number; bytes: number; replacedMap: string | null }
  | { kind: 'already' }
  | { kind: 'failed'; message: string };

interface InstrumentContext {
  instrumenter: Instrumenter;
  moduleId: string;
  format: ModuleFormat;
  runtimeEntry: string;
}

function instrumentFile(entry: SourceEntry, target: string, context: InstrumentContext): FileOutcome {
  const source = fs.readFileSync(entry.source, 'utf8');
  if (context.instrumenter.isInstrumented(source)) return { kind: 'already' };
  const input = readInputSourceMap(source, entry.source);
  const instrument = (sourceType: ModuleFormat) =>
    context.instrumenter.instrument(source, {
      filename: entry.source,
      moduleId: context.moduleId,
      sourceType: babelSourceType(sourceType),
      ...(input === null ? {} : { inputSourceMap: input.map }),
    });
  let format = context.format;
  let result;
  try {
    result = instrument(format);
  } catch (error) {
    // Node ≥ 22 runs a .js file with import/export as ESM when no package.json says otherwise.
    const retry = format === 'commonjs' && path.extname(entry.source) === '.js' ? tryInstrument(() => instrument('module')) : null;
    if (retry === null) return { kind: 'failed', message: `not instrumented, copied as it is: ${firstLine(error)}` };
    result = retry;
    format = 'module';
  }
  const statement = runtimeLoadStatement(format, runtimeSpecifier(target, context.runtimeEntry));
  const generatedMap = (result.map as SourceMapObject | null) ?? null;
  const map = generatedMap === null ? null : composeWithInputMap(generatedMap, input?.map ?? null, entry.source);
  const loaded = insertRuntimeLoad({ code: result.code, map }, statement);
  const mapName = `${path.basename(target)}.map`;
  const code = loaded.map === null ? loaded.code : pointAtMap(loaded.code, mapName);
  const mode = fs.statSync(entry.source).mode & 0o7777;
  writeFileAtomic(target, code, mode);
  if (loaded.map !== null) writeFileAtomic(`${target}.map`, JSON.stringify(relativeSources(loaded.map, target)));
  return { kind: 'instrumented', functions: result.functions.length, bytes: Buffer.byteLength(source), replacedMap: input?.file ?? null };
}

function tryInstrument<T>(run: () => T): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}

function checkOutput(out: string, sources: string[], given: string[]): void {
  sources.forEach((source, i) => {
    if (source !== out && isInside(source, out)) throw new BuildOutputOverlapError(out, given[i]!);
  });
  const inPlace = sources.length === 1 && sources[0] === out;
  if (inPlace || !fs.existsSync(out) || isBuildOutput(out)) return;
  if (fs.statSync(out).isDirectory() && fs.readdirSync(out).length === 0) return;
  throw new BuildOutputNotOursError(out);
}

function removeStale(out: string, before: string[], now: Set<string>): number {
  let removed = 0;
  for (const file of before) {
    if (now.has(file)) continue;
    const full = path.join(out, ...file.split('/'));
    if (!isInside(full, out)) continue;
    try {
      fs.rmSync(full);
      removed++;
    } catch {
      // already gone
    }
  }
  return removed;
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
