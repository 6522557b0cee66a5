// The load-time door: source text in, instrumented text + source map + tables out.
import { parseSync, type ParserOptions, type types as t } from '@babel/core';
import type { CallSiteInfo, FunctionInfo } from './function-table.js';
import { constantNames, hoistedBodyNames, INSERT_CLOSE, INSERT_OPEN, INSTRUMENTED_MARKER, moduleEpilogue, moduleNames, moduleStart, wrapInsert } from './generated-code.js';
import { InputSourceMap, type RawSourceMap } from './input-source-map.js';
import { applyInsertions } from './source-edits.js';
import { analyzeProgram, type ModuleAnalysis } from './visitor.js';
import { compactTable } from './compact-table.js';
import { namesSourceMap, sourceDigest } from './exception-line.js';
import { InstrumentError } from './instrument-error.js';
import type { NodeSyntax } from './node-syntax.js';

export { InstrumentError } from './instrument-error.js';
export type { NodeSyntax } from './node-syntax.js';

export interface InstrumentOptions {
  /** Absolute path (or URL) of the file: the function table's `file`. */
  filename: string;
  /** `./src/pay.js`, `axios/lib/core.js` (see core's module-id.ts). */
  moduleId: string;
  /** `script` for CommonJS, `module` for ESM; default `unambiguous`. */
  sourceType?: 'module' | 'script' | 'unambiguous';
  /** A v3 source map of the input (TypeScript/bundler output): the function table points at its sources. */
  inputSourceMap?: RawSourceMap | string | null;
  /** Record calls to ECMAScript intrinsics (Math.max, JSON.parse, arr.map ...) as gaps too. */
  gapIntrinsics?: boolean;
  /**
   * `load` (default): the shape `breadcrumb run` instruments with at load time. `build`: the shape for
   * code that is deployed and mostly runs with recording off (`breadcrumb build`, the Babel plugin):
   * with recording off each probe costs nothing once V8 optimises the function; what is recorded with it
   * on is the same (generated-code.ts, BUILD_PROBE_GLOBAL).
   */
  shape?: CodeShape;
  /**
   * Code the module runs before anything else (after its directive prologue, on that line: no line
   * moves), such as the statement that starts Breadcrumb's runtime (the Babel plugin's `project`).
   */
  prelude?: string;
  /**
   * Marks each line with inserted text (that may carry it) so that Node does not print that line, which
   * is instrumented code, above an uncaught exception: the runtime that loads the module prints the
   * original line instead (exception-line.ts). Only for code loaded by that runtime (`breadcrumb run`).
   */
  markExceptionLines?: boolean;
  /**
   * The syntax of the Node that runs the output when it is this very process (the load-time door): a
   * file that uses what it rejects (\`import … assert {}\` on Node 22+, \`using\` before Node 24, a regular
   * expression its V8 does not take) is a SyntaxError plain and is left as it is, so that Node reports it
   * as plain, original line included. Without it, everything Babel parses is kept as it is.
   */
  nodeSyntax?: NodeSyntax;
}

export type CodeShape = 'load' | 'build';

export interface SourceMapV3 {
  version: 3;
  file: string;
  sources: string[];
  sourcesContent: string[];
  names: string[];
  mappings: string;
}

export interface InstrumentResult {
  code: string;
  /** Maps the instrumented code back to the input (lines are the same; columns move where text was inserted). */
  map: SourceMapV3;
  functions: FunctionInfo[];
  callSites: CallSiteInfo[];
  /**
   * Whether the code may load an ES module when it runs: it is one, or it has an `import()`, also in a
   * string it may run as code (module-loads.ts). Node 20's ES module hooks are started for it.
   */
  loadsModules: boolean;
}

export function isInstrumented(source: string): boolean {
  return source.includes(INSTRUMENTED_MARKER);
}

/** A short, stable suffix from the text: two instrumented scripts sharing one scope never clash. */
export function moduleSuffix(source: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    hash ^= source.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * @babel/core raises Error.stackTraceLimit and installs its own Error.prepareStackTrace the first time it
 * runs in a process; the traced program must not see either.
 */
function withProgramErrorSettings<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  const hadPrepare = Object.prototype.hasOwnProperty.call(Error, 'prepareStackTrace');
  const prepare = Error.prepareStackTrace;
  try {
    return run();
  } finally {
    if (Error.stackTraceLimit !== limit) Error.stackTraceLimit = limit;
    if (Error.prepareStackTrace !== prepare) {
      if (hadPrepare) Error.prepareStackTrace = prepare;
      else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    }
  }
}

export function parserOptionsFor(sourceType: 'module' | 'script' | 'unambiguous', importAssertions = true): ParserOptions {
  return {
    sourceType,
    // CommonJS runs inside a function: top-level `return` and `new.target` are legal there.
    allowReturnOutsideFunction: sourceType !== 'module',
    allowNewTargetOutsideFunction: sourceType !== 'module',
    allowAwaitOutsideFunction: sourceType === 'module',
    errorRecovery: false,
    plugins: importAssertions ? ['deprecatedImportAssert'] : [],
  };
}

function parse(source: string, options: InstrumentOptions): t.File {
  const sourceType = options.sourceType ?? 'unambiguous';
  try {
    const ast = parseSync(source, {
      babelrc: false,
      configFile: false,
      browserslistConfigFile: false,
      filename: options.filename,
      sourceType,
      parserOpts: parserOptionsFor(sourceType, options.nodeSyntax?.importAssertions ?? true),
    });
    if (!ast) throw new Error('the parser returned nothing');
    return ast;
  } catch (error) {
    const err = error as { message?: string; loc?: { line: number; column: number } };
    const where = err.loc ? `${err.loc.line}:${err.loc.column}` : '?';
    throw new InstrumentError(
      `cannot instrument ${options.filename} (${where}): ${String(err.message ?? error).split('\n')[0]}; it runs uninstrumented`,
      options.filename,
      err.loc?.line ?? null,
      err.loc?.column ?? null,
    );
  }
}

export interface TextInstrumentation extends ModuleAnalysis {
  code: string;
  mappings: string;
}

/** Analyses `ast` (a parse of `source`) and returns the instrumented text. Shared by both doors. */
export function instrumentParsed(
  source: string,
  ast: t.File | NodePathLike,
  options: InstrumentOptions,
): TextInstrumentation {
  const names = moduleNames(moduleSuffix(source + '\0' + options.moduleId));
  const inputSourceMap = readInputSourceMap(options.inputSourceMap);
  const analysisOptions = {
    source,
    file: options.filename,
    names,
    gapIntrinsics: options.gapIntrinsics ?? false,
    inputSourceMap,
    nodeSyntax: options.nodeSyntax ?? null,
  };
  const program = 'node' in ast ? ast.node : ast.program;
  const build = options.shape === 'build' ? { guarded: program.sourceType === 'module' } : null;
  // The load shape's probes go through constants the module's first statement binds (constantNames),
  // but an ES module's hoisted functions', which may run before it (hoisted-functions.ts).
  const constants = build === null && program.body.length > 0 ? constantNames(names) : null;
  const hoisted = constants !== null && program.sourceType === 'module' ? { names, body: hoistedBodyNames(names, constants) } : null;
  const result = analyzeProgram(program, { ...analysisOptions, names: constants ?? names, hoisted, build });
  // Register the module's table when it starts to run (not only at its first call or at its end): its
  // stack positions are remapped even if its top-level code throws. After the directive prologue.
  const first = program.body[0];
  if (first) {
    result.insertions.push({ at: first.start!, text: wrapInsert(moduleStart(names, build, constants, hoisted !== null)), opening: true, span: Infinity, order: -1 });
  }
  if (options.prelude && (program.body.length > 0 || program.directives.length > 0)) {
    const directives = program.directives;
    // Not on a `#!` line: that line is a comment to its end.
    const afterHashbang = program.interpreter ? source.indexOf('\n', program.interpreter.end!) + 1 : 0;
    const at = directives.length > 0 ? directives[directives.length - 1]!.end! : afterHashbang;
    result.insertions.push({ at, text: wrapInsert(options.prelude), opening: true, span: Infinity, order: -2 });
  }
  const markLines = options.markExceptionLines === true && !namesSourceMap(source);
  const edited = applyInsertions(source, result.insertions, INSERT_CLOSE + INSERT_OPEN, markLines);
  const digest = markLines ? sourceDigest(source) : undefined;
  const table = JSON.stringify(compactTable(options.moduleId, options.filename, result, edited.columnShifts, edited.positionOverrides, digest, edited.shownRanges));
  // At the end, where nothing before it moves: on the source's last line when that line is empty (the
  // source ends with a line break), so the text keeps its line count and code a loader puts after it
  // keeps its lines (rewire appends `__get__`/`__set__` through `Module.wrapper[1]`, and their eval
  // frames must show the same lines); on a line of its own otherwise, where a trailing line comment
  // cannot swallow it.
  const lineBreak = /[\n\r\u2028\u2029]$/.test(edited.code) ? '' : '\n';
  const code = `${edited.code}${lineBreak}${moduleEpilogue(names, table, build, hoisted !== null)}${INSTRUMENTED_MARKER}`;
  return { ...result, code, mappings: edited.mappings };
}

/** A Babel NodePath of the Program (the plugin door passes one). */
export interface NodePathLike {
  node: t.Program;
}

function readInputSourceMap(map: InstrumentOptions['inputSourceMap']): InputSourceMap | null {
  if (map === undefined || map === null) return null;
  try {
    return new InputSourceMap(typeof map === 'string' ? (JSON.parse(map) as RawSourceMap) : map);
  } catch (error) {
    throw new InstrumentError(
      `invalid inputSourceMap: ${(error as Error).message}; pass the source map object of the input, or none`,
      '',
      null,
      null,
    );
  }
}

export function instrument(source: string, options: InstrumentOptions): InstrumentResult {
  if (typeof source !== 'string') throw new TypeError('instrument(source, options): source must be a string');
  if (!options || typeof options.filename !== 'string' || typeof options.moduleId !== 'string') {
    throw new TypeError('instrument(source, options): options.filename and options.moduleId must be strings');
  }
  if (isInstrumented(source)) {
    // Never twice: the code registers its own table when it runs.
    return {
      code: source,
      map: { version: 3, file: options.filename, sources: [options.filename], sourcesContent: [source], names: [], mappings: '' },
      functions: [],
      callSites: [],
      loadsModules: true, // not parsed: it may
    };
  }
  return withProgramErrorSettings(() => {
    const ast = parse(source, options);
    const result = instrumentParsed(source, ast, options);
    return {
      code: result.code,
      map: {
        version: 3,
        file: options.filename,
        sources: [options.filename],
        sourcesContent: [source],
        names: [],
        mappings: result.mappings,
      },
      functions: result.functions,
      callSites: result.callSites,
      loadsModules: result.loadsModules,
    };
  });
}
