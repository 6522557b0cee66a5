import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from './document.js';
import { buildRuntimeSettings, resolveRoot } from './settings.js';
import { renderTemplate } from './template.js';

const run = { project: 'app', runId: 7, spoolDir: '/h/spool/app/run-7', cwd: '/work/app', cacheDir: '/h/cache' };

describe('buildRuntimeSettings', () => {
  it('turns the default config into complete RuntimeSettings', () => {
    const config = loadConfig(parseConfig('/h/app.yaml', renderTemplate('app')));
    expect(buildRuntimeSettings(config, run)).toEqual({
      enabled: true,
      project: 'app',
      runId: 7,
      spoolDir: '/h/spool/app/run-7',
      root: '/work/app',
      include: ['./**'],
      exclude: [],
      sampleRate: 1,
      maxDetailedCallsPerFunction: 1000,
      gapIntrinsics: false,
      capture: { enabled: true, maxDepth: 4, maxKeys: 20, maxItems: 20, maxStringLength: 200, maxValues: 20, thisValues: 1 },
      redaction: { patterns: [], allowKeys: [] },
      cacheDir: '/h/cache',
      spoolFileBytes: 32 * 1024 * 1024,
      spoolMaxBytes: 512 * 1024 * 1024,
    });
  });

  it("adds the run's --include/--exclude to the config's, once each", () => {
    const yaml = "include: ['./**', 'axios/**']\nexclude: ['./test/**']\nsample_rate: 0.25\ncapture: {enabled: false}\n";
    const settings = buildRuntimeSettings(loadConfig(parseConfig('/h/app.yaml', yaml)), {
      ...run,
      extraInclude: ['axios/**', 'lodash/**'],
      extraExclude: ['./fixtures/**'],
    });
    expect(settings.include).toEqual(['./**', 'axios/**', 'lodash/**']);
    expect(settings.exclude).toEqual(['./test/**', './fixtures/**']);
    expect(settings.sampleRate).toBe(0.25);
    expect(settings.capture.enabled).toBe(false);
  });

  it('resolves root from the run directory and the home folder', () => {
    expect(resolveRoot(null, '/work/app')).toBe('/work/app');
    expect(resolveRoot('./src', '/work/app')).toBe('/work/app/src');
    expect(resolveRoot('/srv/x', '/work/app')).toBe('/srv/x');
    expect(resolveRoot('~/code', '/work/app')).toBe(path.join(os.homedir(), 'code'));
  });
});
