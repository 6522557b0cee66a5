// The spool of a built program after it ran: files only its owner can read, ingested from a folder
// copied off another machine (--from, --keep), idempotently, by every query/list first when they wait
// in the project's own spool folder, and refused (left in place, exit 1) when another Breadcrumb
// version wrote them.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, encodeJsonFrame, FrameType, type ProcessStart } from '../../core/src/spool/format.js';
import { makeCli, type Cli } from './cli-harness.js';

let cli: Cli;
let work: string;
let out: string;

function runBuilt(env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(out, 'main.js')], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: work, BREADCRUMB_HOME: cli.home, ...env },
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
}

const spoolFiles = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.bcspool')) : []);
const runCount = () => cli.json<{ runs: unknown[] }>(['list', '-c', 'staged']).runs.length;

beforeAll(() => {
  cli = makeCli();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-build-ingest-'));
  out = path.join(work, 'out');
  expect(cli.run(['init', 'staged']).status).toBe(0);
  const built = cli.run(['build', '-c', 'staged', '--out', out, 'examples/basic']);
  expect(built.status, built.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(cli.home, { recursive: true, force: true });
});

describe('ingesting what a built program spooled', () => {
  it('writes spool files only the owner can read, where BREADCRUMB_SPOOL_DIR says', () => {
    const machine = path.join(work, 'machine-b');
    runBuilt({ BREADCRUMB_SPOOL_DIR: machine });
    expect(fs.statSync(machine).mode & 0o777).toBe(0o700);
    const files = spoolFiles(machine);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(fs.statSync(path.join(machine, file)).mode & 0o777).toBe(0o600);
  });

  it('ingests a copied folder with --keep, adds nothing the second time, and removes the files without it', () => {
    const copy = path.join(work, 'copied');
    fs.cpSync(path.join(work, 'machine-b'), copy, { recursive: true });
    type Ingest = { from: string; kept: boolean; runs: number[]; ingested: Array<{ folder: string; run_id: number | null; events: number; processes: number }> };
    const first = cli.json<Ingest>(['ingest', '-c', 'staged', '--from', copy, '--keep']);
    expect(first.kept).toBe(true);
    expect(first.ingested).toHaveLength(1);
    expect(first.ingested[0]).toMatchObject({ folder: copy, run_id: null, processes: 1 });
    expect(first.ingested[0]!.events).toBeGreaterThan(0);
    expect(spoolFiles(copy).length).toBeGreaterThan(0);
    expect(runCount()).toBe(1);
    const run = cli.json<{ runs: Array<{ command: string; started_at: string; ended_at: string; status: string }> }>(['list', '-c', 'staged']).runs[0]!;
    expect(run).toMatchObject({ status: 'completed', command: expect.stringContaining(path.join(out, 'main.js')) });
    expect(Date.parse(run.ended_at)).toBeGreaterThanOrEqual(Date.parse(run.started_at));
    // the runs to query next: the one the process became
    expect(first.runs).toEqual([(run as unknown as { id: number }).id]);

    const again = cli.json<Ingest>(['ingest', '-c', 'staged', '--from', copy]);
    expect(again.ingested[0]).toMatchObject({ events: 0, processes: 0 });
    expect(again.runs).toEqual([]);
    expect(runCount()).toBe(1);
    expect(spoolFiles(copy)).toEqual([]);
  });

  it('every list and query first ingests what waits in the project spool folder, and says so', () => {
    runBuilt();
    const listed = cli.run(['list', '-c', 'staged']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stderr).toMatch(/ingested .* from .*spool.*staged.*: \d+ events/);
    expect((JSON.parse(listed.stdout) as { runs: unknown[] }).runs).toHaveLength(2);
    runBuilt();
    const queried = cli.run(['query', '-c', 'staged', '--call', 'multiply']);
    expect(queried.status, queried.stderr).toBe(0);
    expect(queried.stderr).toMatch(/ingested .* from .*spool.*staged/);
    // one call per run, the run just spooled included
    expect((JSON.parse(queried.stdout) as { total_calls: number }).total_calls).toBe(3);
  });

  it('refuses a spool of an incompatible version: exit 1, one line, the file left in place', () => {
    const machine = path.join(work, 'machine-b');
    const source = path.join(machine, spoolFiles(machine)[0]!);
    const start = decodeFrames(new Uint8Array(fs.readFileSync(source))).frames[0]!.body as ProcessStart;
    const future = path.join(work, 'future');
    fs.mkdirSync(future);
    const file = path.join(future, '777.0.1700000000000.0.0.bcspool');
    fs.writeFileSync(file, encodeJsonFrame(FrameType.ProcessStart, { ...start, processKey: '777.0.1700000000000.0', formatVersion: 99 }));
    const refused = cli.run(['ingest', '-c', 'staged', '--from', future]);
    expect(refused.status).toBe(1);
    const lines = refused.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(
      /^breadcrumb: refused 1 spool file\(s\) .* incompatible Breadcrumb version \(left in place\): .*spool format version 99 is not supported .* ingest it with the Breadcrumb version that recorded it$/,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(file)).toBe(true);
    expect(runCount()).toBe(3);
  });
});
