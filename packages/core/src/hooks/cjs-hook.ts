// CommonJS: every `require`d file (and every file other require hooks such as ts-node, tsx or
// @babel/register compile) goes through Module.prototype._compile with its final JavaScript source, so
// wrapping it sees what will actually run, whichever hook came first.
import Module from 'node:module';
import type { ModuleFilter } from './module-filter.js';
import type { ModuleTransformer } from './transform.js';

type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;

export function installCjsHook(filter: ModuleFilter, transformer: ModuleTransformer): () => void {
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function compileWithBreadcrumb(this: Module, content: string, filename: string, ...rest: unknown[]) {
    return original.call(this, instrumented(content, filename, rest[0]), filename, ...rest);
  };
  function instrumented(content: string, filename: string, format: unknown): string {
    try {
      if (transformer.busy || typeof content !== 'string') return content;
      // Node ≥ 22 passes a format: 'module' for require(esm); TypeScript formats are not JavaScript yet.
      if (typeof format === 'string' && format !== 'commonjs' && format !== 'module') return content;
      const module = filter.decide(filename);
      if (module === null) return content;
      return transformer.transform(content, module, format === 'module' ? 'module' : 'script') ?? content;
    } catch {
      return content;
    }
  }
  return () => {
    if (proto._compile !== original) proto._compile = original;
  };
}
