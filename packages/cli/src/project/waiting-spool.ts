// Spool files nobody is ingesting: from pre-instrumented builds (loose files in the project's spool
// folder) or from a `breadcrumb run` whose CLI died (run folders whose owner is gone). Every query,
// report and list first ingests them, so no recorded event is ever left behind.
//
// A run folder is `run-at-<ms>-<pid>/`: `breadcrumb run` names it before the run exists in the database
// (the command starts while the database is opened), then writes the run's id into RUN_ID_FILE. A
// folder without that file belongs to a CLI that died in between: its events are ingested as runs of
// their own, one per root process, as for a build's spool. (`run-<id>/` folders, named after their run,
// come from earlier versions and are still read.)

import fs from 'node:fs';
import path from 'node:path';
import { SPOOL_FILE_EXTENSION } from '@breadcrumb/core';
import { writeFileAtomic } from '../build/write-file.js';
import { firstLineOf } from '../errors.js';
import { settleAbandonedRun, type SettledRun } from './abandoned-run.js';
import type { ProjectPaths } from './paths.js';
import type { IngestStats, Store } from './store-client.js';

/** Written into a run's spool folder by the CLI that tails it; other CLIs leave such folders alone. */
export const OWNER_FILE = 'breadcrumb-cli.pid';

/** Written into a run folder once the run exists in the database: its id, as decimal text. */
export const RUN_ID_FILE = 'breadcrumb-run.id';

const RUN_FOLDER = /^run-at-(\d+)-(\d+)$/;
const LEGACY_RUN_FOLDER = /^run-(\d+)$/;

export interface WaitingIngest {
  folder: string;
  /** The run the events were ingested into; null for loose files and for a run that was never recorded. */
  runId: number | null;
  /** True for a run folder whose CLI died before it recorded the run: its processes became runs of their own. */
  unrecordedRun?: boolean;
  stats: IngestStats;
  /** Set when the folder could not be ingested; its files were left in place. */
  error?: string;
  /** Set when this ingest let the run of a killed CLI be finished (status from its processes). */
  settled?: SettledRun;
}

export function ingestWaitingSpool(store: Store, paths: ProjectPaths, options: { keep?: boolean } = {}): WaitingIngest[] {
  const done: WaitingIngest[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(paths.spool, { withFileTypes: true });
  } catch {
    return done;
  }
  // One unreadable folder must not block the others, nor the command that asked: its files stay
  // where they are, and the problem is reported with the rest.
  const drain = (folder: string, runId: number | null, unrecordedRun = false): void => {
    const origin = unrecordedRun ? { unrecordedRun } : {};
    try {
      const stats = store.ingester(folder, { runId, project: paths.name, keep: options.keep }).drain();
      done.push({ folder, runId, ...origin, stats });
    } catch (err) {
      done.push({ folder, runId, ...origin, stats: {}, error: firstLineOf(err) });
    }
  };
  const settle = (runId: number): void => {
    const last = done.at(-1);
    if (last === undefined || last.runId !== runId || last.error !== undefined) return;
    try {
      const settled = settleAbandonedRun(store, runId);
      if (settled) last.settled = settled;
    } catch {
      // Recovering the status is a courtesy; the events are what matters, and they are in.
    }
  };
  if (entries.some((e) => e.isFile() && e.name.endsWith(SPOOL_FILE_EXTENSION))) drain(paths.spool, null);
  for (const name of runFolderNames(entries)) {
    const folder = path.join(paths.spool, name);
    if (ownerIsAlive(folder)) continue;
    if (!hasSpoolFiles(folder)) {
      removeIfOnlyOwnerLeft(folder);
      continue;
    }
    const legacy = LEGACY_RUN_FOLDER.exec(name);
    const runId = legacy !== null ? Number(legacy[1]) : readRunId(folder);
    drain(folder, runId, runId === null);
    if (runId !== null) settle(runId);
    if (!hasSpoolFiles(folder)) removeIfOnlyOwnerLeft(folder);
  }
  return done;
}

/** Run folders, oldest first: `run-<id>` ones by id, then `run-at-<ms>-<pid>` ones by start time. */
function runFolderNames(entries: fs.Dirent[]): string[] {
  const sortKey = (name: string): [number, number, number] | null => {
    const legacy = LEGACY_RUN_FOLDER.exec(name);
    if (legacy !== null) return [0, Number(legacy[1]), 0];
    const current = RUN_FOLDER.exec(name);
    return current === null ? null : [1, Number(current[1]), Number(current[2])];
  };
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, key: sortKey(entry.name) }))
    .filter((folder): folder is { name: string; key: [number, number, number] } => folder.key !== null)
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2])
    .map((folder) => folder.name);
}

/** A new run folder's name: unique per CLI process and start time, known before the run is recorded. */
export function newRunFolderName(startedAtMs: number, pid: number = process.pid): string {
  return `run-at-${startedAtMs}-${pid}`;
}

/** Records the run a folder's events belong to (written atomically: a reader sees all of it or none). */
export function writeRunId(folder: string, runId: number): void {
  writeFileAtomic(path.join(folder, RUN_ID_FILE), `${runId}\n`, 0o600);
}

/** The run id written into the folder, or null when there is none (or it is unreadable). */
export function readRunId(folder: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(folder, RUN_ID_FILE), 'utf8');
  } catch {
    return null;
  }
  const id = /^\s*(\d+)\s*$/.exec(text);
  const runId = id === null ? NaN : Number(id[1]);
  return Number.isSafeInteger(runId) && runId > 0 ? runId : null;
}

export function claimRunFolder(folder: string): void {
  fs.writeFileSync(path.join(folder, OWNER_FILE), `${process.pid} ${processStartTime(process.pid) ?? ''}\n`, { mode: 0o600 });
}

/**
 * The CLI is done with the folder: it no longer claims it, and it disappears when no spool file is
 * left. Files still in it (events that could not be ingested) are then anyone's to ingest, under the
 * run id written in it.
 */
export function releaseRunFolder(folder: string): void {
  removeFile(path.join(folder, OWNER_FILE));
  removeIfOnlyOwnerLeft(folder);
}

/**
 * Deletes a file that may already be gone. Not fs.rmSync(file, { force: true }), which loads Node's
 * rimraf at its first call and lstat()s before it unlinks: this runs after every traced command's exit.
 */
function removeFile(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Whether the CLI that claimed the folder still runs. The pid alone is not enough: pids are reused,
 * and a killed CLI may linger as a zombie; on Linux the start time in /proc tells them apart.
 */
function ownerIsAlive(folder: string): boolean {
  let owner: string[];
  try {
    owner = fs.readFileSync(path.join(folder, OWNER_FILE), 'utf8').trim().split(' ');
  } catch {
    return false;
  }
  const pid = Number(owner[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  const stat = readProcStat(pid);
  if (stat === undefined) return signalZeroSucceeds(pid); // no /proc: trust the pid
  if (stat === null || stat.state === 'Z') return false;
  return owner[1] === undefined || owner[1] === '' || owner[1] === stat.startTime;
}

function processStartTime(pid: number): string | undefined {
  return readProcStat(pid)?.startTime;
}

/** undefined: /proc is not available here; null: no such process. */
function readProcStat(pid: number): { state: string; startTime: string } | null | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after "pid (comm) ": state is the 1st, starttime the 20th (field 22 of proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0]!, startTime: fields[19]! };
}

function signalZeroSucceeds(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function hasSpoolFiles(folder: string): boolean {
  try {
    return fs.readdirSync(folder).some((f) => f.endsWith(SPOOL_FILE_EXTENSION));
  } catch {
    return false;
  }
}

/** Removes the folder when nothing but our own bookkeeping files is left in it; never touches event data. */
function removeIfOnlyOwnerLeft(folder: string): void {
  try {
    const files = fs.readdirSync(folder);
    if (files.some((f) => !isBookkeeping(f))) return;
    for (const f of files) removeFile(path.join(folder, f));
    fs.rmdirSync(folder);
  } catch {
    // Best effort: a folder left behind costs nothing and is retried next time.
  }
}

/** Our own files in a run folder (a half-written run id file included), as opposed to event data. */
function isBookkeeping(file: string): boolean {
  return file === OWNER_FILE || file === RUN_ID_FILE || (file.startsWith(`${RUN_ID_FILE}.`) && file.endsWith('.tmp'));
}

/** "1,204 events from 2 files" from whatever counters the store reports. */
export function describeIngest(stats: IngestStats): string {
  const parts = Object.entries(stats)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${(v as number).toLocaleString('en-US')} ${k}`);
  const warnings = Array.isArray(stats.warnings) ? stats.warnings.length : 0;
  if (warnings > 0) parts.push(`${warnings} warning(s): ${String((stats.warnings as unknown[])[0])}`);
  const refused = stats.refused ?? [];
  if (refused.length > 0) parts.push(`${refused.length} file(s) refused, left in place: ${refused[0]}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing new';
}
