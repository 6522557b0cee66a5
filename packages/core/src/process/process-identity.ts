// Who this process (or worker thread) is, and who started it. A child process learns its parent's key
// from BREADCRUMB_PARENT_KEY (set in the child's environment by child-processes.ts); a worker thread
// from the environment data its creating thread passes on (environment variables may be shared with
// SHARE_ENV, environment data never is).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { getEnvironmentData, isMainThread, setEnvironmentData, threadId } from 'node:worker_threads';
import { redact } from '../redact/index.js';
import { ENV } from '../settings.js';
import { SPOOL_FORMAT_VERSION, type ProcessStart } from '../spool/format.js';

const PARENT_KEY_DATA = 'breadcrumb.parentKey';

export interface ProcessIdentity {
  start: ProcessStart;
  /** Monotonic ns since ProcessStart.hrOriginNs: the event clock. */
  now(): number;
}

export function identifyProcess(runId: number | null, project: string | null, env = process.env): ProcessIdentity {
  const originMs = performance.now();
  const hrOriginNs = originMs * 1e6;
  const startedAtMs = performance.timeOrigin + originMs;
  const processKey = `${process.pid}.${threadId}.${Math.floor(startedAtMs)}`;
  const start: ProcessStart = {
    formatVersion: SPOOL_FORMAT_VERSION,
    runId,
    project,
    processKey,
    parentKey: parentKeyOf(env),
    pid: process.pid,
    ppid: process.ppid,
    threadId,
    host: os.hostname(),
    // argv goes to the database and into reports: `--password X` is redacted like any captured value
    argv: redact(process.argv.slice()) as string[],
    execArgv: redact(process.execArgv.slice()) as string[],
    cwd: process.cwd(),
    nodeVersion: process.version,
    startedAtMs,
    hrOriginNs,
  };
  // Workers this thread starts inherit a clone of the environment data as it is when they start.
  try {
    setEnvironmentData(PARENT_KEY_DATA, processKey);
  } catch {
    // environment data unavailable: workers fall back to the variable
  }
  // process.hrtime() reads the same monotonic clock in ~40 ns, performance.now() in ~50 (Node 20-24):
  // the recorder reads it twice per timed call, a few million times in a big run.
  const [originSeconds, originNanos] = process.hrtime();
  const hrtime = process.hrtime;
  return {
    start,
    now: () => {
      const t = hrtime();
      return (t[0] - originSeconds) * 1e9 + (t[1] - originNanos);
    },
  };
}

function parentKeyOf(env: NodeJS.ProcessEnv): string | null {
  if (!isMainThread) {
    const key = getEnvironmentData(PARENT_KEY_DATA);
    if (typeof key === 'string') return key;
  }
  const key = env[ENV.parentKey];
  return key !== undefined && key !== '' ? key : null;
}
