// Test runners that load a program's modules through node:vm rather than `require`, which neither
// the CommonJS hook nor the ES module hooks see (`breadcrumb run -- npx jest` traced nothing):
// - jest 29: `new vm.Script('({"Object.<anonymous>":function(module,exports,require,...){' + code +
//   '\n}});', { filename })`, run in a vm context of its own per test file;
// - jest 30: the code alone, `vm.compileFunction(code, params, { filename, parsingContext })`;
// - jest's ES modules under --experimental-vm-modules: `new vm.SourceTextModule(code, { identifier })`;
// - vitest 3 and 4: Vite's output in a strict async arrow, `vm.runInThisContext` (`vm.runInContext` in
//   its vm pools).
// The module code inside (the wrapper stays as it is) of a file the include globs select is
// instrumented as the module body it is, and the context that runs it gets the probe
// (recorder/index.ts prepareRealm) before its first line runs. Other vm code (a template engine's, a
// REPL's) is left alone. `vm.Script` becomes a Proxy of itself, so `new vm.Script`, subclasses and
// `instanceof` behave as before (a script's `constructor` is the class behind the Proxy).
// Each wrapper here is a frame of its own under the code it runs: stacks do not show it
// (recorder/wrapper-frames.ts), in the vm context too, whose code's errors count its own limit.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProxy } from 'node:util/types';
import vm from 'node:vm';
import { syncBuiltinExports } from '../process/builtin-exports.js';
import { allowWrapperFrame, hideWrapperFrames, restoreStackLimit } from '../recorder/wrapper-frames.js';
import type { ModuleFilter } from './module-filter.js';
import type { ModuleTransformer } from './transform.js';

/** A module loader's wrapper around a module's code: its start (on the code's first line) and end. */
interface ModuleWrapper {
  start: RegExp;
  end: string;
  /** How the code inside is parsed: a CommonJS body, or an async function's body (top-level await). */
  sourceType: 'script' | 'module';
}

/** jest-runtime's (constructModuleWrapperStart), compiled by `new vm.Script`. */
const JEST_WRAPPER: ModuleWrapper = { start: /^\(\{"[^"\\\n]*":function\([\w$,]*\)\{/, end: '\n}});', sourceType: 'script' };
/**
 * vite-node's (vitest 3: ViteNodeRunner.runModule), run by `vm.runInThisContext` or, in vitest's vm
 * pools, `vm.runInContext`: Vite's SSR output, whose imports became awaited calls, in a strict async
 * arrow function. Parsed as a module (strict, top-level await), which is what that body is.
 */
const VITE_NODE_WRAPPER: ModuleWrapper = { start: /^'use strict';async \([\w$,]*\)=>\{\{/, end: '\n}}', sourceType: 'module' };

export interface VmHookRealm {
  /** Gives a vm context's global the probe (and stack remapping) instrumented code needs. */
  prepareRealm(realm: typeof globalThis): void;
  /** Columns before the instrumented text on a file's first line (the wrapper's). */
  registerFirstLineOffset(file: string, offset: number): void;
  /** Says (once per file) that an included file was compiled through node:vm in a shape not known here. */
  warn(message: string, file: string): void;
  /** Before code that may import (compiled with an importModuleDynamically) is compiled. */
  beforeImportingCode?(code: unknown): void;
}

type ScriptClass = typeof vm.Script;
type RunInContext = (this: vm.Script, context: vm.Context, options?: unknown) => unknown;

export function installVmHook(filter: ModuleFilter, transformer: ModuleTransformer, realm: VmHookRealm): () => void {
  const vmModule = vm as unknown as {
    Script: ScriptClass;
    compileFunction: typeof vm.compileFunction;
    runInThisContext: typeof vm.runInThisContext;
    runInContext: typeof vm.runInContext;
    /** Only under --experimental-vm-modules. */
    SourceTextModule?: new (code: string, options?: object) => object;
  };
  const OriginalScript = vmModule.Script;
  const originalCompileFunction = vmModule.compileFunction;
  const originalRunInThisContext = vmModule.runInThisContext;
  const originalRunCodeInContext = vmModule.runInContext;
  const originalRunInContext = OriginalScript.prototype.runInContext as RunInContext;
  /** Scripts compiled from instrumented code: the contexts they run in get the probe. */
  const instrumentedScripts = new WeakSet<object>();
  const preparedContexts = new WeakSet<object>();

  /** Each vm context's Error (null for none, or this realm's), read once. */
  const contextErrors = new WeakMap<object, ErrorConstructor | null>();
  let errorScript: vm.Script | undefined;
  function errorOf(context: unknown): ErrorConstructor | null {
    if (typeof context !== 'object' || context === null) return null;
    let found = contextErrors.get(context);
    if (found === undefined) {
      try {
        // an `Error` of the sandbox object's own (a getter, a Proxy's trap) is program code: not read
        if (isProxy(context) || Object.getOwnPropertyDescriptor(context, 'Error') !== undefined) throw new Error('not ours to read');
        errorScript ??= new OriginalScript('Error');
        const value = originalRunInContext.call(errorScript, context);
        found = typeof value === 'function' && value !== Error ? (value as ErrorConstructor) : null;
      } catch {
        found = null;
      }
      contextErrors.set(context, found);
    }
    return found;
  }

  function prepareContext(context: unknown): void {
    if (typeof context !== 'object' || context === null || preparedContexts.has(context)) return;
    preparedContexts.add(context);
    try {
      // the global as code in the context sees it (a contextified object stands in for it outside)
      realm.prepareRealm(originalRunInContext.call(new OriginalScript('globalThis'), context) as typeof globalThis);
    } catch {
      // its instrumented code finds no probe and runs with the no-op probes
    }
  }

  /**
   * The module body's instrumented code, or null to compile the code as it is. `firstLineOffset`:
   * the columns V8 counts before the body on its first line (a wrapper's, less any columnOffset).
   */
  function instrumentedBody(code: string, filename: unknown, sourceType: 'script' | 'module', firstLineOffset: number): string | null {
    if (transformer.busy || typeof filename !== 'string' || !path.isAbsolute(filename)) return null;
    const module = filter.decide(filename);
    const body = module === null ? null : transformer.transform(code, module, sourceType);
    if (body !== null) realm.registerFirstLineOffset(filename, firstLineOffset);
    return body;
  }

  /** `code` in `wrapper`, its body instrumented; null when it is not, or not to be instrumented. */
  function instrumentedWrapped(wrapper: ModuleWrapper, code: unknown, options: unknown): string | null {
    try {
      if (typeof code !== 'string' || typeof options !== 'object' || options === null) return null;
      const { filename, columnOffset } = options as { filename?: unknown; columnOffset?: unknown };
      const start = code.endsWith(wrapper.end) ? wrapper.start.exec(code) : null;
      if (start === null) {
        noteUnknownShape(filename);
        return null;
      }
      // V8 counts the wrapper in the first line's columns, less the columnOffset (vite-node cancels it)
      const offset = start[0].length + (typeof columnOffset === 'number' ? columnOffset : 0);
      const body = instrumentedBody(code.slice(start[0].length, code.length - wrapper.end.length), filename, wrapper.sourceType, offset);
      return body === null ? null : start[0] + body + wrapper.end;
    } catch {
      return null;
    }
  }

  /**
   * An included module file compiled through node:vm in no wrapper known here (another test runner's
   * loader): it runs untraced, and the run's warnings say so, once per file, so that an empty trace is
   * not a mystery. (A file name given to code that is not the file's, as some libraries do for
   * stack traces, gets the warning too: it costs a line in the report.)
   */
  const noted = new Set<string>();
  function noteUnknownShape(filename: unknown): void {
    if (typeof filename !== 'string' || noted.has(filename) || noted.size >= 100 || !path.isAbsolute(filename) || transformer.busy) return;
    if (filter.decide(filename) === null) return;
    noted.add(filename);
    realm.warn('compiled through node:vm by a loader Breadcrumb does not know (not jest, not vitest): this code of the file runs untraced', filename);
  }

  /** Code compiled with an importModuleDynamically may load ES modules: the hooks are told first. */
  function beforeCompiling(code: unknown, options: unknown): void {
    try {
      if (typeof options === 'object' && options !== null && (options as { importModuleDynamically?: unknown }).importModuleDynamically !== undefined) {
        realm.beforeImportingCode?.(code);
      }
    } catch {
      // compiled as it would be
    }
  }

  /** `vm.runInThisContext(code, options)` and the like: options may be a filename. */
  function optionsObject(options: unknown): unknown {
    return typeof options === 'string' ? { filename: options } : options;
  }

  const ScriptWithBreadcrumb = new Proxy(OriginalScript, {
    construct(target, args: unknown[], newTarget) {
      beforeCompiling(args[0], args[1]);
      const code = instrumentedWrapped(JEST_WRAPPER, args[0], args[1]);
      const raised = allowWrapperFrame();
      try {
        const script = Reflect.construct(target, code === null ? args : [code, ...args.slice(1)], newTarget) as object;
        if (code !== null) instrumentedScripts.add(script);
        return script;
      } finally {
        restoreStackLimit(raised);
      }
    },
  });

  // `runInNewContext` makes its context and then calls this; `runInThisContext` needs nothing.
  const runInContext = withLengthOf(originalRunInContext, {
    runInContext(this: vm.Script, context: vm.Context, ...rest: unknown[]): unknown {
      if (instrumentedScripts.has(this)) prepareContext(context);
      const contextError = errorOf(context);
      const raised = allowWrapperFrame();
      const raisedThere = allowWrapperFrame(contextError);
      try {
        return originalRunInContext.call(this, context, ...rest);
      } finally {
        restoreStackLimit(raisedThere);
        restoreStackLimit(raised);
      }
    },
  }.runInContext);

  const compileFunction = withLengthOf(originalCompileFunction, {
    compileFunction(this: unknown, code: string, params?: readonly string[], options?: vm.CompileFunctionOptions): Function {
      let body: string | null = null;
      beforeCompiling(code, options);
      try {
        const offset = typeof options?.columnOffset === 'number' ? options.columnOffset : 0;
        body = typeof code === 'string' ? instrumentedBody(code, options?.filename, 'script', offset) : null;
        if (body !== null) prepareContext(options?.parsingContext);
      } catch {
        body = null;
      }
      const raised = allowWrapperFrame();
      try {
        return originalCompileFunction.call(this, body ?? code, params, options);
      } finally {
        restoreStackLimit(raised);
      }
    },
  }.compileFunction);

  const runInThisContext = withLengthOf(originalRunInThisContext, {
    runInThisContext(this: unknown, code: string, options?: unknown): unknown {
      beforeCompiling(code, options);
      const instrumented = instrumentedWrapped(VITE_NODE_WRAPPER, code, optionsObject(options));
      const raised = allowWrapperFrame();
      try {
        return originalRunInThisContext.call(this, instrumented ?? code, options as vm.RunningScriptOptions);
      } finally {
        restoreStackLimit(raised);
      }
    },
  }.runInThisContext);

  const runCodeInContext = withLengthOf(originalRunCodeInContext, {
    runInContext(this: unknown, code: string, context: vm.Context, options?: unknown): unknown {
      beforeCompiling(code, options);
      const instrumented = instrumentedWrapped(VITE_NODE_WRAPPER, code, optionsObject(options));
      if (instrumented !== null) prepareContext(context);
      const contextError = errorOf(context);
      const raised = allowWrapperFrame();
      const raisedThere = allowWrapperFrame(contextError);
      try {
        return originalRunCodeInContext.call(this, instrumented ?? code, context, options as vm.RunningScriptOptions);
      } finally {
        restoreStackLimit(raisedThere);
        restoreStackLimit(raised);
      }
    },
  }.runInContext);

  // jest with --experimental-vm-modules: ES modules as `new vm.SourceTextModule(code, { identifier:
  // path, context })`
  const OriginalSourceTextModule = vmModule.SourceTextModule;
  const SourceTextModuleWithBreadcrumb =
    typeof OriginalSourceTextModule === 'function'
      ? new Proxy(OriginalSourceTextModule, {
          construct(target, args: unknown[], newTarget) {
            let code: string | null = null;
            try {
              const options = args[1] as { identifier?: unknown; context?: unknown } | undefined;
              const identifier = typeof options?.identifier === 'string' ? options.identifier : undefined;
              const file = identifier?.startsWith('file:') ? fileURLToPath(identifier) : identifier;
              code = typeof args[0] === 'string' ? instrumentedBody(args[0], file, 'module', 0) : null;
              if (code !== null) prepareContext(options?.context);
            } catch {
              code = null;
            }
            const raised = allowWrapperFrame();
            try {
              return Reflect.construct(target, code === null ? args : [code, ...args.slice(1)], newTarget) as object;
            } finally {
              restoreStackLimit(raised);
            }
          },
        })
      : undefined;

  const runInContextDescriptor = Object.getOwnPropertyDescriptor(OriginalScript.prototype, 'runInContext');
  Object.defineProperty(OriginalScript.prototype, 'runInContext', { ...runInContextDescriptor, value: runInContext });
  vmModule.Script = ScriptWithBreadcrumb;
  vmModule.compileFunction = compileFunction as typeof vm.compileFunction;
  vmModule.runInThisContext = runInThisContext as typeof vm.runInThisContext;
  vmModule.runInContext = runCodeInContext as typeof vm.runInContext;
  if (SourceTextModuleWithBreadcrumb !== undefined) vmModule.SourceTextModule = SourceTextModuleWithBreadcrumb;
  syncBuiltinExports();
  hideWrapperFrames(__filename);
  return () => {
    if (runInContextDescriptor !== undefined) Object.defineProperty(OriginalScript.prototype, 'runInContext', runInContextDescriptor);
    if (vmModule.Script === ScriptWithBreadcrumb) vmModule.Script = OriginalScript;
    if (vmModule.compileFunction === compileFunction) vmModule.compileFunction = originalCompileFunction;
    if (vmModule.runInThisContext === runInThisContext) vmModule.runInThisContext = originalRunInThisContext;
    if (vmModule.runInContext === runCodeInContext) vmModule.runInContext = originalRunCodeInContext;
    if (SourceTextModuleWithBreadcrumb !== undefined && vmModule.SourceTextModule === SourceTextModuleWithBreadcrumb) vmModule.SourceTextModule = OriginalSourceTextModule;
    syncBuiltinExports();
  };
}

/** `replacement`, with the `length` of the function it stands in for (its name is the same already). */
function withLengthOf<F extends Function>(original: Function, replacement: F): F {
  Object.defineProperty(replacement, 'length', { value: original.length });
  return replacement;
}
