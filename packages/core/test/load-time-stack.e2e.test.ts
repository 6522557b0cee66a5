// An exception thrown while CommonJS modules load prints as without Breadcrumb: the same header, the
// same number of frames, the same user frames. The CommonJS hook takes the place of Node's `.js`
// handler (a frame of the same name), so the only difference is that frame's location.
import { describe, expect, it } from 'vitest';
import { EventKind } from '../src/spool/format.js';
import { extraNodeBinaries, FIXTURES, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

/** Node's `.js` handler: named so on Node 20, `Object..js` later. */
const HANDLER_FRAME = /^( {4}at (?:Module\._extensions|Object)\.\.js) \(.*\)$/gm;

/**
 * The text with the handler's frame reduced to its name and Node's own frames to their location: on
 * Node ≥ 22 the `_compile` frame under our handler reads `Module.<anonymous>` (see cjs-hook.ts).
 */
function sameShape(stderr: string): string {
  return stderr.replace(HANDLER_FRAME, '$1').replace(/^ {4}at .* \((node:internal\/[^)]*)\)$/gm, '    at ($1)');
}

function frames(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('    at '));
}

describe('load-time exceptions', () => {
  const nodes = [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()];
  for (const { version, node } of nodes) {
    it(`keep every frame of a stack captured while modules load (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/load-time`, node };
      const plain = await runPlain(['main.js'], options);
      const traced = await runTraced(['main.js'], options);
      expect(plain.code).toBe(1);
      expect(traced.code).toBe(plain.code);
      expect(traced.stdout).toBe(plain.stdout);
      expect(frames(plain.stderr).length).toBe(10);
      expect(frames(traced.stderr).length).toBe(frames(plain.stderr).length);
      const userFrames = (stderr: string) => frames(stderr).filter((line) => line.includes('/load-time/'));
      expect(userFrames(traced.stderr)).toEqual(userFrames(plain.stderr));
      expect(sameShape(traced.stderr)).toBe(sameShape(plain.stderr));
    }, 60_000);

    it(`print an async main's rejection after its first await as without Breadcrumb (${version})`, async () => {
      const options = { cwd: `${FIXTURES}/load-time`, node };
      const plain = await runPlain(['async-main.js'], options);
      const traced = await runTraced(['async-main.js'], options);
      expect(plain.code).toBe(1);
      expect(traced.code).toBe(plain.code);
      expect(frames(traced.stderr)).toEqual(frames(plain.stderr));
      expect(sameShape(traced.stderr)).toBe(sameShape(plain.stderr));
      // The rejection's value reached the recorder through the uncaught-exception monitor.
      const root = rootProcess(traced);
      const values: string[] = [];
      for (const b of root.batches) {
        for (let i = 0; i < b.count; i++) if (b.kind[i] === EventKind.Exception) values.push(b.value[i]! >= 0 ? b.values[b.value[i]!]! : 'none');
      }
      expect(values).toHaveLength(1);
      expect(values[0]).toContain('retries must be at least 1');
    }, 60_000);
  }
});
