// An internal timing option for benchmarks (scripts/bench/run-tail.mjs): with BREADCRUMB_TIMELINE=FILE
// in its environment, `breadcrumb run` appends one line per phase to FILE, `<phase> <ms> <cpu ms>`: when
// the phase ended in ms since the epoch with fractions (performance.timeOrigin + performance.now():
// comparable with marks a traced process writes) and the CLI process's CPU time so far (user + system,
// every thread), the last line `end` as it exits; `drain` adds the events ingested after the exit. The
// phases after the command's exit are on the critical path of every traced run: this is how each is
// measured. Unset (always, outside benchmarks), mark() costs a comparison.

import fs from 'node:fs';

/** Not in core's ENV: only the CLI reads it, and only benchmarks set it. */
export const TIMELINE_ENV = 'BREADCRUMB_TIMELINE';

const file = process.env[TIMELINE_ENV] || null;
const marks: string[] = [];
const now = (): string => {
  const cpu = process.cpuUsage();
  return `${(performance.timeOrigin + performance.now()).toFixed(2)} ${((cpu.user + cpu.system) / 1000).toFixed(2)}`;
};

if (file !== null) {
  process.on('exit', () => {
    marks.push(`end ${now()}`);
    try {
      fs.appendFileSync(file, `${marks.join('\n')}\n`);
    } catch {
      // A benchmark's aid: never a reason for the command to fail.
    }
  });
}

/** Notes that `phase` has just ended (or, for `spawn` and `exited`, happened); `count`: what it handled (e.g. events). */
export function mark(phase: string, count?: number): void {
  if (file !== null) marks.push(`${phase} ${now()}${count === undefined ? '' : ` ${count}`}`);
}
