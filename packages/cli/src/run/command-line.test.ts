import { describe, expect, it } from 'vitest';
import { runOptions } from '../commands/run.js';
import { splitRunArgv } from './command-line.js';
import { withRequire } from './node-options.js';

describe('splitRunArgv', () => {
  it('leaves the traced command its own flags', () => {
    expect(splitRunArgv(['-c', 'app', 'node', '--test', '-c', 'x'], runOptions)).toEqual(['-c', 'app', '--', 'node', '--test', '-c', 'x']);
    expect(splitRunArgv(['-c', 'app', '--timeout', '5', '--include', 'a/**', 'npm', 'test'], runOptions)).toEqual([
      '-c', 'app', '--timeout', '5', '--include', 'a/**', '--', 'npm', 'test',
    ]);
  });

  it('respects an explicit -- and --flag=value forms', () => {
    expect(splitRunArgv(['--project=app', '--', 'node', 'main.js'], runOptions)).toEqual(['--project=app', '--', 'node', 'main.js']);
  });

  it('returns only options when there is no command', () => {
    expect(splitRunArgv(['-c', 'app'], runOptions)).toEqual(['-c', 'app']);
  });
});

describe('withRequire', () => {
  it('appends a quoted --require to NODE_OPTIONS, once', () => {
    expect(withRequire(undefined, '/a b/r.js')).toBe('--require "/a b/r.js"');
    const once = withRequire('--max-old-space-size=100', '/x/"q".js');
    expect(once).toBe('--max-old-space-size=100 --require "/x/\\"q\\".js"');
    expect(withRequire(once, '/x/"q".js')).toBe(once);
  });
});
