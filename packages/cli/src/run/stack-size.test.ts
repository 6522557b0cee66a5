import { describe, expect, it } from 'vitest';
import { withFlagsAfterArgv0 } from '@breadcrumb/core';
import { TRACED_STACK_KIB, tracedNodeFlags } from './stack-size.js';

const ROOMY = 8 * 1024 * 1024;
const FLAG = `--stack-size=${TRACED_STACK_KIB}`;

describe('tracedNodeFlags', () => {
  it('gives node, by any path, a larger stack', () => {
    expect(tracedNodeFlags(['node', 'main.js'], ROOMY)).toEqual([FLAG]);
    expect(tracedNodeFlags(['/opt/n22/bin/node', '--inspect', 'main.js'], null)).toEqual([FLAG]);
  });

  it('leaves other commands, a --stack-size of the user and a small thread stack alone', () => {
    expect(tracedNodeFlags(['npm', 'test'], ROOMY)).toEqual([]);
    expect(tracedNodeFlags(['sh', '-c', 'node main.js'], ROOMY)).toEqual([]);
    expect(tracedNodeFlags(['node', '--stack-size=4000', 'main.js'], ROOMY)).toEqual([]);
    expect(tracedNodeFlags(['node', '--stack_size', '4000', 'main.js'], ROOMY)).toEqual([]);
    expect(tracedNodeFlags(['node', 'main.js'], 2 * 1024 * 1024)).toEqual([]);
    expect(tracedNodeFlags(['node', 'main.js'], 0)).toEqual([]);
    expect(tracedNodeFlags([], ROOMY)).toEqual([]);
  });
});

describe('withFlagsAfterArgv0 (core), as run uses it', () => {
  it('puts the flags right after the program, before its own arguments', () => {
    expect(withFlagsAfterArgv0(['node', '--no-warnings', 'main.js', '--x'], [FLAG])).toEqual(['node', FLAG, '--no-warnings', 'main.js', '--x']);
    expect(withFlagsAfterArgv0(['npm', 'test'], [])).toEqual(['npm', 'test']);
  });
});
