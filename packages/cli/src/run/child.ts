// Runs the traced command the way `timeout(1)` would: in its own process group, so that a timeout or
// a forwarded signal reaches the whole tree (npm → sh → node → workers), with stdio inherited
// untouched. Knows nothing about tracing.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { EXIT } from '../errors.js';

export interface SuperviseOptions {
  command: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Stop the tree after this long (SIGTERM, then SIGKILL after graceMs). */
  timeoutMs?: number;
  graceMs?: number;
  /** Called every tickMs while the command runs (the CLI ingests spool files here). */
  onTick?: () => void;
  tickMs?: number;
  /** Signals sent to us that are passed on to the command's process group. */
  forwardSignals?: readonly NodeJS.Signals[];
}

export interface ChildOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The command could not be started at all (spawn error). */
  spawnError?: Error;
}

const DEFAULT_FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function superviseChild(options: SuperviseOptions): Promise<ChildOutcome> {
  const [file, ...args] = options.command;
  const graceMs = options.graceMs ?? 3000;
  return new Promise((resolve) => {
    // detached: the child leads a new process group, whose id is its pid.
    const child = spawn(file!, args, { cwd: options.cwd, env: options.env, stdio: 'inherit', detached: true });
    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
      if (child.pid === undefined) return false;
      try {
        process.kill(-child.pid, signal);
        return true;
      } catch {
        return false; // ESRCH: nobody left in the group
      }
    };
    const forward = (signal: NodeJS.Signals): void => {
      signalGroup(signal);
    };
    const forwarded = options.forwardSignals ?? DEFAULT_FORWARDED;
    for (const signal of forwarded) process.on(signal, forward);

    if (options.onTick) {
      const tick = options.onTick;
      timers.push(setInterval(tick, options.tickMs ?? 100));
    }
    if (options.timeoutMs !== undefined) {
      timers.push(
        setTimeout(() => {
          timedOut = true;
          signalGroup('SIGTERM');
          timers.push(setTimeout(() => signalGroup('SIGKILL'), graceMs));
        }, options.timeoutMs),
      );
    }

    const finish = (outcome: ChildOutcome): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      for (const signal of forwarded) process.off(signal, forward);
      resolve(outcome);
    };

    child.on('error', (err) => finish({ exitCode: null, signal: null, timedOut, spawnError: err }));
    child.on('exit', (exitCode, signal) => {
      if (!timedOut) {
        finish({ exitCode, signal, timedOut });
        return;
      }
      // The leader is gone but the rest of the tree got the same SIGTERM: give it the rest of the
      // grace period to flush, then make sure nothing of the run survives.
      const deadline = Date.now() + graceMs;
      const waitForGroup = (): void => {
        if (child.pid === undefined || !groupHasLiveMembers(child.pid)) return finish({ exitCode, signal, timedOut });
        if (Date.now() >= deadline) {
          signalGroup('SIGKILL');
          return finish({ exitCode, signal, timedOut });
        }
        timers.push(setTimeout(waitForGroup, 50));
      };
      waitForGroup();
    });
  });
}

/**
 * Whether any process of the group still runs. kill(-pgid, 0) also succeeds for zombies (which an
 * init that does not reap, as in many containers, leaves forever), so on Linux /proc is asked.
 */
export function groupHasLiveMembers(pgid: number): boolean {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

/** The exit code `breadcrumb run` returns: the command's, 128+N for signal N, 124 on timeout. */
export function exitCodeOf(outcome: ChildOutcome): number {
  if (outcome.timedOut) return EXIT.timeout;
  if (outcome.spawnError) return EXIT.notRunnable;
  if (outcome.signal) return 128 + (os.constants.signals[outcome.signal] ?? 0);
  return outcome.exitCode ?? EXIT.failure;
}

export type FinalStatus = 'completed' | 'failed' | 'timeout' | 'killed';

export function statusOf(outcome: ChildOutcome): FinalStatus {
  if (outcome.timedOut) return 'timeout';
  if (outcome.signal) return 'killed';
  return outcome.exitCode === 0 ? 'completed' : 'failed';
}
