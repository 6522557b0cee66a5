// Writes the runtime a built program needs into `<out>/.breadcrumb/runtime/`, so that the output runs
// with plain `node` where Breadcrumb is not installed: core's standalone entry and every file it can
// require (found by following its `require("...")` calls), the npm packages those reach, the settings
// of the build, and an `index.js` every instrumented file loads. Plain CommonJS whatever the program's
// module format (a package.json with "type": "commonjs" says so).

import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { DISABLED_VALUES, ENV, type RuntimeSettings } from '@breadcrumb/core';
import { BuildRuntimeError } from './errors.js';

export const RUNTIME_FOLDER = path.join('.breadcrumb', 'runtime');
export const RUNTIME_ENTRY = 'index.js';
/** Core's entry that installs the recorder and the spool writer without load hooks. */
const CORE_STANDALONE = path.join('dist', 'standalone.js');
/** What a built program loads with recording off: Function.prototype.toString without the insertions. */
const CORE_FUNCTION_TO_STRING = path.join('dist', 'recorder', 'function-to-string.js');
/** Packages core loads only to instrument at load time: a built program never does. */
const NEVER_COPIED = new Set(['@breadcrumb/instrumenter']);

/** What the built program is told at build time; the spool folder is decided where it runs. */
export type BuildRuntimeSettings = Omit<RuntimeSettings, 'spoolDir' | 'cacheDir'>;

export interface WrittenRuntime {
  /** Absolute path of the file instrumented files load. */
  entry: string;
  files: number;
  bytes: number;
}

export function writeRuntime(out: string, settings: BuildRuntimeSettings, coreDir = locateCore()): WrittenRuntime {
  const folder = path.join(out, RUNTIME_FOLDER);
  const standalone = path.join(coreDir, CORE_STANDALONE);
  if (!fs.existsSync(standalone)) {
    throw new BuildRuntimeError(`${path.relative(process.cwd(), standalone)} is missing`);
  }
  // A fresh copy each build: files of an older Breadcrumb must not linger next to the new ones.
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const copier = new ClosureCopier(folder);
  copier.copyPackageFile(coreDir, 'core', 'package.json');
  copier.copyClosure(standalone, coreDir, 'core');
  writeText(folder, 'package.json', `${JSON.stringify({ private: true, type: 'commonjs' }, null, 2)}\n`, copier);
  writeText(folder, 'settings.json', `${JSON.stringify(settings, null, 2)}\n`, copier);
  const standaloneSpecifier = `./core/${CORE_STANDALONE.split(path.sep).join('/')}`;
  const functionToString = inlinedModule(path.join(coreDir, CORE_FUNCTION_TO_STRING));
  writeText(
    folder,
    RUNTIME_ENTRY,
    [
      "'use strict';",
      '// Written by `breadcrumb build`. Every instrumented file of the build requires this file first; the',
      '// runtime starts once per process (or stays off: BREADCRUMB_ENABLED=false) and never throws.',
      '',
      '// Each built file says where it runs from and which file its function table names, so that stack',
      "// traces get their original columns back (core's recorder/stack-positions.ts reads this map).",
      "const BUILT_FILES = Symbol.for('breadcrumb.builtFiles');",
      'exports.built = function built(file, recorded, line, column, length) {',
      '  let files = globalThis[BUILT_FILES];',
      '  if (files === undefined) {',
      '    files = new Map();',
      '    Object.defineProperty(globalThis, BUILT_FILES, { value: files, configurable: true, enumerable: false, writable: false });',
      '  }',
      '  files.set(file, { recorded, line, column, length });',
      '};',
      '',
      '// Core\'s recorder/function-to-string.js, inlined: with recording off, this file is all that loads.',
      `const functionToString = (function (exports) {\n${functionToString}\nreturn exports;\n})({});`,
      '',
      '// Recording off: nothing more is loaded (the probes find no recorder and stay no-ops).',
      `const enabled = process.env.${ENV.enabled};`,
      `const off = enabled !== undefined && ${JSON.stringify(DISABLED_VALUES)}.includes(enabled.trim().toLowerCase());`,
      'try {',
      '  if (off) {',
      "    // Functions still print their original text (the copy of a one-line body, the probes are not theirs).",
      '    functionToString.patchFunctionToString();',
      '  } else {',
      `    require(${JSON.stringify(standaloneSpecifier)}).startStandalone(require('./settings.json'));`,
      '  }',
      '} catch {',
      '  // Tracing is lost, the program is not: it runs exactly as it would unbuilt.',
      '}',
      '',
    ].join('\n'),
    copier,
  );
  return { entry: path.join(folder, RUNTIME_ENTRY), files: copier.files, bytes: copier.bytes };
}

/** The text of a compiled CommonJS module that requires nothing, without its source map comment. */
function inlinedModule(file: string): string {
  const text = fs.readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  if (REQUIRE_CALL.test(text)) throw new BuildRuntimeError(`${file} requires other modules and cannot be inlined`);
  REQUIRE_CALL.lastIndex = 0;
  return text.trimEnd();
}

function writeText(folder: string, name: string, text: string, copier: ClosureCopier): void {
  fs.writeFileSync(path.join(folder, name), text);
  copier.count(Buffer.byteLength(text));
}

export function locateCore(): string {
  try {
    return path.dirname(require.resolve('@breadcrumb/core/package.json'));
  } catch {
    throw new BuildRuntimeError('@breadcrumb/core is not installed next to the CLI');
  }
}

const REQUIRE_CALL = /\brequire\(\s*(['"])([^'"\n]+)\1\s*\)/g;

class ClosureCopier {
  files = 0;
  bytes = 0;
  private readonly copied = new Set<string>();
  private readonly packages = new Set<string>();

  constructor(private readonly folder: string) {}

  count(bytes: number): void {
    this.files++;
    this.bytes += bytes;
  }

  copyPackageFile(packageDir: string, target: string, relative: string): void {
    const source = path.join(packageDir, relative);
    if (!fs.existsSync(source)) return;
    this.copyFile(source, path.join(this.folder, target, relative));
  }

  /** Copies `file` (inside `packageDir`) and, transitively, the files and packages it requires. */
  copyClosure(file: string, packageDir: string, target: string): void {
    if (this.copied.has(file)) return;
    this.copied.add(file);
    const text = fs.readFileSync(file, 'utf8');
    this.copyFile(file, path.join(this.folder, target, path.relative(packageDir, file)));
    for (const match of text.matchAll(REQUIRE_CALL)) {
      const specifier = match[2]!;
      if (specifier.startsWith('node:') || isBuiltin(specifier)) continue;
      if (specifier.startsWith('.')) {
        const resolved = resolveRelative(path.dirname(file), specifier);
        if (resolved !== null && resolved.startsWith(packageDir + path.sep)) this.copyClosure(resolved, packageDir, target);
      } else {
        this.copyPackage(packageName(specifier), file);
      }
    }
  }

  /** Copies an npm package (without its node_modules) and its dependencies, flat under node_modules/. */
  private copyPackage(name: string, requiredFrom: string): void {
    if (NEVER_COPIED.has(name) || this.packages.has(name)) return;
    this.packages.add(name);
    const packageDir = findPackageDir(name, requiredFrom);
    const target = path.join(this.folder, 'node_modules', ...name.split('/'));
    fs.cpSync(packageDir, target, {
      recursive: true,
      dereference: true,
      filter: (source) => path.basename(source) !== 'node_modules' || source === packageDir,
    });
    for (const entry of fs.readdirSync(target, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      this.count(fs.statSync(path.join(entry.parentPath, entry.name)).size);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      this.copyPackage(dependency, path.join(packageDir, 'package.json'));
    }
  }

  private copyFile(source: string, target: string): void {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
    this.count(fs.statSync(target).size);
  }
}

function resolveRelative(folder: string, specifier: string): string | null {
  const base = path.resolve(folder, specifier);
  for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

function findPackageDir(name: string, requiredFrom: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [path.dirname(requiredFrom)] }));
  } catch {
    // packages whose "exports" hide package.json: walk up from the resolved entry
  }
  try {
    let dir = path.dirname(require.resolve(name, { paths: [path.dirname(requiredFrom)] }));
    while (!isPackageRoot(dir, name)) {
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return dir;
  } catch {
    throw new BuildRuntimeError(`the runtime needs the package '${name}', which is not installed`);
  }
}

function isPackageRoot(dir: string, name: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === name;
  } catch {
    return false;
  }
}
