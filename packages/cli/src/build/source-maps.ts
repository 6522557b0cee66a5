// Source maps of instrumented files: the map a source already points at (TypeScript, a bundler) is read
// so that the instrumenter merges it, its `sources` are made absolute before and relative to the output
// file after, and the output file points at its own `.map` on the line that held the old comment.

import * as fs from 'node:fs';
import * as path from 'node:path';

// Loaded without its type declarations: the published .d.cts of 2.3.5 does not parse.
type SourceMapLoader = (file: string) => SourceMapObject | null;
const remapping = require('@jridgewell/remapping') as (input: SourceMapObject, loader: SourceMapLoader) => { toString(): string };
import type { SourceMapObject } from './runtime-loader.js';

const SOURCE_MAP_COMMENT = /\/\/[#@] sourceMappingURL=([^\s'"]+)[ \t]*(?:\r?\n)?$/;

export interface InputSourceMap {
  map: SourceMapObject;
  /** The `.map` file it came from (null when inline): the build writes its own in its place. */
  file: string | null;
}

export function readInputSourceMap(code: string, file: string): InputSourceMap | null {
  const match = SOURCE_MAP_COMMENT.exec(code.slice(-4096));
  if (match === null) return null;
  const url = match[1]!;
  try {
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const meta = url.slice(5, comma);
      const data = url.slice(comma + 1);
      const text = meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
      return { map: withAbsoluteSources(JSON.parse(text) as SourceMapObject, path.dirname(file)), file: null };
    }
    const mapFile = path.resolve(path.dirname(file), decodeURIComponent(url));
    const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as SourceMapObject;
    return { map: withAbsoluteSources(map, path.dirname(mapFile)), file: mapFile };
  } catch {
    return null; // a missing or broken map: positions in the generated file instead
  }
}

function withAbsoluteSources(map: SourceMapObject, mapFolder: string): SourceMapObject {
  const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
  const sources = map.sources.map((source) => {
    if (source === null || /^[a-z][a-z0-9+.-]*:/i.test(source)) return source;
    return path.resolve(mapFolder, root, source);
  });
  const { sourceRoot: _dropped, ...rest } = map;
  return { ...rest, sources } as SourceMapObject;
}

/** The map as written next to `outputFile`: sources relative to it, as tools expect. */
export function relativeSources(map: SourceMapObject, outputFile: string): SourceMapObject {
  const folder = path.dirname(outputFile);
  const sources = map.sources.map((source) =>
    source !== null && path.isAbsolute(source) ? path.relative(folder, source).split(path.sep).join('/') : source,
  );
  return { ...map, sources, file: path.basename(outputFile) };
}

/** Replaces a trailing sourceMappingURL comment (keeping the line count) or appends one. */
export function pointAtMap(code: string, mapFileName: string): string {
  const comment = `//# sourceMappingURL=${encodeURI(mapFileName)}`;
  const tail = code.slice(-4096);
  const match = SOURCE_MAP_COMMENT.exec(tail);
  if (match !== null) {
    const at = code.length - tail.length + match.index;
    const newline = match[0].endsWith('\n') ? (match[0].endsWith('\r\n') ? '\r\n' : '\n') : '';
    return code.slice(0, at) + comment + newline;
  }
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
