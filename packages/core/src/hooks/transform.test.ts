import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModuleTransformer, type Instrumenter } from './transform.js';

function fakeInstrumenter(calls: string[]): Instrumenter {
  return {
    isInstrumented: (source) => source.startsWith('/*done*/'),
    instrument: (source, options) => {
      calls.push(options.filename);
      if (source.includes('SYNTAX ERROR')) throw new Error('Unexpected token (1:7)');
      return { code: `/*done*/${source}`, map: { version: 3 }, functions: [], callSites: [] };
    },
  };
}

const module = { moduleId: './a.js', file: '/app/a.js' };

describe('ModuleTransformer', () => {
  it('instruments on a miss, serves the disk cache on a hit (new process: new transformer)', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cache-'));
    const calls: string[] = [];
    const make = () => new ModuleTransformer({ cacheDir, gapIntrinsics: false, onWarning: () => {}, loadInstrumenter: () => fakeInstrumenter(calls) });
    expect(make().transform('let a = 1;', module, 'script')).toBe('/*done*/let a = 1;');
    expect(make().transform('let a = 1;', module, 'script')).toBe('/*done*/let a = 1;');
    expect(calls).toHaveLength(1);
    // another source, other options: other keys
    make().transform('let a = 2;', module, 'script');
    make().transform('let a = 1;', module, 'module');
    expect(calls).toHaveLength(3);
  });

  it('runs a file that fails as it is, with a warning every run, without retrying the transform', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cache-'));
    const calls: string[] = [];
    const warnings: string[] = [];
    const make = () => new ModuleTransformer({ cacheDir, gapIntrinsics: false, onWarning: (m) => warnings.push(m), loadInstrumenter: () => fakeInstrumenter(calls) });
    expect(make().transform('SYNTAX ERROR', module, 'script')).toBeNull();
    expect(make().transform('SYNTAX ERROR', module, 'script')).toBeNull();
    expect(calls).toHaveLength(1);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/runs as it is: Unexpected token/);
  });

  it('never instruments twice, and restores what Babel changes on Error', () => {
    const calls: string[] = [];
    const { stackTraceLimit } = Error;
    const transformer = new ModuleTransformer({
      cacheDir: null,
      gapIntrinsics: false,
      onWarning: () => {},
      loadInstrumenter: () => {
        Error.stackTraceLimit = 50;
        return fakeInstrumenter(calls);
      },
    });
    expect(transformer.transform('/*done*/x()', module, 'script')).toBeNull();
    expect(calls).toHaveLength(0);
    expect(Error.stackTraceLimit).toBe(stackTraceLimit);
  });

  it('is safe under concurrent writers: parallel processes fill one cache, every entry whole', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cache-'));
    const dist = path.resolve(__dirname, '../../dist/hooks/transform.js');
    const script = `
      const { ModuleTransformer } = require(${JSON.stringify(dist)});
      const t = new ModuleTransformer({ cacheDir: ${JSON.stringify(cacheDir)}, gapIntrinsics: false, onWarning() {},
        loadInstrumenter: () => ({ isInstrumented: () => false, instrument: (s) => ({ code: '/*i*/' + s, map: null, functions: [], callSites: [] }) }) });
      for (let i = 0; i < 200; i++) t.transform('x'.repeat(20000) + (i % 20), { moduleId: './a.js', file: '/a.js' }, 'script');`;
    const children = Array.from({ length: 4 }, () => spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    for (const child of children) expect(child.stderr).toBe('');
    const entries = fs.readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
    expect(entries).toHaveLength(20);
    // each entry whole: the instrumenter's one insertion, never the program's text
    for (const entry of entries) expect(fs.readFileSync(path.join(cacheDir, entry), 'utf8')).toBe('insertions\n[[0,"/*i*/"]]');
    expect(fs.readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
