import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from '@breadcrumb/instrumenter';
import { applyInsertions, insertionsOf, TransformCache } from './transform-cache.js';

const SOURCE = `#!/usr/bin/env node
'use strict';
const password = "hunter2-correct-horse";
function login(user) { try { return check(user, password) } catch { return false } }
module.exports = { login };
`;

let dir: string | null = null;
afterEach(() => {
  if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function allFileText(root: string): string {
  return fs
    .readdirSync(root, { recursive: true })
    .map((f) => path.join(root, String(f)))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

describe('transform cache', () => {
  it('stores the insertions only, never the program text, and rebuilds the exact output', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cache-'));
    const result = instrument(SOURCE, { filename: '/app/login.js', moduleId: './login.js', sourceType: 'script' });
    const cache = new TransformCache(dir);
    cache.set('ab12', { kind: 'code', code: result.code, loadsModules: false }, SOURCE, result.map);
    expect(cache.get('ab12', SOURCE)).toEqual({ kind: 'code', code: result.code, loadsModules: false });
    const stored = allFileText(dir);
    expect(stored).not.toContain('hunter2-correct-horse');
    expect(stored).toContain('__bc$'); // the insertions are there
  });

  it('keeps whether the code may load an ES module, and says not known for an entry that did not say', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cache-'));
    const cache = new TransformCache(dir);
    const code = `/*i*/${SOURCE}`;
    for (const [key, loadsModules] of [['ef56', true], ['ef57', false], ['ef58', null]] as const) {
      cache.set(key, { kind: 'code', code, loadsModules }, SOURCE);
      expect(cache.get(key, SOURCE)).toEqual({ kind: 'code', code, loadsModules });
    }
    // an entry of an earlier build: its first line is `insertions` alone
    expect(fs.readFileSync(path.join(dir, 'ef', 'ef58.js'), 'utf8')).toBe('insertions\n[[0,"/*i*/"]]');
  });

  it('does not cache output that is not the source plus insertions', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cache-'));
    const cache = new TransformCache(dir);
    cache.set('cd34', { kind: 'code', code: 'rewritten entirely', loadsModules: null }, SOURCE);
    expect(cache.get('cd34', SOURCE)).toBeNull();
    expect(allFileText(dir)).toBe('');
  });

  it('finds insertions anywhere, and refuses ones that do not fit the source', () => {
    const source = 'a;b;c';
    for (const code of ['Xa;b;c', 'a;b;cX', 'a;;b;c', 'a;X;b;Y;c', 'a;bb;c;']) {
      const insertions = insertionsOf(source, code)!;
      expect(applyInsertions(source, insertions)).toBe(code);
    }
    expect(insertionsOf(source, 'a;c')).toBeNull();
    expect(applyInsertions('short', [[10, 'x']])).toBeNull();
    expect(applyInsertions('short', [[3, 'x'], [1, 'y']])).toBeNull();
  });
});
