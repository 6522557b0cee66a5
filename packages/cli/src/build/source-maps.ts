// Source maps of instrumented files: the map a source already points at (TypeScript, a bundler; read by
// core's readInputSourceMap, `sources` absolute) is merged with the instrumenter's, its `sources` are
// made relative to the output file, and the output file points at its own `.map` on the line that held
// the old comment.

import path from 'node:path';
import { sourceMapComment } from '@breadcrumb/core';
import type { SourceMapObject } from './runtime-loader.js';

// Loaded without its type declarations: the published .d.cts of 2.3.5 does not parse.
type SourceMapLoader = (file: string) => SourceMapObject | null;
const remapping = require('@jridgewell/remapping') as (input: SourceMapObject, loader: SourceMapLoader) => { toString(): string };

/** The map as written next to `outputFile`: sources relative to it, as tools expect. */
export function relativeSources(map: SourceMapObject, outputFile: string): SourceMapObject {
  const folder = path.dirname(outputFile);
  const sources = map.sources.map((source) =>
    source !== null && path.isAbsolute(source) ? path.relative(folder, source).split(path.sep).join('/') : source,
  );
  return { ...map, sources, file: path.basename(outputFile) };
}

/** Replaces the file's sourceMappingURL comment (keeping the line count) or appends one. */
export function pointAtMap(code: string, mapFileName: string): string {
  const comment = `//# sourceMappingURL=${encodeURI(mapFileName)}`;
  const existing = sourceMapComment(code);
  if (existing !== null) return code.slice(0, existing.start) + comment + code.slice(existing.end);
  return code.endsWith('\n') ? `${code}${comment}\n` : `${code}\n${comment}`;
}

/**
 * The instrumenter maps its output to its input; when the input has a map of its own (to TypeScript,
 * to a bundle's modules), the two are composed so that the output maps to the original sources.
 */
export function composeWithInputMap(generated: SourceMapObject, input: SourceMapObject | null, inputFile: string): SourceMapObject {
  if (input === null) return generated;
  const composed = remapping(generated, (file) => (path.resolve(file) === inputFile ? input : null));
  return JSON.parse(composed.toString()) as SourceMapObject;
}
