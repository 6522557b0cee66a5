import { describe, expect, it } from 'vitest';
import { moduleIdOf, packageOfModuleId } from './module-id.js';

describe('moduleIdOf', () => {
  const root = '/home/u/app';
  it.each([
    ['/home/u/app/src/pay.js', './src/pay.js'],
    ['file:///home/u/app/main.mjs', './main.mjs'],
    ['/home/u/app/node_modules/axios/lib/core.js', 'axios/lib/core.js'],
    ['/home/u/app/node_modules/.pnpm/axios@1.7.0/node_modules/axios/index.js', 'axios/index.js'],
    ['/home/u/app/node_modules/@scope/pkg/dist/a.js', '@scope/pkg/dist/a.js'],
    ['/home/u/app/node_modules/a/node_modules/b/x.js', 'b/x.js'],
    ['node:fs', 'node:fs'],
    ['/elsewhere/tool.js', '/elsewhere/tool.js'],
  ])('%s -> %s', (file, id) => {
    expect(moduleIdOf(file, root)).toBe(id);
  });

  it('names the package of a module id', () => {
    expect(packageOfModuleId('axios/lib/core.js')).toBe('axios');
    expect(packageOfModuleId('@scope/pkg/dist/a.js')).toBe('@scope/pkg');
    expect(packageOfModuleId('./src/a.js')).toBeNull();
    expect(packageOfModuleId('node:fs')).toBeNull();
  });
});
