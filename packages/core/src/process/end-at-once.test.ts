import { describe, expect, it } from 'vitest';
import { mayEndAtOnce, startedPlain } from './end-at-once.js';

const plainFacts = { execArgv: [], nodeOptions: undefined, v8Coverage: undefined };

describe('startedPlain', () => {
  it('is a start with no node flag, NODE_OPTIONS or NODE_V8_COVERAGE of the program', () => {
    expect(startedPlain(plainFacts)).toBe(true);
    expect(startedPlain({ ...plainFacts, nodeOptions: '  ' })).toBe(true);
  });

  it('is not one with any of them (an inspector, a profiler writing at the end, coverage)', () => {
    expect(startedPlain({ ...plainFacts, execArgv: ['--inspect'] })).toBe(false);
    expect(startedPlain({ ...plainFacts, execArgv: ['--cpu-prof'] })).toBe(false);
    expect(startedPlain({ ...plainFacts, nodeOptions: '--heap-prof' })).toBe(false);
    expect(startedPlain({ ...plainFacts, v8Coverage: '/tmp/coverage' })).toBe(false);
  });
});

describe('mayEndAtOnce', () => {
  const noInspector = () => undefined;

  it('ends a plain start that loaded no addon and has no inspector open', () => {
    expect(mayEndAtOnce(true, ['/app/main.js', '/app/node_modules/x/index.js'], noInspector)).toBe(true);
  });

  it('leaves the rest to Node: another start, a native addon loaded, an inspector open or unknown', () => {
    expect(mayEndAtOnce(false, [], noInspector)).toBe(false);
    expect(mayEndAtOnce(true, ['/app/main.js', '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'], noInspector)).toBe(false);
    expect(mayEndAtOnce(true, [], () => 'ws://127.0.0.1:9229/x')).toBe(false);
    expect(mayEndAtOnce(true, [], () => { throw new Error('no inspector in this build'); })).toBe(false);
  });
});
