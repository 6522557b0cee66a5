// The suites make thousands of temporary folders (homes, spools, fixtures, caches), and a test that
// fails or times out leaves its own behind: one folder per test run holds them all (TMPDIR, which
// os.tmpdir() and the programs the tests start read), removed when the run ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'breadcrumb-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    fs.rmSync(root, { recursive: true, force: true });
  };
}
