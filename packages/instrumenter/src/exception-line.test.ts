import { describe, expect, it } from 'vitest';
import { EXCEPTION_LINE_MARK, mayMarkExceptionLine, namesSourceMap, sourceDigest } from './exception-line.js';
import { instrument } from './index.js';

const opts = { filename: '/app/src/mod.js', moduleId: './src/mod.js', sourceType: 'script' as const, markExceptionLines: true };
const INSERTION = /\/\*@bc\*\/[\s\S]*?\/\*bc@\*\//g;

describe('lines marked for the uncaught exception header', () => {
  it('may be marked unless they throw anything but a new error', () => {
    expect(mayMarkExceptionLine('  return a.b(c);')).toBe(true);
    expect(mayMarkExceptionLine("  if (!x) throw new TypeError('bad ' + f(x));")).toBe(true);
    expect(mayMarkExceptionLine('  throw new errors.HttpException(404);')).toBe(true);
    expect(mayMarkExceptionLine('  const rethrowAll = () => 1;')).toBe(true);
    expect(mayMarkExceptionLine('  throw err;')).toBe(false);
    expect(mayMarkExceptionLine('  throw createError(404);')).toBe(false);
    expect(mayMarkExceptionLine('  throw new Response(null, { status: 302 });')).toBe(false);
    expect(mayMarkExceptionLine("  if (a) throw new Error('x'); else throw b;")).toBe(false);
    expect(mayMarkExceptionLine('  gen.throw(new Error())')).toBe(false); // text, not syntax: unmarked is always safe
  });

  it('carry the mark inside their last insertion, so removing the insertions still gives back the source', () => {
    const source = ['const f = () => g();', 'function h(e) {', '  if (e) throw e;', '  return k(e);', '}', 'const plain = 1;'].join('\n');
    const { code } = instrument(source, opts);
    const lines = code.split('\n');
    expect(lines[0]!.split(EXCEPTION_LINE_MARK).length).toBe(2); // once a line
    expect(lines[0]).toMatch(/\/\*node-do-not-add-exception-line\*\/\/\*bc@\*\/;$/);
    expect(lines[2]).not.toContain(EXCEPTION_LINE_MARK);
    expect(lines[3]).toContain(EXCEPTION_LINE_MARK);
    expect(lines[5]).toBe('const plain = 1;');
    expect(code.slice(0, code.lastIndexOf('\n', code.length - 2)).replace(INSERTION, '')).toBe(source);
    expect(code).toContain(`"l":"${sourceDigest(source)}"`);
  });

  it('are not marked in builds, through the plugin, or in a module that names a source map', () => {
    const source = 'const f = () => g();\n';
    expect(instrument(source, { ...opts, markExceptionLines: false }).code).not.toContain(EXCEPTION_LINE_MARK);
    // built from parts: vitest strips a source map comment from a test file's text, strings included
    const mapped = `${source}//# ${'sourceMapping'}URL=data:application/json;base64,e30=\n`;
    expect(namesSourceMap(mapped)).toBe(true);
    const { code } = instrument(mapped, opts);
    expect(code).not.toContain(EXCEPTION_LINE_MARK);
    expect(code).not.toContain('"l":');
  });

  it('name the source they were made from by its length and hash', () => {
    expect(sourceDigest('abc')).toBe(sourceDigest('abc'));
    expect(sourceDigest('abc')).not.toBe(sourceDigest('abd'));
    expect(sourceDigest('abc').startsWith('3:')).toBe(true);
  });
});
