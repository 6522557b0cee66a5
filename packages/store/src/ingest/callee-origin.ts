// Where an untraced callee came from, so that `--gaps` can say which include would trace it. The
// instrumenter records the callee as written (`axios.get`, `fs.readFileSync`, `helper`); its root
// identifier is looked up among the module's `require('x')` / `import ... from 'x'` bindings (read
// from the module's source), then among the globals. A package gets `pkg/**` as its suggestion, a
// project file its module id, built-ins and globals none (they cannot be instrumented).
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleIdOf } from '@breadcrumb/core';

export interface CalleeOrigin {
  /** `axios`, `node:fs`, `./src/helper.js`, `global`; null when it cannot be known (a local value). */
  module: string | null;
  builtin: boolean;
  suggestedInclude: string | null;
}

const BUILTINS = new Set(builtinModules.map((name) => name.replace(/^node:/, '')));
const GLOBALS = new Set(Object.getOwnPropertyNames(globalThis).concat(['require', 'module', 'exports']));

/** Local name → module specifier, from the source text of one module. */
export function importBindingsOf(source: string): Map<string, string> {
  const bindings = new Map<string, string>();
  const spec = String.raw`['"]([^'"\n]+)['"]`;
  // const x = require('x'), const x = require('x').y, let { a, b: c } = require('x')
  const requireRe = new RegExp(String.raw`(?:const|let|var)\s+(\{[^}]*\}|[\w$]+)\s*=\s*(?:await\s+)?(?:require|import)\s*\(\s*${spec}\s*\)`, 'g');
  for (const m of source.matchAll(requireRe)) addPattern(bindings, m[1]!, m[2]!);
  // x = require('x') without a declaration keyword
  const assignRe = new RegExp(String.raw`(?:^|[;\s,(])([\w$]+)\s*=\s*require\s*\(\s*${spec}\s*\)`, 'gm');
  for (const m of source.matchAll(assignRe)) if (!bindings.has(m[1]!)) bindings.set(m[1]!, m[2]!);
  // import x from 'x'; import * as x from 'x'; import x, { a as b } from 'x'; import { a } from 'x'
  const importRe = new RegExp(String.raw`import\s+(?:type\s+)?([^'";]+?)\s+from\s+${spec}`, 'g');
  for (const m of source.matchAll(importRe)) {
    for (const part of splitImportClause(m[1]!)) addPattern(bindings, part, m[2]!);
  }
  return bindings;
}

function splitImportClause(clause: string): string[] {
  const parts: string[] = [];
  const braces = clause.match(/\{[^}]*\}/);
  if (braces) parts.push(braces[0]);
  const rest = clause.replace(/\{[^}]*\}/, '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of rest) parts.push(item.replace(/^\*\s*as\s+/, ''));
  return parts;
}

function addPattern(bindings: Map<string, string>, pattern: string, specifier: string): void {
  if (!pattern.startsWith('{')) {
    bindings.set(pattern.trim(), specifier);
    return;
  }
  for (const item of pattern.slice(1, -1).split(',')) {
    const local = item.split(/\s+as\s+|:/).pop()?.trim().replace(/=.*$/, '').trim();
    if (local && /^[\w$]+$/.test(local)) bindings.set(local, specifier);
  }
}

export class CalleeOriginResolver {
  private readonly bindingsByFile = new Map<string, Map<string, string>>();

  resolve(callee: string, moduleId: string, file: string): CalleeOrigin {
    const root = callee.replace(/^(new|await)\s+/, '').match(/^[\w$]+/)?.[0];
    if (!root || root === 'this' || root === 'super') return { module: null, builtin: false, suggestedInclude: null };
    const specifier = this.bindingsOf(file).get(root);
    if (specifier !== undefined) return this.fromSpecifier(specifier, moduleId, file);
    if (GLOBALS.has(root)) return { module: 'global', builtin: true, suggestedInclude: null };
    return { module: null, builtin: false, suggestedInclude: null };
  }

  private fromSpecifier(specifier: string, moduleId: string, file: string): CalleeOrigin {
    const bare = specifier.replace(/^node:/, '');
    if (specifier.startsWith('node:') || BUILTINS.has(bare.split('/')[0]!) && BUILTINS.has(bare)) {
      return { module: `node:${bare}`, builtin: true, suggestedInclude: null };
    }
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      const target = resolveFile(specifier, file, moduleId);
      return { module: target, builtin: false, suggestedInclude: target };
    }
    const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
    return { module: pkg, builtin: false, suggestedInclude: `${pkg}/**` };
  }

  private bindingsOf(file: string): Map<string, string> {
    let bindings = this.bindingsByFile.get(file);
    if (!bindings) {
      bindings = new Map();
      try {
        bindings = importBindingsOf(fs.readFileSync(toPath(file), 'utf8'));
      } catch {
        // The file is gone or unreadable: callees stay of unknown origin.
      }
      this.bindingsByFile.set(file, bindings);
    }
    return bindings;
  }
}

function toPath(file: string): string {
  return file.startsWith('file:') ? fileURLToPath(file) : file;
}

/** The module id of a relative import, resolved like Node would from the importing file. */
function resolveFile(specifier: string, file: string, moduleId: string): string {
  const filePath = toPath(file);
  const root = projectRootOf(filePath, moduleId);
  try {
    const resolved = createRequire(filePath).resolve(specifier);
    if (root !== null) return moduleIdOf(resolved, root);
  } catch {
    // Not resolvable from here (moved, ESM-only path): fall back to the path as written.
  }
  if (moduleId.startsWith('./')) return `./${path.posix.join(path.posix.dirname(moduleId), specifier)}`;
  return path.posix.join(path.posix.dirname(moduleId), specifier);
}

/** `/p/src/a.js` with id `./src/a.js` → `/p/`. */
export function projectRootOf(filePath: string, moduleId: string): string | null {
  if (!moduleId.startsWith('./')) return null;
  const relative = moduleId.slice(2).split('/').join(path.sep);
  return filePath.endsWith(relative) ? filePath.slice(0, filePath.length - relative.length) || path.sep : null;
}
