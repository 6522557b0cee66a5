// Every instrumented file of a build loads the runtime written into the output before any of its
// own code runs, so that the probes find `globalThis.__breadcrumb__`. The loading statement goes after
// the shebang and the directive prologue ('use strict' must stay a directive) on an existing line: no
// line moves, so stack traces keep their line numbers, and the source map is shifted to match.

import path from 'node:path';
import { shiftMappingsOnLine } from './source-map-shift.js';

export interface GeneratedFile {
  code: string;
  /** A source map object (version 3) of `code`, or null. */
  map: SourceMapObject | null;
}

export interface SourceMapObject {
  version: number;
  mappings: string;
  sources: string[];
  [key: string]: unknown;
}

export type ModuleFormat = 'commonjs' | 'module';

/** The specifier a file at `file` uses to load `runtimeEntry` (both absolute paths). */
export function runtimeSpecifier(file: string, runtimeEntry: string): string {
  const relative = path.relative(path.dirname(file), runtimeEntry).split(path.sep).join('/');
  return relative.startsWith('./') || relative.startsWith('../') ? relative : `./${relative}`;
}

/**
 * The statement that loads the runtime and tells it which file this is: the path the program runs it
 * from (`__filename`, `import.meta.url`), the path its function table names (the source's), and where
 * the statement itself was inserted (1-based line, 0-based column, its length), so that stack traces
 * of the built file get their original columns back.
 */
export function runtimeLoadStatement(format: ModuleFormat, specifier: string, recordedFile: string, line: number, column: number): string {
  const quoted = JSON.stringify(specifier);
  const render = (length: number): string => {
    const args = `${JSON.stringify(recordedFile)},${line},${column},${length}`;
    return format === 'module'
      ? `import __bc$runtime from ${quoted};__bc$runtime.built(import.meta.url,${args});`
      : `require(${quoted}).built(__filename,${args});`;
  };
  // The statement names its own length: render until the number it names is the length it has.
  let statement = render(0);
  while (render(statement.length).length !== statement.length) statement = render(statement.length);
  return render(statement.length);
}

/** Inserts the statement `make` returns for its position, where it runs first without changing the meaning of the code around it. */
export function insertRuntimeLoad(file: GeneratedFile, make: (line: number, column: number) => string): GeneratedFile {
  const at = loadInsertionOffset(file.code);
  const before = file.code.slice(0, at);
  const line = countNewlines(before);
  const column = at - (before.lastIndexOf('\n') + 1);
  const statement = make(line + 1, column);
  const code = before + statement + file.code.slice(at);
  if (file.map === null) return { code, map: null };
  return {
    code,
    map: { ...file.map, mappings: shiftMappingsOnLine(file.map.mappings, line, column, statement.length) },
  };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The offset just after the shebang line and the directive prologue (`'use strict';` ...), or the
 * start of the file. Comments and whitespace before and between directives are skipped.
 */
export function loadInsertionOffset(code: string): number {
  let at = 0;
  if (code.startsWith('#!')) {
    const newline = code.indexOf('\n');
    if (newline === -1) return code.length;
    at = newline + 1;
  }
  let insertion = at;
  for (;;) {
    const token = skipTrivia(code, at);
    const quote = code[token];
    if (quote !== '"' && quote !== "'") return insertion;
    const stringEnd = endOfString(code, token, quote);
    if (stringEnd === -1) return insertion;
    const next = skipTrivia(code, stringEnd, false);
    if (code[next] !== ';') return insertion;
    at = next + 1;
    insertion = at;
  }
}

/** Skips whitespace and comments from `at`; with `newlines` false, stops at a line break. */
function skipTrivia(code: string, at: number, newlines = true): number {
  let i = at;
  while (i < code.length) {
    const c = code[i]!;
    if (c === ' ' || c === '\t' || c === '\uFEFF' || (newlines && (c === '\n' || c === '\r'))) {
      i++;
    } else if (code.startsWith('//', i)) {
      if (!newlines) return i;
      const end = code.indexOf('\n', i);
      i = end === -1 ? code.length : end + 1;
    } else if (code.startsWith('/*', i)) {
      const end = code.indexOf('*/', i + 2);
      if (end === -1) return code.length;
      if (!newlines && code.slice(i, end).includes('\n')) return i;
      i = end + 2;
    } else {
      return i;
    }
  }
  return i;
}

/** The offset after the string literal starting at `at`, or -1 when it does not end on its line. */
function endOfString(code: string, at: number, quote: string): number {
  for (let i = at + 1; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (c === '\n' || c === '\r') return -1;
  }
  return -1;
}
