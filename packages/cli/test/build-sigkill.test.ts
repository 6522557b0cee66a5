// A built program killed with SIGKILL (no exit handler runs) still leaves what it recorded up to the
// last flush (every 50 ms) in its spool, and `breadcrumb ingest` loads it.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeCli } from './cli-harness.js';

const cli = makeCli();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-build-kill-'));

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(cli.home, { recursive: true, force: true });
});

it('ingests what a SIGKILLed built program recorded', async () => {
  expect(cli.run(['init', 'killed']).status).toBe(0);
  const out = path.join(work, 'out');
  const built = cli.run(['build', '-c', 'killed', '--out', out, path.join(__dirname, 'fixtures/build-ticker')]);
  expect(built.status, built.stderr).toBe(0);

  const child = spawn(process.execPath, [path.join(out, 'main.js')], {
    cwd: work,
    env: { PATH: '/usr/bin:/bin', BREADCRUMB_HOME: cli.home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the built program never printed "ticking"')), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ticking')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  // Past two flush intervals: everything up to "ticking" is on disk.
  await new Promise((resolve) => setTimeout(resolve, 250));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  const ingest = cli.run(['ingest', '-c', 'killed']);
  expect(ingest.status, ingest.stderr).toBe(0);
  const answer = cli.json<{ total_calls: number; calls: Array<{ args: unknown; return_value: unknown }> }>([
    'query', '-c', 'killed', '--call', 'tick',
  ]);
  expect(answer.total_calls).toBeGreaterThanOrEqual(20);
  expect(answer.calls[0]).toMatchObject({ args: { count: 0 }, return_value: 1 });
  expect(answer.calls[19]).toMatchObject({ args: { count: 19 }, return_value: 20 });
});
