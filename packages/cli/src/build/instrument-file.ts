// One included JavaScript file through the instrumenter into the output: the input source map read and
// composed, the runtime's loading statement inserted, code and map written. Runs in the CLI's thread or
// in a build worker (instrument-worker.ts): everything it needs travels in the job.

import fs from 'node:fs';
import path from 'node:path';
import { babelSourceType, type Instrumenter } from './instrumenter.js';
import { insertRuntimeLoad, runtimeLoadStatement, runtimeSpecifier, type ModuleFormat, type SourceMapObject } from './runtime-loader.js';
import { readInputSourceMap } from '@breadcrumb/core';
import { composeWithInputMap, pointAtMap, relativeSources } from './source-maps.js';
import { writeFileAtomic } from './write-file.js';

export interface FileJob {
  source: string;
  target: string;
  moduleId: string;
  /** How Node will load the file (package.json "type", extension). */
  format: ModuleFormat;
  /** Absolute path of the runtime entry in the output. */
  runtimeEntry: string;
  gapIntrinsics: boolean;
}

export type FileOutcome =
  | { kind: 'instrumented'; functions: number; bytes: number; replacedMap: string | null }
  | { kind: 'already' }
  | { kind: 'failed'; message: string };

export function instrumentFile(job: FileJob, instrumenter: Instrumenter): FileOutcome {
  const source = fs.readFileSync(job.source, 'utf8');
  if (instrumenter.isInstrumented(source)) return { kind: 'already' };
  const input = readInputSourceMap(source, job.source);
  const instrument = (format: ModuleFormat) =>
    instrumenter.instrument(source, {
      filename: job.source,
      moduleId: job.moduleId,
      sourceType: babelSourceType(format),
      gapIntrinsics: job.gapIntrinsics,
      shape: 'build',
      ...(input === null ? {} : { inputSourceMap: input.map }),
    });
  let format = job.format;
  let result;
  try {
    result = instrument(format);
  } catch (error) {
    // Node ≥ 22 runs a .js file with import/export as ESM when no package.json says otherwise.
    const retry = format === 'commonjs' && path.extname(job.source) === '.js' ? attempt(() => instrument('module')) : null;
    if (retry === null) return { kind: 'failed', message: `not instrumented, copied as it is: ${firstLine(error)}` };
    result = retry;
    format = 'module';
  }
  const specifier = runtimeSpecifier(job.target, job.runtimeEntry);
  const generatedMap = (result.map as SourceMapObject | null) ?? null;
  const map = generatedMap === null ? null : composeWithInputMap(generatedMap, input?.map ?? null, job.source);
  const loaded = insertRuntimeLoad({ code: result.code, map }, (line, column) =>
    runtimeLoadStatement(format, specifier, job.source, line, column),
  );
  const code = loaded.map === null ? loaded.code : pointAtMap(loaded.code, `${path.basename(job.target)}.map`);
  writeFileAtomic(job.target, code, fs.statSync(job.source).mode & 0o7777);
  if (loaded.map !== null) writeFileAtomic(`${job.target}.map`, JSON.stringify(relativeSources(loaded.map, job.target)));
  return { kind: 'instrumented', functions: result.functions.length, bytes: Buffer.byteLength(source), replacedMap: input?.file ?? null };
}

function attempt<T>(run: () => T): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
