// A run whose CLI was killed stays `running` in the database: nobody saw how it ended. Once its
// events are ingested, the processes' own end records tell: the root process's exit code, or, when
// it never recorded an end and no process of the run is alive any more, that it was killed.

import fs from 'node:fs';
import type { RunStatus, Store } from './store-client.js';

interface TraceProcess {
  pid: number;
  parent: string | null;
  ended_at: string | null;
  end_reason: string | null;
  exit_code: number | null;
}

interface TraceSummary {
  run: { status: RunStatus };
  processes: TraceProcess[];
}

export interface SettledRun {
  status: Exclude<RunStatus, 'running'>;
  exitCode: number | null;
}

/** Finishes the run when its end can be known; returns what was recorded, or null (left as is). */
export function settleAbandonedRun(store: Store, runId: number, isAlive: (pid: number) => boolean = pidIsAlive): SettledRun | null {
  const trace = store.getTrace(runId, { limit: 1 }) as TraceSummary;
  if (trace.run.status !== 'running' || trace.processes.length === 0) return null;
  if (trace.processes.some((p) => p.ended_at === null && isAlive(p.pid))) return null;
  const root = trace.processes.find((p) => p.parent === null) ?? trace.processes[0]!;
  const ends = trace.processes.map((p) => (p.ended_at === null ? NaN : Date.parse(p.ended_at))).filter((t) => !Number.isNaN(t));
  const endedAtMs = ends.length > 0 ? Math.max(...ends) : Date.now();
  const settled: SettledRun =
    root.ended_at === null || root.end_reason === 'signal'
      ? { status: 'killed', exitCode: null }
      : { status: root.exit_code === 0 ? 'completed' : 'failed', exitCode: root.exit_code };
  store.finishRun(runId, { ...settled, endedAtMs });
  return settled;
}

function pidIsAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || fs.existsSync('/proc/self/stat')) return false;
  }
  try {
    process.kill(pid, 0); // no /proc (macOS)
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
