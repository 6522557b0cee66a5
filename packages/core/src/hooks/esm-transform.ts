// The part of an ESM load hook that is the same for both hook APIs: given what the next loader
// returned, instrument ES modules of included files and hand everything else back untouched
// (CommonJS in particular: its source goes through the CJS compile path, never back through here).
import { ModuleFilter } from './module-filter.js';
import { ModuleTransformer } from './transform.js';
import type { EsmHookSettings } from './esm-hook-settings.js';
import { strippedTypeScript } from './typescript.js';

export interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}

export type EsmTransform = <R extends LoadResult>(url: string, result: R) => R;

export function createEsmTransform(
  settings: EsmHookSettings,
  onWarning: (message: string, file: string) => void,
  transformer?: ModuleTransformer,
): EsmTransform {
  const filter = new ModuleFilter(settings);
  const modules = transformer ?? new ModuleTransformer({ cacheDir: settings.cacheDir, gapIntrinsics: settings.gapIntrinsics, onWarning });
  return (url, result) => {
    try {
      // CommonJS TypeScript goes through the CommonJS compile path like any CommonJS (cjs-hook.ts)
      if ((result.format !== 'module' && result.format !== 'module-typescript') || result.source == null) return result;
      const module = filter.decide(url);
      if (module === null) return result;
      let source = sourceText(result.source);
      if (result.format === 'module-typescript') {
        // a TypeScript module Node runs itself: its JavaScript, instrumented, loaded as JavaScript
        const javaScript = strippedTypeScript(source, result.format, module.file);
        if (javaScript === null) return result;
        source = javaScript.code;
      }
      const code = modules.transform(source, module, 'module');
      return code === null ? result : { ...result, format: 'module', source: code };
    } catch {
      return result;
    }
  };
}

/**
 * The text Node would compile: bytes are decoded as Node decodes them (a TextDecoder, which drops a
 * leading byte order mark; Buffer's utf8 keeps it, and V8 then counts it as a column: `a.mjs:1:25`
 * where a plain run says 1:24). A string another loader returned is taken as it is, as Node does.
 */
function sourceText(source: string | ArrayBuffer | ArrayBufferView): string {
  if (typeof source === 'string') return source;
  const bytes = ArrayBuffer.isView(source) ? Buffer.from(source.buffer, source.byteOffset, source.byteLength) : Buffer.from(source);
  return new TextDecoder().decode(bytes);
}
