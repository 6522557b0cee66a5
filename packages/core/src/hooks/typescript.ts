// Node runs TypeScript files itself (type stripping: on by default since Node 22.18 and 23.6; `node
// main.ts`): the load hooks then see TypeScript, in the formats 'module-typescript' and
// 'commonjs-typescript', and Node strips the types after them. To instrument such a file, its types are
// stripped here first, as Node would strip them (types become blanks, so every position stays where it
// is in the .ts file), and the JavaScript goes on as 'module' or 'commonjs'.
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { nodeFlags } from './node-flags.js';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

type StripTypeScriptTypes = (code: string, options?: { mode?: 'strip' | 'transform'; sourceMap?: boolean; sourceUrl?: string }) => string;

/** 'typescript': a `.ts` file of a package without "type", CommonJS unless it has module syntax. */
export type TypeScriptFormat = 'module-typescript' | 'commonjs-typescript' | 'typescript';

export function isTypeScriptFormat(format: unknown): format is TypeScriptFormat {
  return format === 'module-typescript' || format === 'commonjs-typescript' || format === 'typescript';
}

/**
 * The JavaScript Node would run for a TypeScript file, and its format (undefined: Node decides by the
 * syntax it finds); null when it cannot be had (no stripping API, or syntax only
 * `--experimental-transform-types` handles, which Node then reports).
 */
export function strippedTypeScript(
  source: string,
  format: TypeScriptFormat,
  file: string,
): { code: string; format: 'module' | 'commonjs' | undefined } | null {
  const strip = (Module as unknown as { stripTypeScriptTypes?: StripTypeScriptTypes }).stripTypeScriptTypes;
  if (typeof strip !== 'function') return null;
  const flags = nodeFlags();
  const transform = flags.includes('--experimental-transform-types');
  // Node 23 and later name a CommonJS TypeScript file by its URL in stacks (a sourceURL comment on the
  // stripped code); Node 22 by its path
  const sourceUrl = format !== 'module-typescript' && NODE_MAJOR >= 23 ? pathToFileURL(file).href : undefined;
  let code: string;
  try {
    code = withoutItsWarning(() =>
      transform
        ? strip(source, { mode: 'transform', sourceMap: flags.includes('--enable-source-maps'), sourceUrl: sourceUrl ?? file })
        : strip(source, sourceUrl === undefined ? { mode: 'strip' } : { mode: 'strip', sourceUrl }),
    );
  } catch {
    return null;
  }
  return { code, format: format === 'module-typescript' ? 'module' : format === 'commonjs-typescript' ? 'commonjs' : undefined };
}

/**
 * The public stripping API warns that it is experimental (once per process), which Node's own
 * stripping of the program's files does not: that warning would be Breadcrumb's, on the program's
 * stderr. (A program that calls `module.stripTypeScriptTypes` itself then gets no such warning either.)
 */
function withoutItsWarning<T>(run: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning?.message;
    if (typeof text === 'string' && text.startsWith('stripTypeScriptTypes is an experimental feature')) return;
    (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return run();
  } finally {
    process.emitWarning = emitWarning;
  }
}
