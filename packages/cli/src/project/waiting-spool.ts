// Spool files nobody is ingesting: from pre-instrumented builds (loose files in the project's spool
// folder) or from a `breadcrumb run` whose CLI died (run-<id>/ folders whose owner is gone). Every
// query, report and list first ingests them, so no recorded event is ever left behind.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SPOOL_FILE_EXTENSION } from '@breadcrumb/core';
import { firstLineOf } from '../errors.js';
import { settleAbandonedRun, type SettledRun } from './abandoned-run.js';
import type { ProjectPaths } from './paths.js';
import type { IngestStats, Store } from './store-client.js';

/** Written into a run's spool folder by the CLI that tails it; other CLIs leave such folders alone. */
export const OWNER_FILE = 'breadcrumb-cli.pid';

export interface WaitingIngest {
  folder: string;
  runId: number | null;
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
  const drain = (folder: string, runId: number | null): void => {
    try {
      const stats = store.ingester(folder, { runId, project: paths.name, keep: options.keep }).drain();
      done.push({ folder, runId, stats });
    } catch (err) {
      done.push({ folder, runId, stats: {}, error: firstLineOf(err) });
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
  const runFolders = entries
    .map((entry) => ({ entry, match: /^run-(\d+)$/.exec(entry.name) }))
    .filter(({ entry, match }) => entry.isDirectory() && match !== null)
    .sort((a, b) => Number(a.match![1]) - Number(b.match![1]));
  for (const { entry, match } of runFolders) {
    if (!match) continue;
    const folder = path.join(paths.spool, entry.name);
    if (ownerIsAlive(folder)) continue;
    if (!hasSpoolFiles(folder)) {
      removeIfOnlyOwnerLeft(folder);
      continue;
    }
    drain(folder, Number(match[1]));
    settle(Number(match[1]));
    if (!hasSpoolFiles(folder)) removeIfOnlyOwnerLeft(folder);
  }
  return done;
}

export function claimRunFolder(folder: string): void {
  fs.writeFileSync(path.join(folder, OWNER_FILE), `${process.pid} ${processStartTime(process.pid) ?? ''}\n`, { mode: 0o600 });
}

export function releaseRunFolder(folder: string): void {
  fs.rmSync(path.join(folder, OWNER_FILE), { force: true });
  removeIfOnlyOwnerLeft(folder);
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

/** Removes the folder when nothing but our owner file is left in it; never touches event data. */
function removeIfOnlyOwnerLeft(folder: string): void {
  try {
    const rest = fs.readdirSync(folder).filter((f) => f !== OWNER_FILE);
    if (rest.length > 0) return;
    fs.rmSync(path.join(folder, OWNER_FILE), { force: true });
    fs.rmdirSync(folder);
  } catch {
    // Best effort: a folder left behind costs nothing and is retried next time.
  }
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
