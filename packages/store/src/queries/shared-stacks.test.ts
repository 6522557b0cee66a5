import { describe, expect, it } from 'vitest';
import { ProjectPaths } from './project-paths.js';
import { SharedStacks } from './shared-stacks.js';

const paths = ProjectPaths.fromModules([
  { module_id: './src/a.js', file: '/home/me/shop/src/a.js' },
  { module_id: './b.mjs', file: 'file:///home/me/shop/b.mjs' },
  { module_id: 'lodash/lodash.js', file: '/home/me/shop/node_modules/lodash/lodash.js' },
]);

describe('ProjectPaths', () => {
  it("writes a file under the project's root as its module id does, and leaves others as they are", () => {
    expect(paths.file('/home/me/shop/src/pay.ts')).toBe('./src/pay.ts');
    expect(paths.file('file:///home/me/shop/b.mjs')).toBe('./b.mjs');
    expect(paths.file('/home/me/other/x.js')).toBe('/home/me/other/x.js');
    expect(paths.file('node:internal/modules/cjs/loader')).toBe('node:internal/modules/cjs/loader');
    expect(paths.file(null)).toBe(null);
  });

  it("rewrites a stack's frames, paths and file: URLs", () => {
    const stack = 'Error: x\n    at f (/home/me/shop/src/a.js:3:9)\n    at file:///home/me/shop/b.mjs:1:1\n    at g (/opt/lib.js:1:1)';
    expect(paths.stack(stack)).toBe('Error: x\n    at f (./src/a.js:3:9)\n    at ./b.mjs:1:1\n    at g (/opt/lib.js:1:1)');
  });

  it('takes no root from a project at the filesystem root, nor from a module id that does not end its file', () => {
    const none = ProjectPaths.fromModules([{ module_id: './a.js', file: '/a.js' }, { module_id: './x.mjs?iitm=true', file: 'file:///p/x.mjs?iitm=true' }]);
    expect(none.stack('at f (/a.js:1:1) at g (/p/x.mjs:1:1)')).toBe('at f (/a.js:1:1) at g (/p/x.mjs:1:1)');
  });
});

describe('SharedStacks', () => {
  const error = (stack: unknown) => ({ $type: 'Error', class: 'Error', message: 'm', stack });
  const STACK = 'Error: m\n    at f (/home/me/shop/src/a.js:3:9)';

  it('keeps the first occurrence of a stack in an answer and points later ones at it', () => {
    const stacks = new SharedStacks(paths);
    const first = { args: { err: error(STACK) } };
    const second = { args: { e: error(STACK), list: [error(STACK)] }, this: { 'last-error': error(STACK) }, return_value: error('Error: other') };
    stacks.visitCall(first, 'calls[0]');
    stacks.visitCall(second, 'calls[1]');
    expect(first.args.err.stack).toBe('Error: m\n    at f (./src/a.js:3:9)');
    expect(second.args.e.stack).toEqual({ $same_as: 'calls[0].args.err.stack' });
    expect(second.args.list[0]!.stack).toEqual({ $same_as: 'calls[0].args.err.stack' });
    expect(second.this['last-error'].stack).toEqual({ $same_as: 'calls[0].args.err.stack' });
    expect(second.return_value.stack).toBe('Error: other');
  });

  it("shares a long stack the capture cut, and leaves a `stack` that is not an error's alone", () => {
    const stacks = new SharedStacks(paths);
    const cut = { $type: 'string', length: 5000, value: STACK, truncated: true };
    const values = { args: { a: error(cut), b: error({ ...cut }), c: { stack: STACK }, d: { stack: STACK } } };
    stacks.visitCall(values, 'events[3]');
    expect(values.args.a.stack).toEqual({ ...cut, value: 'Error: m\n    at f (./src/a.js:3:9)' });
    expect(values.args.b.stack).toEqual({ $same_as: 'events[3].args.a.stack' });
    expect(values.args.d.stack).toBe(STACK);
  });
});
