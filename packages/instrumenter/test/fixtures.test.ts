// Data-driven semantics suite: every folder under fixtures/ holds a program (input.js / input.mjs) and
// what it prints (expected.txt). Each runs plain and instrumented with the recorder installed: the
// output and exit code must be the same, and the recorder must have recorded its functions.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrames, EventKind, FrameType, type ModuleTable } from '../../core/src/spool/format.js';

const fixturesDir = path.join(__dirname, 'fixtures');
const hook = path.join(__dirname, 'support', 'trace-hook.cjs');

function run(dir: string, entry: string, traced: boolean, extraEnv: Record<string, string> = {}) {
  const framesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bc-fixture-')), 'frames.bin');
  const result = spawnSync(process.execPath, [...(traced ? ['--require', hook] : []), entry], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', BC_TEST_ROOT: dir, BC_TEST_FRAMES: framesFile, ...extraEnv },
    timeout: 30_000,
  });
  const frames = traced && fs.existsSync(framesFile) ? decodeFrames(new Uint8Array(fs.readFileSync(framesFile))).frames : [];
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, frames };
}

const cases = fs.readdirSync(fixturesDir).filter((name) => fs.statSync(path.join(fixturesDir, name)).isDirectory());

describe('fixtures: instrumented programs behave exactly as plain ones', () => {
  for (const name of cases) {
    const dir = path.join(fixturesDir, name);
    const entry = fs.readdirSync(dir).find((file) => /^input\.(c|m)?js$/.test(file))!;
    const expected = fs.readFileSync(path.join(dir, 'expected.txt'), 'utf8');
    it(name, () => {
      const plain = run(dir, entry, false);
      expect(plain.stdout).toBe(expected);
      for (const capture of ['0', '1']) {
        const traced = run(dir, entry, true, { BC_TEST_CAPTURE: capture });
        expect(traced.stderr).not.toMatch(/__bc\$/);
        expect(traced.stdout).toBe(expected);
        expect(traced.status).toBe(plain.status);
        // An uncaught exception: Node prints the throw line and its arrow, byte for byte as plain.
        if (fs.existsSync(path.join(dir, 'same-stderr'))) expect(traced.stderr).toBe(plain.stderr);
        const modules = traced.frames.filter((f) => f.type === FrameType.Module).map((f) => f.body as ModuleTable);
        expect(modules.length).toBeGreaterThan(0);
        const calls = traced.frames
          .filter((f) => f.type === FrameType.Events)
          .reduce((n, f) => n + Array.from((f.body as { kind: Uint8Array }).kind).filter((k) => k === EventKind.Call).length, 0);
        expect(calls).toBeGreaterThan(0);
        expect(traced.frames.some((f) => f.type === FrameType.Aggregates)).toBe(true);
      }
    });
  }
});
