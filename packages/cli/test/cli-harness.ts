// Runs the real, built `breadcrumb` binary (node_modules/.bin/breadcrumb at the repository root) with
// its own temporary BREADCRUMB_HOME, so that no test ever touches ~/.breadcrumb.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const BREADCRUMB_BIN = path.join(REPO_ROOT, 'node_modules/.bin/breadcrumb');
export const EXAMPLES = path.join(REPO_ROOT, 'examples');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface Cli {
  home: string;
  run(args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string }): CliResult;
  json<T = unknown>(args: string[], options?: { cwd?: string }): T;
  configFile(project: string): string;
}

export function makeCli(): Cli {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cli-test-'));
  const cli: Cli = {
    home,
    run(args, options = {}) {
      const result = spawnSync(BREADCRUMB_BIN, args, {
        cwd: options.cwd ?? REPO_ROOT,
        env: { ...process.env, BREADCRUMB_HOME: home, NODE_OPTIONS: '', ...options.env },
        encoding: 'utf8',
        input: options.input ?? '',
        timeout: options.timeoutMs ?? 60_000,
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    json(args, options) {
      const result = cli.run(args, options);
      if (result.status !== 0) throw new Error(`breadcrumb ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
      return JSON.parse(result.stdout);
    },
    configFile: (project) => path.join(home, `${project}.yaml`),
  };
  return cli;
}

/** Bad input: exactly one line on stderr (or a few for several config problems), no stack trace. */
export function expectOneLineError(result: CliResult): string {
  const lines = result.stderr.trimEnd().split('\n');
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got:\n${result.stderr}`);
  if (/\n\s+at /.test(result.stderr) || /at .*\.js:\d+/.test(result.stderr)) throw new Error(`stack trace on stderr:\n${result.stderr}`);
  return lines[0]!;
}
