import { describe, expect, it } from 'vitest';
import { ModuleFilter } from './module-filter.js';

describe('ModuleFilter', () => {
  const filter = new ModuleFilter({ root: '/app', include: ['./src/**', 'axios/**'], exclude: ['./src/vendor/**'], neverUnder: ['/app/node_modules/@breadcrumb/core/dist'] });

  it('matches module ids against include/exclude, excludes winning', () => {
    expect(filter.decide('/app/src/pay.js')).toEqual({ moduleId: './src/pay.js', file: '/app/src/pay.js' });
    expect(filter.decide('file:///app/src/esm.mjs')).toEqual({ moduleId: './src/esm.mjs', file: '/app/src/esm.mjs' });
    expect(filter.decide('/app/node_modules/axios/lib/core.js')?.moduleId).toBe('axios/lib/core.js');
    expect(filter.decide('/app/src/vendor/x.js')).toBeNull();
    expect(filter.decide('/app/test/a.test.js')).toBeNull();
  });

  it('never instruments built-ins, non-JavaScript files, virtual modules or Breadcrumb itself', () => {
    expect(filter.decide('node:fs')).toBeNull();
    expect(filter.decide('/app/src/data.json')).toBeNull();
    expect(filter.decide('/app/src/addon.node')).toBeNull();
    expect(filter.decide('data:text/javascript,1')).toBeNull();
    expect(new ModuleFilter({ root: '/app', include: ['**'], exclude: [], neverUnder: ['/app/node_modules/@breadcrumb/core/dist'] }).decide('/app/node_modules/@breadcrumb/core/dist/register.js')).toBeNull();
  });
});
