import { describe, expect, it } from 'vitest';
import { addedNodeFlags, childVariables, hideRuntimeFromNodeOptions, loadsRuntime, requireOption, withAddedFlagsPair, withChildVariablesInPairs, withFlagsAfterArgv0 } from './child-environment.js';

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

describe('the flags a node child gets (settings.addedExecArgv)', () => {
  const withFlags = { ...runtime, nodeFlags: ['--stack-size=1900'] };

  it('go to node only, and only to a child that will be traced', () => {
    expect(addedNodeFlags(process.execPath, {}, withFlags)).toEqual(['--stack-size=1900']);
    expect(addedNodeFlags('node', {}, withFlags)).toEqual(['--stack-size=1900']);
    expect(addedNodeFlags('/usr/local/bin/nodejs', {}, withFlags)).toEqual(['--stack-size=1900']);
    expect(addedNodeFlags('/bin/sh', {}, withFlags)).toEqual([]);
    expect(addedNodeFlags('node-gyp', {}, withFlags)).toEqual([]);
    expect(addedNodeFlags('node', { BREADCRUMB_ENABLED: 'false' }, withFlags)).toEqual([]);
    expect(addedNodeFlags('node', {}, runtime)).toEqual([]);
  });

  it('go right after argv0, before the flags of the command line, which win', () => {
    expect(withFlagsAfterArgv0(['node', '--stack-size=500', 'main.js'], ['--stack-size=1900'])).toEqual(['node', '--stack-size=1900', '--stack-size=500', 'main.js']);
    expect(withFlagsAfterArgv0(['node', 'main.js'], [])).toEqual(['node', 'main.js']);
  });

  it('are listed in the child environment, and an inherited list is dropped when none were added', () => {
    expect(withAddedFlagsPair(['A=1'], ['--stack-size=1900'])).toEqual(['A=1', 'BREADCRUMB_ADDED_EXEC_ARGV=["--stack-size=1900"]']);
    expect(withAddedFlagsPair(['A=1', 'BREADCRUMB_ADDED_EXEC_ARGV=["x"]'], [])).toEqual(['A=1']);
  });
});

describe('hideRuntimeFromNodeOptions', () => {
  const register = '/opt/bc/dist/register.js';
  const hidden = (nodeOptions: string | undefined, path = register) => {
    const env: NodeJS.ProcessEnv = nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions };
    hideRuntimeFromNodeOptions(path, env);
    return env.NODE_OPTIONS;
  };

  it('removes the --require that `breadcrumb run` (quoted) or a traced parent added, and the variable with it when nothing else was there', () => {
    expect(hidden(`--require "${register}"`)).toBeUndefined();
    expect(hidden(`--require ${register}`)).toBeUndefined();
    expect(hidden(`--max-old-space-size=100 --require "${register}"`)).toBe('--max-old-space-size=100');
    expect(hidden(`--trace-warnings --require ${register}`)).toBe('--trace-warnings');
  });

  it('keeps everything else: another preload, no NODE_OPTIONS at all, a path with spaces spelled either way', () => {
    expect(hidden('--require ./other.js')).toBe('--require ./other.js');
    expect(hidden(undefined)).toBeUndefined();
    const spaced = '/opt/my bc/register.js';
    expect(hidden(`--inspect "--require" --require "${spaced}"`, spaced)).toBe('--inspect "--require"');
    expect(hidden(requireOption(spaced), spaced)).toBeUndefined();
  });
});
