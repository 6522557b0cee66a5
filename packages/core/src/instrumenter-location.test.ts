import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instrumenterManifest } from './instrumenter-location.js';

describe('instrumenterManifest', () => {
  it('finds the package require() finds, its real path', () => {
    expect(instrumenterManifest()).toBe(fs.realpathSync(require.resolve('@breadcrumb/instrumenter/package.json')));
  });
});
