import { describe, expect, it } from 'vitest';
import { tracedPoolFlags } from './v8-pool-size.js';

describe('tracedPoolFlags', () => {
  it("gives node a pool of the cores its main thread and the ingest leave, 1 to Node's default 4", () => {
    expect(tracedPoolFlags(['node', 'main.js'], undefined, 2)).toEqual(['--v8-pool-size=1']);
    expect(tracedPoolFlags(['node', 'main.js'], undefined, 1)).toEqual(['--v8-pool-size=1']);
    expect(tracedPoolFlags(['/opt/n22/bin/node', 'main.js'], '', 4)).toEqual(['--v8-pool-size=2']);
    expect(tracedPoolFlags(['node', 'main.js'], undefined, 6)).toEqual([]);
    expect(tracedPoolFlags(['node', 'main.js'], undefined, 64)).toEqual([]);
  });

  it("leaves other commands and a pool size of the user's own alone", () => {
    expect(tracedPoolFlags(['npm', 'test'], undefined, 2)).toEqual([]);
    expect(tracedPoolFlags(['node', '--v8-pool-size=8', 'main.js'], undefined, 2)).toEqual([]);
    expect(tracedPoolFlags(['node', 'main.js'], '--max-old-space-size=512 --v8-pool-size=3', 2)).toEqual([]);
    expect(tracedPoolFlags([], undefined, 2)).toEqual([]);
  });
});
