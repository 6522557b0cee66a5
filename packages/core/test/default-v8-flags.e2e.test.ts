// The runtime loads its built-ins under V8's default flags (src/process/default-v8-flags.ts) and puts
// the command line's back before the program starts: the program must run with exactly those, its
// stack's limit as --stack-size set it, and V8's flag hash as the command line makes it (code cached by
// a plain node with the same flags is accepted in the traced process, and the other way round).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { scaleTierUpBudget } from '../src/process/tier-up-budget.js';
import { extraNodeBinaries, runTraced, tempHome } from './helpers/traced-process.js';

const FLAGS = ['--stack-size=2400', '--max-inlined-bytecode-size-cumulative=300'];

// Untraced (excluded below), so that its frames are the same size in both runs.
const DEEP = `exports.depth = () => { let d = 0; const f = () => { d++; f(); }; try { f(); } catch {} return d; };\n`;
// Writes the recursion depth and V8's code cache of a script, and whether another process's cache was accepted.
const MAIN = `const fs = require('node:fs');
const vm = require('node:vm');
const source = 'function cached(a) { return a + 1; } cached(1);';
const other = process.argv[2];
const accepted = other ? !new vm.Script(source, { filename: 'cached.js', cachedData: fs.readFileSync(other) }).cachedDataRejected : null;
fs.writeFileSync(process.argv[3], new vm.Script(source, { filename: 'cached.js' }).createCachedData());
console.log(JSON.stringify({ depth: require('./deep.js').depth(), accepted }));
`;

describe('V8 flags while the runtime loads', () => {
  const dir = tempHome();
  fs.writeFileSync(path.join(dir, 'deep.js'), DEEP);
  fs.writeFileSync(path.join(dir, 'main.js'), MAIN);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const { version, node } of [{ version: process.version, node: process.execPath }, ...extraNodeBinaries()]) {
    it(`are the command line's again when the program runs (${version})`, async () => {
      const plainCache = path.join(dir, `plain-${version}.bin`);
      const tracedCache = path.join(dir, `traced-${version}.bin`);
      const env = { ...process.env };
      delete env.NODE_OPTIONS;
      const v8Version = spawnSync(node, ['-p', 'process.versions.v8'], { env, encoding: 'utf8' }).stdout.trim();
      const tierUp = scaleTierUpBudget({ v8Version, execArgv: FLAGS, nodeOptions: undefined, setFlags: () => {} });
      const plainFlags = tierUp === null ? FLAGS : [...FLAGS, tierUp];
      const plain = spawnSync(node, [...plainFlags, 'main.js', '', plainCache], { cwd: dir, env, encoding: 'utf8' });
      expect(plain.status, plain.stderr).toBe(0);
      const unflagged = spawnSync(node, ['main.js', '', path.join(dir, 'unflagged.bin')], { cwd: dir, env, encoding: 'utf8' });
      const traced = await runTraced([...FLAGS, 'main.js', plainCache, tracedCache], { node, cwd: dir, settings: { addedExecArgv: FLAGS, exclude: ['./deep.js'] } });
      expect(traced.code, traced.stderr).toBe(0);
      const plainReport = JSON.parse(plain.stdout) as { depth: number };
      const tracedReport = JSON.parse(traced.stdout) as { depth: number; accepted: boolean };
      // the plain process's cache fits the traced one's flags, and the traced one's the plain one's
      expect(tracedReport.accepted).toBe(true);
      const back = spawnSync(node, [...plainFlags, 'main.js', tracedCache, plainCache], { cwd: dir, env, encoding: 'utf8' });
      expect((JSON.parse(back.stdout) as { accepted: boolean }).accepted).toBe(true);
      // the larger stack is in force (the runtime's own frames are gone by then: about the same depth)
      expect(tracedReport.depth).toBeGreaterThan(plainReport.depth * 0.95);
      expect(tracedReport.depth).toBeGreaterThan((JSON.parse(unflagged.stdout) as { depth: number }).depth * 1.5);
    }, 60_000);
  }
});
