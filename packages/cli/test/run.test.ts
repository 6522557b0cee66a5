// `breadcrumb run` end to end through the binary: the traced program's stdio untouched, exit codes
// and statuses, the report on stderr, and the read commands on what was recorded.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BREADCRUMB_BIN, EXAMPLES, makeCli, REPO_ROOT, type Cli } from './cli-harness.js';

const BASIC = path.join(EXAMPLES, 'basic/main.js');
const EXIT_CODES = path.join(EXAMPLES, 'exit-codes');

interface RunEntry {
  id: number;
  status: string;
  exit_code: number | null;
  command: string;
  events: number;
}

let cli: Cli;
beforeAll(() => {
  cli = makeCli();
  cli.json(['init', 'example']);
});

function runsOf(project: string): RunEntry[] {
  return cli.json<{ runs: RunEntry[] }>(['list', '-c', project]).runs;
}

describe('run', () => {
  it('passes stdout through byte for byte, exits 0, and prints the report on stderr', () => {
    const plain = spawnSync(process.execPath, [BASIC], { cwd: REPO_ROOT, encoding: 'utf8' });
    const traced = cli.run(['run', '-c', 'example', '--', 'node', BASIC]);
    expect(traced.status).toBe(0);
    expect(traced.stdout).toBe(plain.stdout);
    const report = traced.stderr;
    for (const section of ['BREADCRUMB RUN REPORT', 'Key Metrics:', 'Call Tree:', 'Recommendations on what to do next:']) {
      expect(report).toContain(section);
    }
    expect(report).toMatch(/Status: completed/);
    expect(report).toContain('breadcrumb query -c example --gaps');
    const [latest] = runsOf('example');
    expect(latest).toMatchObject({ status: 'completed', exit_code: 0 });
  });

  it('records the calls of examples/basic: the report shows them and --call answers', () => {
    const traced = cli.run(['run', '-c', 'example', '--', 'node', BASIC]);
    expect(traced.status).toBe(0);
    expect(traced.stderr).toMatch(/multiply/);
    expect(traced.stderr).toMatch(/Top 10 Most Called Functions:/);
    expect(traced.stderr).toMatch(/RangeError/);
    const calls = cli.json<{ calls: { args: unknown; return_value: unknown; called_by: string }[] }>([
      'query', '-c', 'example', '--call', 'multiply',
    ]);
    expect(calls.calls.length).toBe(3);
    expect(calls.calls[0]).toMatchObject({ return_value: 42 });
  });

  it('passes stdin through and keeps the command’s own flags', () => {
    const result = cli.run(
      ['run', '-c', 'example', 'node', '-e', "process.stdin.pipe(process.stdout)", '--', '-c', 'not-ours'],
      { input: 'line one\nline two\n' },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('line one\nline two\n');
  });

  it('returns the command’s exit code: 3, status failed', () => {
    const result = cli.run(['run', '-c', 'example', '--', 'node', path.join(EXIT_CODES, 'exit-3.js')]);
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('exiting with 3\n');
    expect(runsOf('example')[0]).toMatchObject({ status: 'failed', exit_code: 3 });
  });

  it('names the exception that ended the program, and no other, as uncaught', () => {
    const program = path.join(EXIT_CODES, 'uncaught.js');
    const plain = spawnSync(process.execPath, [program], { cwd: REPO_ROOT, encoding: 'utf8' });
    const result = cli.run(['run', '-c', 'example', '--', 'node', program]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(plain.stdout);
    expect(result.stderr).toMatch(/Uncaught: TypeError: not a port: 80a at .*uncaught\.js:5/);
    const { exceptions } = cli.json<{ exceptions: { message: string; caught: boolean }[] }>(['query', '-c', 'example', '--exceptions']);
    expect(exceptions.map((e) => [e.message, e.caught])).toEqual([
      ['not a port: http', true],
      ['not a port: 80a', false],
    ]);
  });

  it('returns 137 for a program that SIGKILLs itself: status killed', () => {
    const result = cli.run(['run', '-c', 'example', '--', 'node', path.join(EXIT_CODES, 'kill-self.js')]);
    expect(result.status).toBe(137);
    expect(result.stdout).toBe('before 42\n');
    expect(result.stderr).toContain('killed by SIGKILL');
    expect(runsOf('example')[0]!.status).toBe('killed');
  });

  it('stops the whole tree on --timeout: 124, status timeout', () => {
    const started = Date.now();
    const result = cli.run(['run', '-c', 'example', '--timeout', '1.5', '--', 'node', path.join(EXIT_CODES, 'forever.js')]);
    expect(result.status).toBe(124);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.stderr).toContain('timeout: stopped');
    const childPid = Number(/child (\d+)/.exec(result.stdout)?.[1]);
    expect(childPid).toBeGreaterThan(0);
    expect(isRunning(childPid)).toBe(false);
    expect(runsOf('example')[0]!.status).toBe('timeout');
  });

  it('runs any command (a shell script that starts node) and traces the node inside', () => {
    const dir = fs.mkdtempSync(path.join(cli.home, 'script-'));
    const script = path.join(dir, 'start.sh');
    fs.writeFileSync(script, `#!/bin/sh\necho from-shell\nexec node ${JSON.stringify(BASIC)}\n`, { mode: 0o755 });
    const result = cli.run(['run', '-c', 'example', '--', script]);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('from-shell\nadd(2, 3) = 5\n')).toBe(true);
    expect(result.stderr).toContain('Processes: 1');
  });
});

describe('run, the runtime\'s start-up', () => {
  it('compiles the runtime\'s and the CLI\'s own files (and the CLI\'s packages) from V8\'s code cache, kept in the home\'s cache folder and written once', () => {
    const own = makeCli();
    own.json(['init', 'cached']);
    const plain = spawnSync(process.execPath, [BASIC], { cwd: REPO_ROOT, encoding: 'utf8' });
    const first = own.run(['run', '-c', 'cached', '--', 'node', BASIC]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(plain.stdout);
    const folder = path.join(own.home, 'cache', 'code');
    // the traced program's (runtime-*) and the CLI's own for `run` (cli-run-*, bin.ts; cli-* for init)
    const files = fs.readdirSync(folder).sort();
    const version = `${process.version.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{8}\\.bin$`;
    expect(files).toEqual([
      expect.stringMatching(new RegExp(`^cli-run-${version}`)),
      expect.stringMatching(new RegExp(`^cli-${version}`)),
      expect.stringMatching(new RegExp(`^runtime-${version}`)),
    ]);
    const file = files[2];
    const { readCodeCache } = createRequire(__filename)(path.join(REPO_ROOT, 'packages/core/dist/code-cache-file.js')) as typeof import('../../core/src/code-cache-file.js');
    // every CommonJS file `run` loads before its command starts, and the packages it loads after (the
    // SQLite wrapper, minimatch), none left to Node's loader for an import() in it (config-text.js)
    const cliFiles = readCodeCache(path.join(folder, files[0]!)).map((entry) => path.relative(REPO_ROOT, entry.file).split(path.sep).join('/'));
    expect(cliFiles).toEqual(expect.arrayContaining(['packages/cli/dist/main.js', 'packages/cli/dist/project/run-config.js', 'packages/cli/dist/config/schema.js']));
    for (const dependency of ['better-sqlite3', 'minimatch']) expect(cliFiles.some((f) => f.includes(`/node_modules/${dependency}/`)), dependency).toBe(true);
    const entries = readCodeCache(path.join(folder, file!));
    const coreDist = path.join(REPO_ROOT, 'packages/core/dist');
    expect(entries.length).toBeGreaterThan(40);
    expect(entries.every((entry) => entry.file.startsWith(coreDist + path.sep) && entry.data.length > 0)).toBe(true);
    expect(entries.map((entry) => path.relative(coreDist, entry.file))).toEqual(expect.arrayContaining(['runtime.js', 'recorder/recorder.js', 'hooks/cjs-hook.js']));
    const written = fs.statSync(path.join(folder, file!)).mtimeMs;
    const cliWritten = fs.statSync(path.join(folder, files[0]!)).mtimeMs;
    // the next run's code is accepted by V8 (same flags, the tier-up budget set after the cache was made): not written again
    const second = own.run(['run', '-c', 'cached', '--', 'node', BASIC]);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(plain.stdout);
    expect(fs.statSync(path.join(folder, file!)).mtimeMs).toBe(written);
    expect(fs.statSync(path.join(folder, files[0]!)).mtimeMs).toBe(cliWritten);
    fs.rmSync(own.home, { recursive: true, force: true });
  });
});

describe('run, its timeline (BREADCRUMB_TIMELINE, for scripts/bench/run-tail.mjs)', () => {
  it('writes when each phase after the command\'s exit ended, in order, with the CLI\'s CPU time', () => {
    const file = path.join(cli.home, 'timeline.txt');
    const traced = cli.run(['run', '-c', 'example', '--', 'node', BASIC], { env: { BREADCRUMB_TIMELINE: file } });
    expect(traced.status).toBe(0);
    const marks = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(' '));
    expect(marks.map(([phase]) => phase)).toEqual(['spawn', 'recorded', 'exited', 'drain', 'finish', 'release', 'report', 'notes', 'close', 'end']);
    const times = marks.map(([, at]) => Number(at));
    const cpu = marks.map(([, , ms]) => Number(ms));
    for (let i = 1; i < marks.length; i++) {
      expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
      expect(cpu[i]).toBeGreaterThanOrEqual(cpu[i - 1]!);
    }
    // epoch ms: comparable with marks written by another process
    expect(Math.abs(times[0]! - Date.now())).toBeLessThan(60_000);
  });
});

describe('run, the stack', () => {
  it('lets traced code recurse at least as deep as plain node, and hides the flag that does it', () => {
    const fixture = path.join(__dirname, 'fixtures/deep-recursion/main.js');
    const plain = JSON.parse(spawnSync(process.execPath, [fixture], { encoding: 'utf8' }).stdout) as Record<string, unknown>;
    const started = Date.now();
    const traced = cli.run(['run', '-c', 'example', '--include', './**', '--', 'node', fixture]);
    const wallMs = Date.now() - started;
    expect(traced.status).toBe(0);
    const depths = JSON.parse(traced.stdout) as Record<string, unknown>;
    for (const form of ['declared', 'arrow', 'method', 'counter']) expect(depths[form], form).toBeGreaterThanOrEqual(plain[form] as number);
    expect(depths.execArgv).toEqual(plain.execArgv);
    expect(traced.stderr).toMatch(/Calls: [1-9]/);
    // the runtime's caller -> callee counts reach --performance (exact for every call that returned:
    // near the stack's end a probe itself may overflow, and that call is counted but never closed)
    const perf = cli.json<{ functions: { function: string; calls: number; total_ms: number; recursive: boolean; callers: { function: string; calls: number }[] }[] }>([
      'query', '-c', 'example', '--performance', '--limit', '100',
    ]);
    const declared = perf.functions.find((f) => f.function === 'declared')!;
    expect(declared.recursive).toBe(true);
    expect(declared.callers).toHaveLength(2);
    expect(declared.callers[0]).toMatchObject({ function: 'declared' });
    expect(declared.callers[0]!.calls).toBeGreaterThan(10_000);
    expect(declared.callers[0]!.calls).toBeLessThan(declared.calls);
    expect(declared.callers[1]).toEqual({ function: '(root)', module: null, calls: 1 });
    expect(perf.functions.find((f) => f.function === 'Walker.walk')!.recursive).toBe(true);
    expect(traced.stderr).toMatch(/\(recursive: total of the outermost calls\)/);
    // a nested call's time is in its outermost call's: counted again, 10,000 levels made it minutes
    const total = (name: string) => perf.functions.find((f) => f.function === name)!;
    for (const name of ['declared', 'Walker.walk']) expect(total(name).total_ms).toBeLessThan(wallMs);
    // the user's own --stack-size is kept as given
    const own = cli.run(['run', '-c', 'example', '--', 'node', '--stack-size=500', fixture]);
    const small = JSON.parse(own.stdout) as Record<string, unknown>;
    expect(small.execArgv).toEqual(['--stack-size=500']);
    expect(small.declared).toBeLessThan(plain.declared as number);
  }, 60_000);
});

describe('run, the hard cases', () => {
  it('traces the node processes npm starts (npm start)', () => {
    const result = cli.run(['run', '-c', 'example', '--', 'npm', 'start', '--silent'], { cwd: path.dirname(BASIC) });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('multiply(7, 6) = 42');
    expect(result.stderr).toMatch(/multiply: 3 calls/);
    expect(result.stderr).toMatch(/Processes: [2-9]/); // npm itself and the node it starts
  });

  it('forwards SIGINT sent to breadcrumb to the command', async () => {
    const child = spawn(BREADCRUMB_BIN, ['run', '-c', 'example', '--', 'node', path.join(EXIT_CODES, 'on-sigint.js')], {
      cwd: REPO_ROOT,
      env: { ...process.env, BREADCRUMB_HOME: cli.home, NODE_OPTIONS: '' },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('ready')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stdout).toBe('ready\ngot SIGINT\n');
    expect(code).toBe(130);
    expect(runsOf('example')[0]).toMatchObject({ status: 'failed', exit_code: 130 });
  });

  it('--exclude for one run leaves those modules untraced, and the spool folder is cleaned up', () => {
    const result = cli.run(['run', '-c', 'example', '--exclude', './examples/basic/cart.js', '--', 'node', BASIC]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/multiply/);
    expect(result.stderr).not.toMatch(/Cart\.addItem/);
    const spool = path.join(cli.home, 'spool', 'example');
    expect(fs.statSync(spool).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(spool)).toEqual([]);
  });

  it('keeps the events when the CLI itself is killed: the next command ingests them', async () => {
    cli.json(['init', 'orphan']);
    const marker = path.join(cli.home, 'orphan-done');
    const child = spawn(BREADCRUMB_BIN, ['run', '-c', 'orphan', '--', 'node', path.join(EXIT_CODES, 'slow-then-work.js'), marker], {
      cwd: REPO_ROOT,
      env: { ...process.env, BREADCRUMB_HOME: cli.home, NODE_OPTIONS: '' },
      stdio: 'ignore',
    });
    // Kill the CLI once the program is running (its runtime has started a spool file).
    // The folder is named before the run is recorded (run-at-<ms>-<pid>); the run's id is written into it.
    const spool = path.join(cli.home, 'spool', 'orphan');
    const runFolder = (): string | undefined => (fs.existsSync(spool) ? fs.readdirSync(spool).find((f) => f.startsWith('run-')) : undefined);
    const started = (): boolean => {
      const folder = runFolder();
      if (folder === undefined) return false;
      const files = fs.readdirSync(path.join(spool, folder));
      return files.includes('breadcrumb-run.id') && files.some((f) => f.endsWith('.bcspool'));
    };
    for (let i = 0; i < 400 && !started(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(started()).toBe(true);
    child.kill('SIGKILL');
    // The program lives on (its own process group) and finishes its work.
    for (let i = 0; i < 200 && !fs.existsSync(marker); i++) await new Promise((r) => setTimeout(r, 100));
    expect(fs.existsSync(marker)).toBe(true);
    // Its last events are flushed as it exits, just after the marker: each read command ingests
    // what is waiting, so ask until the call is there.
    let notes = '';
    let calls: { calls: { return_value: unknown }[] } = { calls: [] };
    let status = 'running';
    for (let i = 0; i < 20 && (calls.calls.length === 0 || status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      const listed = cli.run(['list', '-c', 'orphan']);
      expect(listed.status).toBe(0);
      notes += listed.stderr;
      status = (JSON.parse(listed.stdout) as { runs: RunEntry[] }).runs[0]!.status;
      const answer = cli.run(['query', '-c', 'orphan', '--call', 'square']);
      if (answer.status === 0) calls = JSON.parse(answer.stdout);
    }
    expect(notes).toMatch(/ingested events left by run 1/);
    expect(calls.calls.map((c) => c.return_value)).toEqual([144]);
    // The program's own end record tells how the run ended, though its CLI never saw it.
    expect(runsOf('orphan')[0]).toMatchObject({ status: 'completed', exit_code: 0 });
  });
});

describe('run whose CLI dies before the run is recorded', () => {
  it('keeps the events of the command, already started: the next command records them as a run of their own', async () => {
    cli.json(['init', 'early']);
    expect(cli.run(['run', '-c', 'early', '--', 'node', '-e', '1']).status).toBe(0); // the database exists
    // Another writer holds the database: the CLI starts the command, then waits to record the run.
    const Database = createRequire(path.join(REPO_ROOT, 'packages/store/package.json'))('better-sqlite3') as new (file: string) => {
      exec(sql: string): void;
      close(): void;
    };
    const db = new Database(path.join(cli.home, 'early-traces.db'));
    db.exec('BEGIN IMMEDIATE');
    const spool = path.join(cli.home, 'spool', 'early');
    try {
      const child = spawn(BREADCRUMB_BIN, ['run', '-c', 'early', '--', 'node', BASIC], {
        cwd: REPO_ROOT,
        env: { ...process.env, BREADCRUMB_HOME: cli.home, NODE_OPTIONS: '' },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      // The program's pid, from its spool file's name (<pid>.<thread>.<start>.<n>.bcspool).
      const programPid = (): number | null => {
        const folder = fs.existsSync(spool) ? fs.readdirSync(spool).find((f) => f.startsWith('run-at-')) : undefined;
        if (folder === undefined) return null;
        const files = fs.readdirSync(path.join(spool, folder));
        expect(files).not.toContain('breadcrumb-run.id'); // not recorded: the lock is still held
        const file = files.find((f) => f.endsWith('.bcspool'));
        return file === undefined ? null : Number(file.split('.')[0]);
      };
      let pid: number | null = null;
      for (let i = 0; i < 200 && (pid = programPid()) === null; i++) await new Promise((r) => setTimeout(r, 50));
      expect(pid).not.toBeNull();
      // examples/basic ends by itself, flushing its last events as it exits (a zombie until its
      // parent, the waiting CLI, reaps it).
      const running = (): boolean => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
        } catch {
          return false;
        }
      };
      for (let i = 0; i < 200 && running(); i++) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGKILL');
      await exited;
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
    const listed = cli.run(['list', '-c', 'early']);
    expect(listed.status).toBe(0);
    expect(listed.stderr).toMatch(/ingested events left by a `breadcrumb run` that stopped before recording its run/);
    const runs = runsOf('early');
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ status: 'completed', exit_code: 0 });
    expect(runs[0]!.command).toContain('basic/main.js');
    expect(runs[0]!.events).toBeGreaterThan(0);
    expect(fs.readdirSync(spool)).toEqual([]);
  });
});

describe('run of a command that starts no Node.js', () => {
  it('passes its exit code through and says that nothing loaded Breadcrumb', () => {
    const result = cli.run(['run', '-c', 'example', '--', 'sh', '-c', 'echo plain; exit 4']);
    expect(result.status).toBe(4);
    expect(result.stdout).toBe('plain\n');
    expect(result.stderr).toContain('no Node.js process of `sh -c echo plain; exit 4` loaded Breadcrumb');
  });
});

describe('run when the database cannot be opened', () => {
  it('lets the command (already started) finish, says so in one line, and keeps its events for `breadcrumb ingest`', () => {
    cli.json(['init', 'broken']);
    const database = path.join(cli.home, 'broken-traces.db');
    fs.writeFileSync(database, 'not a database, but long enough to be read as one by SQLite '.repeat(20));
    const plain = spawnSync(process.execPath, [BASIC], { cwd: REPO_ROOT, encoding: 'utf8' });
    const result = cli.run(['run', '-c', 'broken', '--', 'node', BASIC]);
    expect(result.stdout).toBe(plain.stdout);
    expect(result.status).toBe(1);
    const notes = result.stderr.split('\n').filter((line) => line.startsWith('breadcrumb: '));
    expect(notes.join('\n')).toMatch(/its events stay in .*run-at-\d+-\d+ for `breadcrumb ingest -c broken`/);
    expect(notes.join('\n')).toContain(`${database} is not a Breadcrumb trace database`);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // Moved aside, as the message says: the next command records the events as a run of their own.
    fs.renameSync(database, `${database}.bak`);
    const ingested = cli.run(['ingest', '-c', 'broken']);
    expect(ingested.status).toBe(0);
    const runs = runsOf('broken');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', exit_code: 0 });
    expect(runs[0]!.events).toBeGreaterThan(0);
  });
});

describe('concurrent runs', () => {
  it('two runs of one project at the same time each keep their own events', async () => {
    cli.json(['init', 'twice']);
    const start = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(BREADCRUMB_BIN, ['run', '-c', 'twice', '--', 'node', BASIC], {
          cwd: REPO_ROOT,
          env: { ...process.env, BREADCRUMB_HOME: cli.home, NODE_OPTIONS: '' },
          stdio: 'ignore',
        });
        child.on('exit', resolve);
      });
    expect(await Promise.all([start(), start()])).toEqual([0, 0]);
    const runs = runsOf('twice');
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(runs[0]!.events).toBeGreaterThan(0);
    expect(runs[0]!.events).toBe(runs[1]!.events);
  });
});

describe('report, list, clear', () => {
  it('report prints the latest run again, or a chosen one; list is newest first', () => {
    const runs = runsOf('example');
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.map((r) => r.id)).toEqual([...runs.map((r) => r.id)].sort((a, b) => b - a));
    const report = cli.run(['report', '-c', 'example']);
    expect(report.status).toBe(0);
    expect(report.stdout).toContain(`run ${runs[0]!.id}`);
    const older = cli.run(['report', '-c', 'example', '--run', String(runs.at(-1)!.id)]);
    expect(older.stdout).toContain(`run ${runs.at(-1)!.id}`);
    const data = cli.json<{ run: { id: number; status: string }; metrics: { calls: number } }>(['report', '-c', 'example', '--format', 'json']);
    expect(data.run).toMatchObject({ id: runs[0]!.id, status: runs[0]!.status });
    expect(typeof data.metrics.calls).toBe('number');
    const missing = cli.run(['report', '-c', 'example', '--run', '99999']);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('keeps the newest retention.max_runs runs after each run, and says what it deleted', () => {
    cli.json(['init', 'retained']);
    cli.run(['config', 'edit', 'retained', '--set', 'retention.max_runs=2']);
    for (let i = 0; i < 2; i++) expect(cli.run(['run', '-c', 'retained', '--', 'node', '-e', '0']).stderr).not.toContain('deleted the');
    const third = cli.run(['run', '-c', 'retained', '--', 'node', '-e', '0']);
    expect(third.status).toBe(0);
    expect(third.stderr).toContain("deleted the oldest run of 'retained' (retention.max_runs: 2;");
    const ids = runsOf('retained').map((r) => r.id);
    expect(ids).toHaveLength(2);
    expect(Math.min(...ids)).toBe(2);
    cli.run(['config', 'edit', 'retained', '--set', 'retention.max_runs=0']);
    cli.run(['run', '-c', 'retained', '--', 'node', '-e', '0']);
    expect(runsOf('retained')).toHaveLength(3);
  });

  it('clear --keep N keeps the newest N runs', () => {
    cli.json(['init', 'clearing']);
    for (let i = 0; i < 3; i++) cli.run(['run', '-c', 'clearing', '--', 'node', '-e', '0']);
    const cleared = cli.json<{ deleted: number; database_bytes: number; freed_bytes: number }>(['clear', '-c', 'clearing', '--keep', '1']);
    expect(cleared.deleted).toBe(2);
    // the deleted runs' pages go back to the disk, not only to SQLite's free list
    expect(cleared.database_bytes).toBeGreaterThan(0);
    expect(cleared.freed_bytes).toBeGreaterThanOrEqual(0);
    expect(runsOf('clearing')).toHaveLength(1);
    cli.run(['run', '-c', 'clearing', '--', 'node', '-e', '0']);
    // a list cut by --limit says so; a whole one has no note
    expect(cli.json(['list', '-c', 'clearing', '--limit', '1'])).toMatchObject({ total_runs: 2, note: 'showing the 1 newest of 2 runs: pass --limit N for more' });
    expect(cli.json<{ note?: string }>(['list', '-c', 'clearing']).note).toBeUndefined();
    cli.json(['clear', '-c', 'clearing', '--keep', '1']);
    cli.json(['clear', '-c', 'clearing']);
    expect(runsOf('clearing')).toHaveLength(0);
    const none = cli.run(['report', '-c', 'clearing']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no runs');
    // every query says it the same way, naming the project
    for (const query of [['--gaps'], ['--call', 'main'], ['--flow'], ['--exceptions'], ['--performance']]) {
      const asked = cli.run(['query', '-c', 'clearing', ...query]);
      expect(asked.status).toBe(2);
      expect(asked.stderr).toBe("breadcrumb: project 'clearing' has no runs yet: run `breadcrumb run -c clearing -- node main.js`\n");
    }
  });
});

function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
