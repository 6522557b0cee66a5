// The ES modules a `require()` loads on Node 20 (require(esm), Node ≥ 20.19). Node compiles the
// required file itself through Module.prototype._compile (where cjs-hook.ts instruments it), then links
// what it imports with a synchronous loader that runs no `module.register` hooks: it reads each
// imported file with `fs.readFileSync(url)` (getSourceSync, node:internal/modules/esm/load) and compiles
// it as it is. NestJS 12, jose 6 and other packages that ship only ES modules, required from CommonJS,
// ran untraced there but for their entry file. (Node ≥ 22.15 runs `module.registerHooks` hooks for
// them, and Node 22 before that runs the hooks thread's.)
//
// So, on Node 20, while such a require runs, `fs.readFileSync` is an accessor: read by Node's ES module
// loader, it gives a function that returns an included ES module's source instrumented, as the load
// hook would have made it; read by anyone else, Node's own function, so that the program's calls (the
// modules of the graph run inside the require) have no frame of ours in their stacks. The accessor
// goes as the outermost require returns; a function the program assigns meanwhile (graceful-fs)
// replaces it at once.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { currentCallSites } from '../recorder/stack-positions.js';
import { hideWrapperFrames } from '../recorder/wrapper-frames.js';
import type { EsmTransform } from './esm-transform.js';
import { hasModuleSyntax } from './esm-on-demand.js';
import { detectsModuleSyntax } from './node-flags.js';
import { packageTypeOf } from './package-type.js';

type ReadFileSync = (this: unknown, ...args: unknown[]) => unknown;

/** The module whose getSourceSync reads an imported module's file for the synchronous loader. */
const ESM_LOAD_MODULE = 'node:internal/modules/esm/load';

export interface RequireEsmSources {
  /** Node is about to compile a required ES module: what its loader reads now may be instrumented. */
  begin(): void;
  /** That require returned or threw. */
  end(): void;
}

/**
 * `transform`: the load hook's transform (esm-transform.ts), given the url and what Node read;
 * `busy`: whether the instrumenter is loading its own modules (their reads are never ours to change).
 */
export function requireEsmSources(transform: EsmTransform, busy: () => boolean): RequireEsmSources {
  let depth = 0;
  let original: ReadFileSync | null = null;
  let saved: PropertyDescriptor | undefined;

  /** What the loader calls: Node's function, and the source instrumented when it is an included module. */
  const readFileSync: ReadFileSync = function readFileSync(this: unknown, ...args: unknown[]) {
    const source = original!.apply(this, args);
    if (args.length !== 1 || !(args[0] instanceof URL) || args[0].protocol !== 'file:' || busy()) return source;
    return instrumented(args[0], source) ?? source;
  };
  // a read that throws inside it shows Node's frames only: this one is told by its file
  hideWrapperFrames(__filename);

  const accessor: PropertyDescriptor = {
    configurable: true,
    enumerable: true,
    get: function readFileSyncFor() {
      return calledByEsmLoader(readFileSyncFor) ? readFileSync : original;
    },
    set(value: unknown) {
      Object.defineProperty(fs, 'readFileSync', { value, writable: true, configurable: true, enumerable: true });
    },
  };

  /** The instrumented source, as bytes as Node read them; null when the file stays as it is. */
  function instrumented(url: URL, source: unknown): Buffer | null {
    try {
      if (!Buffer.isBuffer(source) || !isModuleFile(fileURLToPath(url), source)) return null;
      const result = transform(url.href, { format: 'module', source });
      return typeof result.source === 'string' ? Buffer.from(result.source) : null;
    } catch {
      return null;
    }
  }

  return {
    begin() {
      if (depth++ > 0) return;
      try {
        saved = Object.getOwnPropertyDescriptor(fs, 'readFileSync');
        if (saved === undefined || !('value' in saved) || typeof saved.value !== 'function' || !saved.configurable) return;
        original = saved.value as ReadFileSync;
        Object.defineProperty(fs, 'readFileSync', accessor);
      } catch {
        // read as it is: the modules run untraced, as before
      }
    },
    end() {
      if (depth === 0 || --depth > 0) return;
      try {
        const now = Object.getOwnPropertyDescriptor(fs, 'readFileSync');
        if (now?.get === accessor.get && saved !== undefined) Object.defineProperty(fs, 'readFileSync', saved);
      } catch {
        // it stays: every reader but Node's loader still gets Node's function
      }
    },
  };
}

/** Whether the function that reads `fs.readFileSync` (through `getter`) is Node's getSourceSync. */
function calledByEsmLoader(getter: () => unknown): boolean {
  try {
    return currentCallSites(1, getter)[0]?.getFileName?.() === ESM_LOAD_MODULE;
  } catch {
    return false;
  }
}

/**
 * Whether Node's loader compiles `file` as an ES module: `.mjs`, `.js` in a "type": "module" package,
 * or `.js` of a package without "type" whose syntax Node finds to be a module's.
 */
function isModuleFile(file: string, source: Buffer): boolean {
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  const type = packageTypeOf(file);
  return type === 'module' || (type === undefined && detectsModuleSyntax && detectedAsModule(source.toString('utf8')));
}

/**
 * V8's errors for module syntax in CommonJS (Node 20's containsModuleSyntax looks for the same):
 * import and export statements, `import.meta`, a top-level await.
 */
const MODULE_ONLY_SYNTAX = /^(?:Cannot use import statement outside a module|Unexpected token 'export'|Cannot use 'import\.meta' outside a module|await is only valid in async functions and the top level bodies of modules)$/;

/**
 * Whether Node runs `text` (a typeless `.js` file) as an ES module: it has module syntax, and does not
 * compile as CommonJS's function body because of it. Compiled, never run; a CommonJS file stays as it
 * is, for Node's CommonJS loader to instrument.
 */
function detectedAsModule(text: string): boolean {
  if (!hasModuleSyntax(text) && !text.includes('await')) return false;
  try {
    new Function('exports', 'require', 'module', '__filename', '__dirname', text);
    return false;
  } catch (error) {
    return error instanceof SyntaxError && MODULE_ONLY_SYNTAX.test(error.message);
  }
}
