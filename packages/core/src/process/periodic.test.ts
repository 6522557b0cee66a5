import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const periodic = path.resolve(__dirname, '../../dist/process/periodic.js');

/** Runs `body` in a node of its own (its timers are the program's, not vitest's); returns its stdout. */
function run(body: string): string {
  return execFileSync(process.execPath, ['-e', `const { every } = require(${JSON.stringify(periodic)});\n${body}`], { encoding: 'utf8', timeout: 20_000 });
}

describe('every', () => {
  it('ticks until stopped, and keeps nobody alive', () => {
    const out = run(`
      let ticks = 0;
      const started = Date.now();
      const p = every(20, () => { ticks++; if (ticks === 3) { p.stop(); console.log('stopped after', ticks, Date.now() - started >= 55); } });
      // the loop has nothing else to do after this: the process must end, ticking or not
      setTimeout(() => console.log('ticks at 150 ms', ticks), 150);
    `);
    expect(out).toBe('stopped after 3 true\nticks at 150 ms 3\n');
    // never stopped: the process still ends when the program is done
    expect(run(`every(10, () => {}); setTimeout(() => console.log('done'), 30);`)).toBe('done\n');
  });

  it("runs apart from the program's timers: a program timer due in the same turn has no extra stack frames", () => {
    // ours falls due after the program's timer, in the same turn (the loop was blocked past both)
    const out = run(`
      every(20, () => {});
      setTimeout(() => {
        Promise.resolve().then(() => console.log(/runNextTicks|processTimers/.test(new Error('x').stack)));
      }, 5);
      const until = Date.now() + 60;
      while (Date.now() < until);
    `);
    expect(out).toBe('false\n');
  });
});
