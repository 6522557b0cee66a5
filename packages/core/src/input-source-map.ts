// The source map a JavaScript file points at (TypeScript or bundler output): read where a file is
// instrumented (the load hooks, `breadcrumb build`) so that the function table names the original
// sources. Its `sources` come back absolute (resolved against the map's own folder and `sourceRoot`): a
// `.map` file may live in another folder than the code, and a table entry must name one file wherever
// it is read.
import { ownFs as fs, ownJson } from './node-originals.js';
import path from 'node:path';

const MARKER = 'sourceMappingURL=';
const URL_AT = /[^\s'"]+/y;
/** After the comment: blank lines and other line comments only (vitest appends `//# vitestCache=`). */
const TRAILER_AT = /[ \t]*(?:\r?\n[ \t]*(?:\/\/[^\r\n]*)?)*\s*$/y;

/** Where a file's sourceMappingURL comment is: `start` of its `//`, `end` after its URL. */
export interface SourceMapComment {
  url: string;
  start: number;
  end: number;
}

/**
 * The file's sourceMappingURL comment: the last one, followed by nothing but blank lines and other line
 * comments, as V8 and Node find it. Searched from the end of the whole text: an inline map is often
 * longer than any tail one would look in.
 */
export function sourceMapComment(code: string): SourceMapComment | null {
  for (let at = code.lastIndexOf(MARKER); at >= 4; at = code.lastIndexOf(MARKER, at - 1)) {
    const lead = code.slice(at - 4, at);
    if (lead !== '//# ' && lead !== '//@ ') continue;
    URL_AT.lastIndex = at + MARKER.length;
    const url = URL_AT.exec(code);
    if (url === null) return null;
    TRAILER_AT.lastIndex = URL_AT.lastIndex;
    return TRAILER_AT.test(code) ? { url: url[0], start: at - 4, end: URL_AT.lastIndex } : null;
  }
  return null;
}

/** A v3 source map as read from disk: only what is checked here is typed. */
export interface SourceMapObject {
  version: number;
  mappings: string;
  sources: string[];
  sourceRoot?: string;
  [key: string]: unknown;
}

export interface InputSourceMap {
  /** The map, `sources` absolute (URLs such as `webpack://` kept as they are), `sourceRoot` dropped. */
  map: SourceMapObject;
  /** The `.map` file it came from, or null for an inline (`data:`) map. */
  file: string | null;
}

/** The map `code` (the text of `file`, an absolute path) points at, or null: none, missing or broken. */
export function readInputSourceMap(code: string, file: string): InputSourceMap | null {
  const comment = sourceMapComment(code);
  if (comment === null) return null;
  const url = comment.url;
  try {
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const meta = url.slice(5, comma);
      const data = url.slice(comma + 1);
      const text = meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
      return { map: withAbsoluteSources(parseMap(text), path.dirname(file)), file: null };
    }
    const mapFile = path.resolve(path.dirname(file), decodeURIComponent(url));
    return { map: withAbsoluteSources(parseMap(fs.readFileSync(mapFile, 'utf8')), path.dirname(mapFile)), file: mapFile };
  } catch {
    return null; // positions in the generated file instead
  }
}

function parseMap(text: string): SourceMapObject {
  const map = ownJson.parse(text) as SourceMapObject;
  if (map === null || typeof map !== 'object' || typeof map.mappings !== 'string' || !Array.isArray(map.sources)) {
    throw new TypeError('not a source map');
  }
  return map;
}

function withAbsoluteSources(map: SourceMapObject, mapFolder: string): SourceMapObject {
  const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
  const sources = map.sources.map((source) => {
    if (typeof source !== 'string') return source;
    if (/^[a-z][a-z0-9+.-]*:/i.test(source)) return source; // a URL: webpack://, file:, http:
    if (/^[a-z][a-z0-9+.-]*:/i.test(root)) return root.replace(/\/?$/, '/') + source;
    return path.resolve(mapFolder, root, source);
  });
  const { sourceRoot: _dropped, ...rest } = map;
  return { ...rest, sources } as SourceMapObject;
}
