import { describe, expect, it } from 'vitest';
import { init, InitOptionsError } from './init.js';

describe('init(options)', () => {
  it('refuses an option it does not know, before starting anything', () => {
    expect(() => init({ sample_rate: 0.5 } as never)).toThrow(InitOptionsError);
    expect(() => init({ sample_rate: 0.5 } as never)).toThrow(
      "init(): unknown option 'sample_rate'; the options are enabled, include, exclude, sampleRate, dbPath, root, project",
    );
    expect(() => init({ sampleRate: 2 })).toThrow('init(): sampleRate must be a number between 0 and 1');
  });
});
