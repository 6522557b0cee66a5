import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EsmTransform } from './esm-transform.js';
import { requireEsmSources } from './require-esm-sources.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-require-esm-'));
const write = (name: string, text: string): string => {
  const file = path.join(folder, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

/** Replaces `'plain'` by `'changed'` in what it is given, and notes the urls. */
function markingTransform(seen: string[]): EsmTransform {
  return ((url, result) => {
    seen.push(url);
    return { ...result, source: Buffer.from(result.source as Buffer).toString('utf8').replace("'plain'", "'changed'") };
  }) as EsmTransform;
}

const original = fs.readFileSync;
afterEach(() => {
  fs.readFileSync = original;
});

describe('requireEsmSources', () => {
  it("gives the program Node's own readFileSync while a require(esm) runs, and puts the property back after", () => {
    const sources = requireEsmSources(markingTransform([]), () => false);
    sources.begin();
    sources.begin();
    expect(Object.getOwnPropertyDescriptor(fs, 'readFileSync')!.get).toBeTypeOf('function');
    expect(fs.readFileSync).toBe(original);
    const { readFileSync } = fs;
    expect(readFileSync).toBe(original);
    expect(fs.readFileSync(write('a.txt', 'x'), 'utf8')).toBe('x');
    sources.end();
    expect(Object.getOwnPropertyDescriptor(fs, 'readFileSync')!.get).toBeTypeOf('function');
    sources.end();
    expect(Object.getOwnPropertyDescriptor(fs, 'readFileSync')).toMatchObject({ value: original, writable: true, enumerable: true, configurable: true });
  });

  it('keeps a function the program assigns meanwhile (graceful-fs)', () => {
    const sources = requireEsmSources(markingTransform([]), () => false);
    sources.begin();
    const theirs = function readFileSync(...args: unknown[]) {
      return (original as (...a: unknown[]) => unknown)(...args);
    } as typeof fs.readFileSync;
    fs.readFileSync = theirs;
    expect(fs.readFileSync).toBe(theirs);
    sources.end();
    expect(fs.readFileSync).toBe(theirs);
  });

  // Node 20 reads a required module's imports itself, through fs.readFileSync; later versions run
  // module.registerHooks hooks for them instead. In a process of its own: vitest's loads modules its way.
  it.runIf(Number(process.versions.node.split('.')[0]) === 20)('instruments what Node 20 reads for the imports of a required ES module, nothing else', () => {
    write('graph/dep.mjs', "export const value = 'plain';");
    write('graph/data.cjs', "module.exports = 'plain';");
    write('graph/text.mjs', "import fs from 'node:fs';\nexport const text = fs.readFileSync(new URL('./dep.mjs', import.meta.url), 'utf8');");
    write('graph/root.mjs', "export { value } from './dep.mjs';\nexport { default as data } from './data.cjs';\nexport { text } from './text.mjs';\nexport const own = 'plain';");
    expect(requireInChild('graph/root.mjs', false)).toEqual({ loaded: { data: 'plain', own: 'plain', text: "export const value = 'plain';", value: 'changed' }, seen: ['dep.mjs', 'text.mjs'], restored: true });
  });

  it.runIf(Number(process.versions.node.split('.')[0]) === 20)('instruments a `.js` file of a package without "type" that Node finds to be a module, not CommonJS that only looks like one', () => {
    write('typeless/package.json', '{}');
    write('typeless/esm.js', "export const value = 'plain';");
    write('typeless/cjs.js', "module.exports = 'plain';");
    write('typeless/looks.js', "module.exports = `\nimport x from 'y'\n` && 'plain';");
    write('typeless/root.mjs', "export { value } from './esm.js';\nexport { default as data } from './cjs.js';\nexport { default as looks } from './looks.js';");
    expect(requireInChild('typeless/root.mjs', false)).toMatchObject({ loaded: { data: 'plain', looks: 'plain', value: 'changed' }, seen: ['esm.js'], restored: true });
  });

  it.runIf(Number(process.versions.node.split('.')[0]) === 20)('reads as it is while the instrumenter loads its own modules', () => {
    write('busy/dep.mjs', "export const value = 'plain';");
    write('busy/root.mjs', "export { value } from './dep.mjs';");
    expect(requireInChild('busy/root.mjs', true)).toEqual({ loaded: { value: 'plain' }, seen: [], restored: true });
  });
});

/** Requires `file` (in `folder`) in a node process of its own, between begin() and end(). */
function requireInChild(file: string, busy: boolean): unknown {
  const built = path.join(__dirname, '../../dist/hooks/require-esm-sources.js');
  const program = `
    const fs = require('node:fs');
    const path = require('node:path');
    const { requireEsmSources } = require(${JSON.stringify(built)});
    const seen = [];
    const sources = requireEsmSources((url, result) => {
      seen.push(path.basename(url));
      return { ...result, source: Buffer.from(result.source).toString('utf8').replace("'plain'", "'changed'") };
    }, () => ${busy});
    const original = fs.readFileSync;
    sources.begin();
    let loaded;
    try { loaded = { ...require(${JSON.stringify(path.join(folder, file))}) }; } finally { sources.end(); }
    console.log(JSON.stringify({ loaded, seen, restored: fs.readFileSync === original }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', program], { encoding: 'utf8' }));
}
