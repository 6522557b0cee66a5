import { describe, expect, it } from 'vitest';
import { childVariables, loadsRuntime, requireOption, withChildVariablesInPairs } from './child-environment.js';

const runtime = { registerPath: '/opt/bc/dist/register.js', settingsJson: '{"runId":1}', processKey: '10.0.5' };

describe('child environment', () => {
  it('adds the preload, the settings and the parent key to an env built from scratch', () => {
    expect(childVariables({ PATH: '/bin' }, runtime)).toEqual({
      BREADCRUMB_PARENT_KEY: '10.0.5',
      BREADCRUMB_SETTINGS: '{"runId":1}',
      NODE_OPTIONS: '--require /opt/bc/dist/register.js',
    });
  });

  it('keeps what the env already says, and appends to other NODE_OPTIONS', () => {
    expect(childVariables({ NODE_OPTIONS: '--require /opt/bc/dist/register.js', BREADCRUMB_SETTINGS: '{}' }, runtime)).toEqual({ BREADCRUMB_PARENT_KEY: '10.0.5' });
    expect(childVariables({ NODE_OPTIONS: '--max-old-space-size=100' }, runtime).NODE_OPTIONS).toBe('--max-old-space-size=100 --require /opt/bc/dist/register.js');
  });

  it('leaves a child alone that turns Breadcrumb off', () => {
    expect(childVariables({ BREADCRUMB_ENABLED: 'false' }, runtime)).toEqual({});
  });

  it('rewrites envPairs without duplicating keys', () => {
    const pairs = withChildVariablesInPairs(['PATH=/bin', 'BREADCRUMB_PARENT_KEY=old', 'A=b=c'], runtime);
    expect(pairs.filter((p) => p.startsWith('BREADCRUMB_PARENT_KEY='))).toEqual(['BREADCRUMB_PARENT_KEY=10.0.5']);
    expect(pairs).toContain('A=b=c');
    expect(pairs).toContain('NODE_OPTIONS=--require /opt/bc/dist/register.js');
  });

  it('quotes a path with spaces the way NODE_OPTIONS reads it', () => {
    expect(requireOption('/my dir/register.js')).toBe('--require "/my dir/register.js"');
    expect(loadsRuntime(['--import', '@breadcrumb/core/register'], '/x/register.js')).toBe(true);
    expect(loadsRuntime(undefined, '/x/register.js')).toBe(false);
  });
});
