// A program that patches fs (graceful-fs replaces closeSync) or performance.now (fake timers) must not
// see Breadcrumb's own spool writes go through its patches: that ran the program's code where it never
// called it, and, that code being traced, recorded calls while a full batch was being written, which
// flushed the same batch again (less 4 with graceful-fs: one batch written 1,002 times, 1.3 GB of
// spool, and the size cap then deleted the start of the run).
import { describe, expect, it } from 'vitest';
import { callsOf, rootProcess, runPlain, runTraced } from './helpers/traced-process.js';

describe('a program that patches fs and performance.now', () => {
  it('runs as it does untraced, and each batch is spooled once, nothing dropped', async () => {
    const plain = await runPlain(['patched-fs.js']);
    // Small files: every full batch rotates the spool file (closeSync, openSync, existsSync).
    const traced = await runTraced(['patched-fs.js'], { settings: { spoolFileBytes: 64 * 1024, maxDetailedCallsPerFunction: 1_000_000 } });
    expect(plain.code).toBe(0);
    expect(traced.code).toBe(0);
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.stderr).toBe(plain.stderr);
    const root = rootProcess(traced);
    expect(root.files.length).toBeGreaterThan(3);
    const starts = root.batches.map((b) => b.seqStart);
    expect(new Set(starts).size).toBe(starts.length);
    expect(root.end?.droppedEvents ?? 0).toBe(0);
    const events = root.batches.reduce((n, b) => n + b.count, 0);
    const lastBatch = root.batches.reduce((a, b) => (b.seqStart > a.seqStart ? b : a));
    expect(events).toBe(lastBatch.seqStart + lastBatch.count);
    const calls = callsOf(root);
    expect(calls.filter((c) => c.name === 'step')).toHaveLength(40000);
    // the program's own closeSync and openSync, and nothing of ours
    expect(calls.filter((c) => c.name === 'patchedByTheProgram')).toHaveLength(2);
    expect(calls.filter((c) => c.name === 'fakeNow')).toHaveLength(0);
  }, 120_000);

  it('runs as it does untraced when it replaced JSON.stringify and JSON.parse (core-js), its functions called by it alone', async () => {
    const plain = await runPlain(['patched-json.js']);
    const traced = await runTraced(['patched-json.js']);
    expect(plain.stdout).toContain('reached=4');
    expect(traced.code).toBe(0);
    expect(traced.stdout).toBe(plain.stdout);
    expect(traced.stderr).toBe(plain.stderr);
    const calls = callsOf(rootProcess(traced));
    expect(calls.filter((c) => c.name === 'JSON.stringify')).toHaveLength(3);
    expect(calls.filter((c) => c.name === 'JSON.parse')).toHaveLength(1);
  }, 120_000);
});
