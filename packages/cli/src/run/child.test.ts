import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, statusOf, superviseChild } from './child.js';
import { withRequire } from './node-options.js';

const node = process.execPath;
const supervise = (code: string, extra: Partial<Parameters<typeof superviseChild>[0]> = {}) =>
  superviseChild({ command: [node, '-e', code], env: process.env, cwd: process.cwd(), forwardSignals: [], ...extra });

/** Running, not a zombie waiting for a parent that does not reap (containers). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('superviseChild', () => {
  it('returns the exit code and status of a normal exit', async () => {
    const ok = await supervise('');
    expect([exitCodeOf(ok), statusOf(ok)]).toEqual([0, 'completed']);
    const three = await supervise('process.exitCode = 3');
    expect([exitCodeOf(three), statusOf(three)]).toEqual([3, 'failed']);
  });

  it('maps death by signal N to 128+N and status killed', async () => {
    const killed = await supervise("process.kill(process.pid, 'SIGKILL')");
    expect(killed.signal).toBe('SIGKILL');
    expect([exitCodeOf(killed), statusOf(killed)]).toEqual([137, 'killed']);
  });

  it('stops the whole process group on timeout: 124, status timeout', async () => {
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bc-child-')), 'pid');
    const program = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));
      setInterval(() => {}, 1000);`;
    const started = Date.now();
    // Long enough for the child to start its grandchild on a loaded machine (Node starting twice).
    const outcome = await supervise(program, { timeoutMs: 3000, graceMs: 500 });
    expect([exitCodeOf(outcome), statusOf(outcome)]).toEqual([124, 'timeout']);
    expect(Date.now() - started).toBeLessThan(20_000);
    // The grandchild ignored SIGTERM: the grace period's SIGKILL must have reached it.
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(grandchild)).toBe(false);
  });

  it('ticks while the command runs', async () => {
    let ticks = 0;
    await supervise('setTimeout(() => {}, 400)', { onTick: () => ticks++, tickMs: 50 });
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('forwards signals sent to the CLI to the command', async () => {
    // The signal is sent once the command listens for it: before that, SIGUSR2 would end it.
    const ready = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bc-child-')), 'ready');
    const program = `process.on('SIGUSR2', () => process.exit(42)); require('node:fs').writeFileSync(${JSON.stringify(ready)}, ''); setInterval(() => {}, 1000)`;
    const pending = superviseChild({ command: [node, '-e', program], env: process.env, cwd: process.cwd(), forwardSignals: ['SIGUSR2'] });
    for (let i = 0; i < 600 && !fs.existsSync(ready); i++) await new Promise((r) => setTimeout(r, 50));
    process.kill(process.pid, 'SIGUSR2');
    const outcome = await pending;
    expect(exitCodeOf(outcome)).toBe(42);
  });

  it('reports a command that cannot start', async () => {
    const outcome = await superviseChild({ command: ['/nonexistent/program'], env: process.env, cwd: process.cwd(), forwardSignals: [] });
    expect(outcome.spawnError).toBeInstanceOf(Error);
    expect(exitCodeOf(outcome)).toBe(127);
  });
});

describe('NODE_OPTIONS --require', () => {
  it('loads a file whose path has spaces and quotes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc dir "q" '));
    const file = path.join(dir, 'pre load.js');
    const marker = path.join(dir, 'loaded');
    fs.writeFileSync(file, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'yes')`);
    const outcome = await superviseChild({
      command: [node, '-e', ''],
      env: { ...process.env, NODE_OPTIONS: withRequire(undefined, file) },
      cwd: process.cwd(),
      forwardSignals: [],
    });
    expect(exitCodeOf(outcome)).toBe(0);
    expect(fs.readFileSync(marker, 'utf8')).toBe('yes');
  });
});
