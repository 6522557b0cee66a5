import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuntimeSettings } from './runtime-settings.js';

const HOME = '/tmp/bc-home';

describe('loadRuntimeSettings', () => {
  it('defaults to the project files, spooled under BREADCRUMB_HOME, without a run', () => {
    const { settings, warnings } = loadRuntimeSettings({ BREADCRUMB_HOME: HOME }, '/app');
    expect(warnings).toEqual([]);
    expect(settings).toMatchObject({
      enabled: true,
      runId: null,
      root: '/app',
      include: ['./**'],
      spoolDir: path.join(HOME, 'spool', 'default'),
      cacheDir: path.join(HOME, 'cache'),
    });
  });

  it('reads BREADCRUMB_SETTINGS and lets the documented variables win', () => {
    const json = JSON.stringify({ runId: 7, project: 'app', include: ['**'], sampleRate: 1, spoolDir: '/s' });
    const { settings } = loadRuntimeSettings({ BREADCRUMB_SETTINGS: json, BREADCRUMB_SAMPLE_RATE: '0.25', BREADCRUMB_HOME: HOME }, '/app');
    expect(settings).toMatchObject({ runId: 7, project: 'app', include: ['**'], sampleRate: 0.25, spoolDir: '/s' });
    expect(loadRuntimeSettings({ BREADCRUMB_SETTINGS: json, BREADCRUMB_DB_PATH: '/data/app-traces.db' }).settings.spoolDir).toBe('/data/app-traces.spool');
    expect(loadRuntimeSettings({ BREADCRUMB_SETTINGS: json, BREADCRUMB_DB_PATH: '/d/x.db', BREADCRUMB_SPOOL_DIR: '/elsewhere' }).settings.spoolDir).toBe('/elsewhere');
    for (const off of ['false', '0', 'OFF', 'no']) expect(loadRuntimeSettings({ BREADCRUMB_ENABLED: off }).settings.enabled).toBe(false);
    expect(loadRuntimeSettings({ BREADCRUMB_ENABLED: 'true' }).settings.enabled).toBe(true);
  });

  it('takes every capture limit from the run settings, max_values included', () => {
    const json = JSON.stringify({ capture: { maxDepth: 3, maxKeys: 12, maxItems: 10, maxStringLength: 100, maxValues: 40 } });
    expect(loadRuntimeSettings({ BREADCRUMB_SETTINGS: json }).settings.capture).toMatchObject({
      maxDepth: 3,
      maxKeys: 12,
      maxItems: 10,
      maxStringLength: 100,
      maxValues: 40,
    });
  });

  it('never throws on bad input: defaults per field, and a warning that says what to do', () => {
    const broken = loadRuntimeSettings({ BREADCRUMB_SETTINGS: '{not json' });
    expect(broken.settings.enabled).toBe(true);
    expect(broken.warnings[0]).toMatch(/BREADCRUMB_SETTINGS is not valid JSON/);
    const mistyped = loadRuntimeSettings({ BREADCRUMB_SETTINGS: JSON.stringify({ include: 'src', capture: { maxDepth: -1, enabled: false } }) });
    expect(mistyped.settings.include).toEqual(['./**']);
    expect(mistyped.settings.capture).toMatchObject({ enabled: false, maxDepth: 4 });
    expect(mistyped.warnings).toEqual([
      'BREADCRUMB_SETTINGS.include has the wrong type; using the default',
      'BREADCRUMB_SETTINGS.capture.maxDepth has the wrong type; using the default',
    ]);
    const rate = loadRuntimeSettings({ BREADCRUMB_SAMPLE_RATE: '2' });
    expect(rate.settings.sampleRate).toBe(1);
    expect(rate.warnings[0]).toMatch(/between 0 and 1/);
  });
});
