// CommonJS: every `require`d file goes through Module.prototype._compile with its final JavaScript
// source (also what other require hooks such as ts-node, tsx or @babel/register compile), so a wrapper
// there sees what will actually run, whichever hook came first. But a wrapper is one more stack frame
// under every module's top level: with the default Error.stackTraceLimit of 10 it pushes a real frame
// off the end of any stack captured while modules load. So plain `.js`/`.cjs` files take another road:
// our `.js` extension handler takes the place of Node's (one frame for one frame), reads the file,
// instruments it and calls the original `_compile` directly. Whatever it cannot do exactly as Node's
// handler would (an ES module package, a source another loader supplied, a `_compile` someone else
// wrapped or replaced on the module, load hooks the program registered) goes to Node's handler and
// through the wrapper as before. (`module.registerHooks`, on Node ≥ 22.15, would also load CommonJS
// without a frame, but its hooks see a file's source before ts-node or @babel/register compile it.)
import fs from 'node:fs';
import Module from 'node:module';
import { nodeHandlerFrame, registerLoaderFrames } from './loader-frames.js';
import { detectsModuleSyntax } from './node-flags.js';
import type { ModuleDecision, ModuleFilter } from './module-filter.js';
import { hasModuleSyntax } from './esm-on-demand.js';
import { packageTypeOf } from './package-type.js';
import type { RequireEsmSources } from './require-esm-sources.js';
import type { Instrumented, ModuleTransformer } from './transform.js';
import { isTypeScriptFormat, strippedTypeScript } from './typescript.js';
import { allowWrapperFrame, restoreStackLimit } from '../recorder/wrapper-frames.js';

type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;
type ExtensionHandler = (this: unknown, module: Module, filename: string) => unknown;

/**
 * The name a stack shows for Node's `.js` handler: the name V8 inferred for it on Node 20; none on later
 * versions (a stack then shows `Object..js`, as for our handler, which has no inferred name either).
 */
const JS_HANDLER_NAME = Number(process.versions.node.split('.')[0]) <= 20 ? 'Module._extensions..js' : '';

/**
 * `othersHookLoading`: whether the program registered load hooks of its own (`module.registerHooks` or
 * `module.register`, which CommonJS loading may also run through): then Node's handler must run them.
 */
/**
 * `beforeCompile`: told of every file's source just before Node compiles it (its format as Node passes
 * it, module or CommonJS, undefined when Node decides from the syntax), except our own instrumenter's;
 * `loadsModules`: whether the instrumented code may load an ES module, null when the file is not
 * instrumented (or the instrumenter did not say).
 */
export type BeforeCompile = (source: unknown, format: 'module' | 'commonjs' | undefined, isMain: boolean, loadsModules: boolean | null) => void;

/**
 * `requireEsm`: told when `_compile` gets an ES module (require(esm)) and when it returns, so that what
 * Node 20's synchronous loader reads for its imports is instrumented (require-esm-sources.ts).
 */
export function installCjsHook(
  filter: ModuleFilter,
  transformer: ModuleTransformer,
  othersHookLoading: () => boolean = () => false,
  beforeCompile: BeforeCompile = () => {},
  requireEsm: RequireEsmSources | null = null,
): () => void {
  const proto = Module.prototype as unknown as { _compile: Compile };
  const extensions = (Module as unknown as { _extensions: Record<string, ExtensionHandler> })._extensions;
  const original = proto._compile;
  const originalJs = extensions['.js'];

  /**
   * `content` instrumented for `module` as Node will run it in `format`; with no format and `detect`,
   * as a module if Node finds module syntax in it (a `.js` or `.ts` file of a package without "type").
   */
  function instrumentedAs(content: string, module: ModuleDecision, format: unknown, detect: boolean): Instrumented | null {
    return transformer.instrumented(content, module, format === 'module' ? 'module' : 'script', format === undefined && detect);
  }

  /** `content` instrumented, or null to compile it as it is. */
  function instrumented(content: string, filename: string, format: unknown): Instrumented | null {
    try {
      if (transformer.busy || typeof content !== 'string') return null;
      // Node ≥ 22 passes a format: 'module' for require(esm); TypeScript is stripped first (compile).
      if (typeof format === 'string' && format !== 'commonjs' && format !== 'module') return null;
      const module = filter.decide(filename);
      if (module === null) return null;
      return instrumentedAs(content, module, format, detectsModuleSyntax && filename.endsWith('.js'));
    } catch {
      return null;
    }
  }

  /** Tells `beforeCompile` of `source` and what it compiles to, and returns the code to compile. */
  function toCompile(source: string, format: unknown, module: Module, code: Instrumented | null): string {
    if (transformer.busy) return source;
    try {
      const known = format === 'module' || format === 'module-typescript' ? 'module' : format === undefined ? undefined : 'commonjs';
      beforeCompile(source, known, (module as { id?: unknown }).id === '.', code?.loadsModules ?? null);
    } catch {
      // nothing of it reaches the program
    }
    return code?.code ?? source;
  }

  /** Whether Node compiles `content` as an ES module: it said so, or it will decide from the syntax. */
  function requiredModule(content: unknown, format: unknown): boolean {
    if (requireEsm === null || typeof content !== 'string') return false;
    return format === 'module' || (format === undefined && detectsModuleSyntax && hasModuleSyntax(content));
  }

  const compileWithBreadcrumb: Compile = function compileWithBreadcrumb(this: Module, content, filename, ...rest) {
    const format = rest[0];
    // in this function's own try/finally: a wrapper around the call would be one more frame in stacks
    const esm = requiredModule(content, format);
    if (esm) requireEsm!.begin();
    // this frame, which stacks leave out (loader-frames.ts), must not take a frame of the program's place
    const raised = allowWrapperFrame();
    try {
      if (isTypeScriptFormat(format) && typeof content === 'string' && !transformer.busy) {
        // a TypeScript file Node runs itself: its JavaScript, instrumented, compiled as JavaScript
        let javaScript: ReturnType<typeof strippedTypeScript> = null;
        let code: Instrumented | null = null;
        try {
          const module = filter.decide(filename);
          javaScript = module === null ? null : strippedTypeScript(content, format, filename);
          if (javaScript !== null) code = instrumentedAs(javaScript.code, module!, javaScript.format, true);
        } catch {
          javaScript = null;
        }
        if (javaScript !== null) {
          return original.call(this, toCompile(javaScript.code, javaScript.format, this, code), filename, javaScript.format, ...rest.slice(1));
        }
      }
      return original.call(this, toCompile(content, format, this, instrumented(content, filename, format)), filename, ...rest);
    } finally {
      restoreStackLimit(raised);
      if (esm) requireEsm!.end();
    }
  };
  proto._compile = compileWithBreadcrumb;

  /**
   * The format Node's handler would pass, when this handler can load the file exactly as Node would
   * (null when it cannot). Node's handler takes the format from the file's extension or package, else
   * from what the loader already set on the module (kFormat); a source a loader handed over
   * (kModuleSource) is Node's to use.
   */
  function directFormat(module: Module, filename: string): 'commonjs' | undefined | null {
    if ((module as unknown as { _compile: Compile })._compile !== compileWithBreadcrumb || othersHookLoading()) return null;
    let preset: unknown;
    let formatKey: symbol | undefined;
    for (const symbol of Object.getOwnPropertySymbols(module)) {
      const description = symbol.description;
      if (description === 'kModuleSource' && (module as unknown as Record<symbol, unknown>)[symbol] !== undefined) return null;
      if (description === 'kFormat') {
        formatKey = symbol;
        preset = (module as unknown as Record<symbol, unknown>)[symbol];
      }
    }
    let format: 'commonjs' | undefined;
    if (filename.endsWith('.cjs')) format = 'commonjs';
    else if (filename.endsWith('.js')) {
      const type = packageTypeOf(filename);
      if (type === null || type === 'module') return null;
      format = type;
    } else return null;
    if (format === undefined) {
      if (preset !== undefined && preset !== 'commonjs') return null;
      format = preset;
    } else if (formatKey !== undefined) {
      (module as unknown as Record<symbol, unknown>)[formatKey] = format; // as Node's loadSource does
    }
    return format;
  }

  let jsHandler: ExtensionHandler | undefined;
  // Taken while Node's handler is still in place: a frame is named by finding its function on `this`.
  // Undefined when the handler there is not Node's (a hook preloaded before ours, such as
  // @babel/register or nyc): ours must not take its place then, or the file would skip it.
  const handlerFrame = typeof originalJs === 'function' ? nodeHandlerFrame(originalJs, extensions, __filename) : undefined;
  registerLoaderFrames(__filename, compileWithBreadcrumb, handlerFrame);
  if (typeof originalJs === 'function' && handlerFrame !== undefined) {
    // Made inside an array so that V8 infers no name for it (see JS_HANDLER_NAME).
    [jsHandler] = [function (this: unknown, module: Module, filename: string) {
      let format: 'commonjs' | undefined | null = null;
      try {
        format = directFormat(module, filename);
      } catch {
        format = null;
      }
      if (format === null) {
        // Node's handler, right inside this one, is left out of stacks: room for the program's frame
        const raised = allowWrapperFrame();
        try {
          return originalJs.call(this, module, filename);
        } finally {
          restoreStackLimit(raised);
        }
      }
      const source = fs.readFileSync(filename, 'utf8');
      // Node ≥ 22 names this frame by finding `_compile` on the module: it reads `Module.<anonymous>`
      // there (an own property would fix the name but show in every `module` a program prints).
      return original.call(module, toCompile(source, format, module, instrumented(source, filename, format)), filename, format);
    }];
    Object.defineProperty(jsHandler!, 'name', { value: JS_HANDLER_NAME });
    Object.defineProperty(jsHandler!, 'length', { value: originalJs.length });
    extensions['.js'] = jsHandler!;
  }

  return () => {
    if (proto._compile === compileWithBreadcrumb) proto._compile = original;
    if (jsHandler !== undefined && extensions['.js'] === jsHandler) extensions['.js'] = originalJs!;
  };
}
