import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { instrument } from '@breadcrumb/instrumenter';
import { readInputSourceMap, sourceMapComment } from './input-source-map.js';

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('readInputSourceMap', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-input-map-'));
  const code = path.join(dir, 'dist', 'a.js');
  fs.mkdirSync(path.dirname(code), { recursive: true });

  it('reads a map file next to the code and makes its relative sources absolute', () => {
    fs.writeFileSync(`${code}.map`, JSON.stringify({ version: 3, sources: ['../src/a.ts'], mappings: 'AAAA' }));
    const read = readInputSourceMap('x;\n//# sourceMappingURL=a.js.map\n', code);
    expect(read).toEqual({ map: { version: 3, sources: [path.join(dir, 'src', 'a.ts')], mappings: 'AAAA' }, file: `${code}.map` });
  });

  it('resolves sources against the map file folder, not the code folder', () => {
    fs.mkdirSync(path.join(dir, 'maps'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'maps', 'a.map'), JSON.stringify({ version: 3, sources: ['b.ts'], mappings: '' }));
    const read = readInputSourceMap('x;\n//# sourceMappingURL=../maps/a.map', code);
    expect(read?.map.sources).toEqual([path.join(dir, 'maps', 'b.ts')]);
    expect(read?.file).toBe(path.join(dir, 'maps', 'a.map'));
  });

  it('keeps absolute sources and URLs, applies and drops sourceRoot', () => {
    const map = { version: 3, sourceRoot: '../lib/', sources: ['c.ts', '/abs/d.ts', 'webpack://app/e.ts'], mappings: '' };
    const read = readInputSourceMap(`x;\n//# sourceMappingURL=data:application/json;base64,${base64(map)}`, code);
    expect(read?.file).toBeNull();
    expect(read?.map.sources).toEqual([path.join(dir, 'lib', 'c.ts'), '/abs/d.ts', 'webpack://app/e.ts']);
    expect(read?.map).not.toHaveProperty('sourceRoot');
    const urlRoot = { version: 3, sourceRoot: 'https://example.com/src', sources: ['f.ts'], mappings: '' };
    expect(readInputSourceMap(`//# sourceMappingURL=data:application/json;base64,${base64(urlRoot)}`, code)?.map.sources).toEqual([
      'https://example.com/src/f.ts',
    ]);
  });

  it('reads an inline map that is URL-encoded rather than base64', () => {
    const map = { version: 3, sources: ['g.ts'], mappings: '' };
    const read = readInputSourceMap(`//# sourceMappingURL=data:application/json,${encodeURIComponent(JSON.stringify(map))}`, code);
    expect(read?.map.sources).toEqual([path.join(dir, 'dist', 'g.ts')]);
  });

  it('finds an inline map longer than any tail, and one followed by other line comments (vitest)', () => {
    const map = { version: 3, sources: ['h.ts'], mappings: 'AAAA;'.repeat(5000), names: [] };
    const inline = `//# sourceMappingURL=data:application/json;base64,${base64(map)}`;
    expect(inline.length).toBeGreaterThan(20_000);
    expect(readInputSourceMap(`x;\n${inline}\n`, code)?.map.sources).toEqual([path.join(dir, 'dist', 'h.ts')]);
    const vitest = `x;\n${inline}\n\n//# vitestCache=eyJ4IjoxfQ==\n`;
    expect(readInputSourceMap(vitest, code)?.map.sources).toEqual([path.join(dir, 'dist', 'h.ts')]);
    expect(sourceMapComment(vitest)).toEqual({ url: inline.slice('//# sourceMappingURL='.length), start: 3, end: 3 + inline.length });
    // the last comment is the file's
    expect(sourceMapComment('x;\n//# sourceMappingURL=a.map\n//# sourceMappingURL=b.map')?.url).toBe('b.map');
    // code after it: not the file's map (nor is the text in a string)
    expect(sourceMapComment(`x;\n${inline}\ny();`)).toBeNull();
    expect(sourceMapComment('const s = "sourceMappingURL=a.map";')).toBeNull();
  });

  it('is null for no comment, a missing map file, broken JSON, or JSON that is not a map', () => {
    expect(readInputSourceMap('x;', code)).toBeNull();
    expect(readInputSourceMap('x;\n//# sourceMappingURL=missing.map', code)).toBeNull();
    expect(readInputSourceMap('x;\n//# sourceMappingURL=data:application/json;base64,e30x', code)).toBeNull();
    expect(readInputSourceMap(`x;\n//# sourceMappingURL=data:application/json;base64,${base64({ hello: 1 })}`, code)).toBeNull();
    // a comment that is not at the end is not the file's map
    expect(readInputSourceMap('//# sourceMappingURL=a.js.map\nx;', code)).toBeNull();
  });

  it('gives the function table the original file as an absolute path, wherever the map lives', () => {
    // dist/b.js, compiled from src/b.ts: `export function total(a) {` at line 3 of the source
    fs.writeFileSync(path.join(dir, 'maps', 'b.js.map'), JSON.stringify({ version: 3, sources: ['../src/b.ts'], mappings: 'AAEA' }));
    const generated = 'function total(a) { return a; }\n//# sourceMappingURL=../maps/b.js.map\n';
    const file = path.join(dir, 'dist', 'b.js');
    const input = readInputSourceMap(generated, file);
    const { functions } = instrument(generated, { filename: file, moduleId: './dist/b.js', sourceType: 'script', inputSourceMap: input!.map as never });
    expect(functions[0]).toMatchObject({ name: 'total', file: path.join(dir, 'src', 'b.ts'), line: 3 });
  });
});
