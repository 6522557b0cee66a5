import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPaths } from './paths.js';
import type { IngesterOptions, Store } from './store-client.js';
import { claimRunFolder, describeIngest, ingestWaitingSpool, newRunFolderName, OWNER_FILE, readRunId, releaseRunFolder, RUN_ID_FILE, writeRunId } from './waiting-spool.js';

/** Records which folders were ingested with which options; ingesting removes the spool files. */
function recordingStore(): { store: Store; calls: { folder: string; options: IngesterOptions }[] } {
  const calls: { folder: string; options: IngesterOptions }[] = [];
  const store = {
    ingester: (folder: string, options: IngesterOptions) => ({
      poll: () => ({ events: 0, files: 0 }),
      drain: () => {
        calls.push({ folder, options });
        const files = fs.readdirSync(folder).filter((f) => f.endsWith('.bcspool'));
        for (const f of files) fs.rmSync(path.join(folder, f));
        return { events: files.length * 10, files: files.length, warnings: [] };
      },
    }),
  } as unknown as Store;
  return { store, calls };
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim());
}

describe('ingestWaitingSpool', () => {
  it('ingests loose files as runId null and abandoned run folders under their run id', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-waiting-'));
    const paths = projectPaths('app', home);
    const abandoned = path.join(paths.spool, 'run-4');
    const live = path.join(paths.spool, 'run-5');
    fs.mkdirSync(abandoned, { recursive: true });
    fs.mkdirSync(live, { recursive: true });
    fs.writeFileSync(path.join(paths.spool, 'p1.0.bcspool'), 'x');
    fs.writeFileSync(path.join(abandoned, 'p2.0.bcspool'), 'x');
    fs.writeFileSync(path.join(abandoned, OWNER_FILE), `${deadPid()}\n`);
    fs.writeFileSync(path.join(live, 'p3.0.bcspool'), 'x');
    fs.writeFileSync(path.join(live, OWNER_FILE), `${process.ppid}\n`); // a live process owns it
    const reused = path.join(paths.spool, 'run-6');
    fs.mkdirSync(reused);
    fs.writeFileSync(path.join(reused, 'p4.0.bcspool'), 'x');
    fs.writeFileSync(path.join(reused, OWNER_FILE), `${process.ppid} 1\n`); // the pid lives, but started later: reused

    const { store, calls } = recordingStore();
    const done = ingestWaitingSpool(store, paths);
    expect(calls).toEqual([
      { folder: paths.spool, options: { runId: null, project: 'app', keep: undefined } },
      { folder: abandoned, options: { runId: 4, project: 'app', keep: undefined } },
      { folder: reused, options: { runId: 6, project: 'app', keep: undefined } },
    ]);
    expect(done.map((d) => d.runId)).toEqual([null, 4, 6]);
    expect(fs.existsSync(abandoned)).toBe(false); // emptied, so removed
    expect(fs.existsSync(path.join(live, 'p3.0.bcspool'))).toBe(true); // left to its CLI
  });

  it('ingests an abandoned run-at-<ms>-<pid> folder under the run id written in it, or as runs of its own without one', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-waiting-'));
    const paths = projectPaths('app', home);
    const recorded = path.join(paths.spool, newRunFolderName(2000, 11));
    const unrecorded = path.join(paths.spool, newRunFolderName(1000, 12));
    const legacy = path.join(paths.spool, 'run-9');
    for (const folder of [recorded, unrecorded, legacy]) {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'p.0.bcspool'), 'x');
      fs.writeFileSync(path.join(folder, OWNER_FILE), `${deadPid()}\n`);
    }
    writeRunId(recorded, 31);
    expect(readRunId(recorded)).toBe(31);
    const { store, calls } = recordingStore();
    const done = ingestWaitingSpool(store, paths);
    // Oldest first: run-<id> folders, then run-at folders by start time.
    expect(calls.map((c) => [c.folder, c.options.runId])).toEqual([
      [legacy, 9],
      [unrecorded, null],
      [recorded, 31],
    ]);
    expect(done.map((d) => d.unrecordedRun ?? false)).toEqual([false, true, false]);
    for (const folder of [recorded, unrecorded, legacy]) expect(fs.existsSync(folder)).toBe(false);
  });

  it('reads no run id from a missing, partial or odd run id file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-runid-'));
    expect(readRunId(dir)).toBeNull();
    for (const text of ['', '12x', '-3', '0', '1.5']) {
      fs.writeFileSync(path.join(dir, RUN_ID_FILE), text);
      expect(readRunId(dir)).toBeNull();
    }
  });

  it('reports a folder it cannot ingest, leaves its files, and goes on with the others', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-waiting-'));
    const paths = projectPaths('app', home);
    for (const run of ['run-1', 'run-2']) {
      fs.mkdirSync(path.join(paths.spool, run), { recursive: true });
      fs.writeFileSync(path.join(paths.spool, run, 'p.0.bcspool'), 'x');
    }
    const { store: working } = recordingStore();
    const store = {
      ingester: (folder: string, options: IngesterOptions) => {
        if (options.runId === 1) throw new Error('spool format 9 is newer than this Breadcrumb\nsecond line');
        return working.ingester(folder, options);
      },
    } as unknown as Store;
    const done = ingestWaitingSpool(store, paths);
    expect(done.map((d) => [d.runId, d.error])).toEqual([
      [1, 'spool format 9 is newer than this Breadcrumb'],
      [2, undefined],
    ]);
    expect(fs.existsSync(path.join(paths.spool, 'run-1', 'p.0.bcspool'))).toBe(true);
  });

  it('does nothing when the project has no spool folder', () => {
    const { store, calls } = recordingStore();
    expect(ingestWaitingSpool(store, projectPaths('none', fs.mkdtempSync(path.join(os.tmpdir(), 'bc-waiting-'))))).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('claim/release: a released empty folder disappears, one with data stays', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-claim-'));
    claimRunFolder(dir);
    expect(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+\\n$`));
    fs.writeFileSync(path.join(dir, 'p.0.bcspool'), 'x');
    releaseRunFolder(dir);
    expect(fs.existsSync(path.join(dir, 'p.0.bcspool'))).toBe(true);
    fs.rmSync(path.join(dir, 'p.0.bcspool'));
    writeRunId(dir, 4);
    releaseRunFolder(dir);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('describes ingest counters for people', () => {
    expect(describeIngest({ events: 1204, files: 2, processes: 1, warnings: [] })).toBe('1,204 events, 2 files, 1 processes');
    expect(describeIngest({ warnings: ['truncated frame'] })).toBe('1 warning(s): truncated frame');
  });
});
