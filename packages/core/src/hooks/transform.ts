// Turns a loaded module's source into instrumented source: the cache first, the instrumenter (and so
// Babel, which is heavy) only on a miss. A file that cannot be instrumented runs as it is, with one
// warning; nothing here throws.
import { ownFs as fs, ownJson } from '../node-originals.js';
import path from 'node:path';
import type { CallSiteInfo, FunctionInfo } from '../spool/format.js';
import type { ModuleDecision } from './module-filter.js';
import { TransformCache, transformCacheKey, type CachedTransform } from './transform-cache.js';
import { readInputSourceMap } from '../input-source-map.js';
import { instrumenterManifest } from '../instrumenter-location.js';
import { noteLegacyRegExpStatics } from '../capture/regexp-statics.js';
import { nodeSyntax, type NodeSyntax } from './node-syntax.js';

/** What @breadcrumb/instrumenter exports (declared here so core compiles before it lands). */
export interface Instrumenter {
  instrument(
    source: string,
    options: {
      filename: string;
      moduleId: string;
      sourceType: SourceType;
      inputSourceMap?: unknown;
      gapIntrinsics?: boolean;
      markExceptionLines?: boolean;
      nodeSyntax?: NodeSyntax;
    },
  ): { code: string; map: unknown; functions: FunctionInfo[]; callSites: CallSiteInfo[]; loadsModules?: boolean };
  isInstrumented(source: string): boolean;
}

type InstrumentOptions = Parameters<Instrumenter['instrument']>[1];

/** `script` is CommonJS (a function body: top-level `return` is legal). */
export type SourceType = 'module' | 'script';

/** A module's instrumented code. */
export interface Instrumented {
  code: string;
  /**
   * Whether the code may load an ES module when it runs, as the instrumenter found from its syntax
   * (an `import()`, also in a string it may run as code; module syntax); null when not known.
   */
  loadsModules: boolean | null;
}

export interface ModuleTransformerOptions {
  cacheDir: string | null;
  /** Calls to ECMAScript intrinsics are gaps too (settings.gapIntrinsics). */
  gapIntrinsics: boolean;
  onWarning(message: string, file: string): void;
  /** For tests; by default `require('@breadcrumb/instrumenter')`, on the first cache miss. */
  loadInstrumenter?: () => Instrumenter;
}

export class ModuleTransformer {
  private readonly cache: TransformCache | null;
  private instrumenter: Instrumenter | null = null;
  private stamp: string | null = null;
  private active = false;

  constructor(private readonly options: ModuleTransformerOptions) {
    this.cache = options.cacheDir === null ? null : new TransformCache(options.cacheDir);
  }

  /** True while a transform is running: modules loaded meanwhile are Babel's own, never instrumented. */
  get busy(): boolean {
    return this.active;
  }

  /** Instrumented code for the module, or null to run the original. */
  transform(source: string, module: ModuleDecision, sourceType: SourceType): string | null {
    return this.instrumented(source, module, sourceType)?.code ?? null;
  }

  /**
   * The module's instrumented code, with what the instrumenter found out about it; null to run the
   * original. With `detectModule`, for a file Node loads as CommonJS unless it finds module syntax in it
   * (a `.js` file of a package without "type", on a Node that detects module syntax): instrumented as a
   * script, or, when it does not parse as one because of `import`/`export`, `import.meta` or a top-level
   * `await`, as a module, which is what Node then runs it as (require(esm) included).
   */
  instrumented(source: string, module: ModuleDecision, sourceType: SourceType, detectModule = false): Instrumented | null {
    if (this.active) return null;
    noteLegacyRegExpStatics(source);
    this.active = true;
    // Babel raises Error.stackTraceLimit and installs Error.prepareStackTrace when it first runs:
    // the program must see its own values.
    const { stackTraceLimit, prepareStackTrace } = Error;
    try {
      let outcome = this.outcomeFor(source, module, sourceType);
      if (detectModule && outcome.kind === 'failed' && MODULE_SYNTAX_ERROR.test(outcome.message)) {
        const asModule = this.outcomeFor(source, module, 'module');
        if (asModule.kind !== 'failed') outcome = asModule;
      }
      if (outcome.kind === 'code') return { code: outcome.code, loadsModules: outcome.loadsModules };
      if (outcome.kind === 'failed') this.options.onWarning(outcome.message, module.file);
      return null;
    } catch (error) {
      this.options.onWarning(`not instrumented: ${describe(error)}`, module.file);
      return null;
    } finally {
      if (Error.stackTraceLimit !== stackTraceLimit) Error.stackTraceLimit = stackTraceLimit;
      if (Error.prepareStackTrace !== prepareStackTrace) Error.prepareStackTrace = prepareStackTrace;
      this.active = false;
    }
  }

  private outcomeFor(source: string, module: ModuleDecision, sourceType: SourceType): CachedTransform {
    const options: InstrumentOptions = {
      // the table's file: what stack traces name it by (a URL with a query: see ModuleDecision)
      filename: module.scriptUrl ?? module.file,
      moduleId: module.moduleId,
      sourceType,
      gapIntrinsics: this.options.gapIntrinsics,
      // this runtime prints the original line above an uncaught exception (process/exception-line.ts)
      markExceptionLines: true,
      // this Node runs the output: what it rejects fails as plain (the V8 version is in the cache key)
      nodeSyntax: nodeSyntax(),
    };
    const key = this.cache === null ? null : transformCacheKey(source, this.instrumenterStamp(), options);
    const cached = key === null ? null : this.cache!.get(key, source);
    if (cached !== null) return cached;
    const { outcome, map } = this.instrument(source, options, module.file);
    if (key !== null) this.cache!.set(key, outcome, source, map);
    return outcome;
  }

  private instrument(source: string, options: InstrumentOptions, file: string): { outcome: CachedTransform; map?: unknown } {
    const instrumenter = this.loadInstrumenter();
    if (instrumenter.isInstrumented(source)) return { outcome: { kind: 'skipped' } };
    try {
      const inputSourceMap = readInputSourceMap(source, file)?.map ?? null;
      const result = instrumenter.instrument(source, inputSourceMap === null ? options : { ...options, inputSourceMap });
      return { outcome: { kind: 'code', code: result.code, loadsModules: result.loadsModules ?? null }, map: result.map };
    } catch (error) {
      return { outcome: { kind: 'failed', message: `not instrumented, runs as it is: ${describe(error)}` } };
    }
  }

  private loadInstrumenter(): Instrumenter {
    if (this.instrumenter === null) {
      this.instrumenter = this.options.loadInstrumenter?.() ?? (require('@breadcrumb/instrumenter') as Instrumenter);
    }
    return this.instrumenter;
  }

  // The cache must not serve output of another instrumenter build: its version and the size and
  // mtime of every file of its dist folder (cheap: a directory listing, no Babel), and of this
  // module and the input source map reader.
  private instrumenterStamp(): string {
    if (this.stamp !== null) return this.stamp;
    let stamp = 'instrumenter';
    try {
      const manifest = instrumenterManifest();
      if (manifest === null) throw new Error('no instrumenter package');
      const { version } = ownJson.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
      stamp += `@${version}`;
      const dist = path.join(path.dirname(manifest), 'dist');
      for (const entry of fs.readdirSync(dist, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
        const stat = fs.statSync(path.join(entry.parentPath, entry.name));
        stamp += `|${entry.name}:${stat.size}:${stat.mtimeMs}`;
      }
    } catch {
      // a bundled build without its package folder: the version alone
    }
    // This side's part of the output: how an input source map is found and read (a stale entry kept
    // function positions in the generated code after the reading improved).
    for (const file of [path.join(__dirname, '..', 'input-source-map.js'), __filename]) {
      try {
        const stat = fs.statSync(file);
        stamp += `|${path.basename(file)}:${stat.size}:${stat.mtimeMs}`;
      } catch {
        // bundled: the instrumenter's stamp alone
      }
    }
    this.stamp = stamp;
    return stamp;
  }
}

/** Babel's messages for script sources that use syntax only a module may have. */
const MODULE_SYNTAX_ERROR = /may appear only with 'sourceType: "module"'|at the top levels of modules/;

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0]!;
  return String(error);
}
