// `breadcrumb build`: the included JavaScript files of the sources are instrumented into the output,
// everything else is copied as it is, and the runtime is written beside them (see runtime-bundle.ts).
// Files that are already instrumented are copied, never instrumented again; a file the instrumenter
// cannot parse is copied unchanged and reported, as `run` does at load time.

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Minimatch } from 'minimatch';
import { moduleIdOf } from '@breadcrumb/core';
import { BuildOutputNotOursError, BuildOutputOverlapError, BuildWriteError } from './errors.js';
import type { FileJob } from './instrument-file.js';
import { instrumentAll } from './instrument-pool.js';
import { loadInstrumenter, type Instrumenter } from './instrumenter.js';
import { isBuildOutput, MANIFEST_VERSION, readManifest, writeManifest } from './manifest.js';
import { isInstrumentable, ModuleFormatResolver } from './module-format.js';
import { writeRuntime, RUNTIME_FOLDER, type BuildRuntimeSettings } from './runtime-bundle.js';
import { isInside, walkSources, type SourceEntry } from './source-files.js';
import { copyFileAtomic, copySymlink } from './write-file.js';

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
  /** Worker threads instrumenting files (1: none); default: automatic. */
  jobs?: number;
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

export async function build(request: BuildRequest): Promise<BuildSummary> {
  try {
    return await buildOrThrow(request);
  } catch (error) {
    // A folder that cannot be read or written is the user's to fix: say which and why, in one line.
    const failure = error as NodeJS.ErrnoException;
    if (typeof failure?.code === 'string' && typeof failure.path === 'string') {
      throw new BuildWriteError(failure.path, `${failure.code}: ${failure.message.split('\n')[0]}`);
    }
    throw error;
  }
}

async function buildOrThrow(request: BuildRequest): Promise<BuildSummary> {
  const started = performance.now();
  const out = path.resolve(request.cwd, request.out);
  const sources = request.sources.map((s) => path.resolve(request.cwd, s));
  checkOutput(out, sources, request.sources);
  const previous = readManifest(out);
  const walk = walkSources(request.sources, request.cwd, [out, ...sources.map((s) => path.join(s, '.breadcrumb'))]);
  const inPlace = out === walk.base;
  // Fail before writing anything when the instrumenter is missing.
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
  let done = 0;
  const progress = (): void => {
    done++;
    request.onProgress?.({ done, total: walk.entries.length, instrumented: summary.files.instrumented, elapsedMs: performance.now() - started });
  };
  const copy = (entry: SourceEntry): void => {
    if (!inPlace) copyFileAtomic(entry.source, path.join(out, entry.relative));
  };

  const formats = new ModuleFormatResolver();
  const jobs: BuildJob[] = [];
  const others: SourceEntry[] = [];
  for (const entry of walk.entries) {
    if (entry.kind === 'file' && isInstrumentable(entry.source)) {
      const moduleId = moduleIdOf(realPath(entry.source), request.root);
      if (selected(moduleId)) {
        jobs.push({
          entry,
          source: entry.source,
          target: path.join(out, entry.relative),
          moduleId,
          format: formats.formatOf(entry.source),
          runtimeEntry: runtime.entry,
          gapIntrinsics: request.settings.gapIntrinsics,
        });
        continue;
      }
    }
    others.push(entry);
  }

  // Instrumented files first: each writes its own `.map`, which the copies must not overwrite.
  const written = new Set<string>();
  const replacedMaps = new Set<string>();
  const instrumentStarted = performance.now();
  await instrumentAll(jobs, {
    instrumenter: () => instrumenter,
    inThreadOnly: request.instrumenter !== undefined,
    ...(request.jobs === undefined ? {} : { workers: request.jobs }),
    onOutcome: (job, outcome) => {
      const { entry } = job as BuildJob;
      if (outcome.kind === 'instrumented') {
        summary.files.instrumented++;
        summary.functions += outcome.functions;
        summary.instrumentedBytes += outcome.bytes;
        if (outcome.replacedMap !== null) replacedMaps.add(outcome.replacedMap);
        written.add(`${entry.relative}.map`);
      } else if (outcome.kind === 'already') {
        summary.files.alreadyInstrumented++;
        copy(entry);
      } else {
        summary.files.notInstrumented++;
        summary.warnings.push({ file: entry.source, message: outcome.message });
        copy(entry);
      }
      written.add(entry.relative);
      progress();
    },
  });
  const instrumentMs = performance.now() - instrumentStarted;

  for (const entry of others) {
    if (entry.kind === 'symlink') {
      if (!inPlace) copySymlink(entry.source, path.join(out, entry.relative));
      summary.files.symlinks++;
    } else if (!replacedMaps.has(entry.source) && !written.has(entry.relative)) {
      copy(entry);
      summary.files.copied++;
    }
    written.add(entry.relative);
    progress();
  }

  if (!inPlace && keepModuleFormat(out, walk.base, formats)) written.add('package.json');
  const files = [...written].map(toPosix).sort();
  if (previous !== null && !inPlace) summary.files.removed = removeStale(out, previous.files, new Set(files));
  writeManifest(out, { manifestVersion: MANIFEST_VERSION, project: request.project, builtAt: new Date().toISOString(), base: walk.base, files });
  summary.durationMs = Math.round(performance.now() - started);
  summary.instrumentMBPerSecond = jobs.length > 0 ? round2(summary.instrumentedBytes / 1e6 / (instrumentMs / 1000)) : 0;
  return summary;
}

type BuildJob = FileJob & { entry: SourceEntry };

/**
 * `.js` files are ESM or CommonJS by the nearest package.json. When the sources take their "type" from
 * a package.json above what was built and the output's surroundings say otherwise, the output gets a
 * package.json of its own saying the same as the sources' (only then: one would hide an "imports" map
 * above it). Returns true when it wrote one.
 */
function keepModuleFormat(out: string, base: string, formats: ModuleFormatResolver): boolean {
  const manifest = path.join(out, 'package.json');
  if (fs.existsSync(manifest)) return false;
  const wanted = formats.packageTypeOf(base);
  if (formats.packageTypeOf(out) === wanted) return false;
  fs.writeFileSync(manifest, `${JSON.stringify({ type: wanted }, null, 2)}\n`);
  return true;
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

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
