// A sampled test262 run inside the test suite: ~40 files of the language subset (classes, arrows, async
// functions, generators), each run plain and instrumented with the recorder; every run that passes plain
// must pass instrumented. Reads ../shared/test262 (or BC_TEST262_DIR) and never writes there; skipped
// when it is absent. The full run is a script (see scripts/bench/transform-t262-prelude.mjs).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { instrument } from '../src/index.js';

const root = process.env.BC_TEST262_DIR ?? path.resolve(__dirname, '../../../../shared/test262/test262');
const available = fs.existsSync(path.join(root, 'harness', 'assert.js'));
const runner = path.join(__dirname, 'support', 'test262-runner.cjs');
const DIRECTORIES = [
  'language/statements/class',
  'language/expressions/arrow-function',
  'language/statements/async-function',
  'language/expressions/async-function',
  'language/statements/generators',
  'language/expressions/generators',
];
const SAMPLE_SIZE = Number(process.env.BC_TEST262_SAMPLE ?? 40);
/** BC_TEST262_SHAPE=build: the shape of `breadcrumb build`, run with the recorder and without (recording off). */
const SHAPE = process.env.BC_TEST262_SHAPE === 'build' ? 'build' : 'load';

function listTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTests(full));
    else if (entry.name.endsWith('.js') && !entry.name.includes('_FIXTURE')) out.push(full);
  }
  return out;
}

interface Meta {
  includes: string[];
  flags: string[];
  negative: boolean;
}

function frontmatter(source: string): Meta {
  const yaml = /\/\*---([\s\S]*?)---\*\//.exec(source)?.[1] ?? '';
  const list = (key: string): string[] => {
    const inline = new RegExp(`^${key}:\\s*\\[(.*)\\]`, 'm').exec(yaml);
    if (inline) return inline[1]!.split(',').map((s) => s.trim()).filter(Boolean);
    const block = new RegExp(`^${key}:\\s*\\n((?:\\s+-.*\\n?)*)`, 'm').exec(yaml);
    return block ? block[1]!.split('\n').map((l) => l.replace(/^\s*-\s*/, '').trim()).filter(Boolean) : [];
  };
  return { includes: list('includes'), flags: list('flags'), negative: /^negative:/m.test(yaml) };
}

/** A stable sample spread over the directories. */
function sample(): string[] {
  const all = DIRECTORIES.flatMap((d) => listTests(path.join(root, 'test', d))).sort();
  const step = Math.max(1, Math.floor(all.length / SAMPLE_SIZE));
  return all.filter((_, i) => i % step === 0).slice(0, SAMPLE_SIZE);
}

function run(file: string, traced: boolean | 'off', isAsync: boolean): { pass: boolean; message: string } {
  const mode = traced === 'off' ? '--off' : traced ? '--traced' : '--plain';
  const result = spawnSync(process.execPath, [runner, file, mode, isAsync ? 'async' : 'sync'], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 30_000,
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { pass: boolean; message: string };
  } catch {
    return { pass: false, message: `no result (exit ${result.status}): ${result.stderr.slice(0, 300)}` };
  }
}

describe.skipIf(!available)('test262 sample through the instrumenter', () => {
  it(`keeps every baseline-passing run passing (${SAMPLE_SIZE} files, both scenarios)`, () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-test262-'));
    const harness = (name: string) => fs.readFileSync(path.join(root, 'harness', name), 'utf8');
    let baselinePassing = 0;
    const regressions: string[] = [];
    for (const file of sample()) {
      const body = fs.readFileSync(file, 'utf8');
      const meta = frontmatter(body);
      if (meta.negative || meta.flags.includes('module') || meta.flags.includes('raw')) continue;
      const isAsync = meta.flags.includes('async');
      const includes = ['assert.js', 'sta.js', ...(isAsync ? ['doneprintHandle.js'] : []), ...meta.includes];
      const prefix = includes.map(harness).join('\n');
      const scenarios = meta.flags.includes('onlyStrict') ? [true] : meta.flags.includes('noStrict') ? [false] : [false, true];
      for (const strict of scenarios) {
        const program = `${strict ? '"use strict";\n' : ''}${prefix}\n${body}`;
        const name = path.relative(root, file);
        const plainFile = path.join(work, `plain-${baselinePassing}-${strict}.js`);
        fs.writeFileSync(plainFile, program);
        if (!run(plainFile, false, isAsync).pass) continue;
        baselinePassing++;
        let code: string;
        try {
          code = instrument(program, { filename: file, moduleId: name, sourceType: 'script', shape: SHAPE }).code;
        } catch {
          continue; // Babel cannot parse it: it would run uninstrumented
        }
        const tracedFile = path.join(work, `traced-${baselinePassing}-${strict}.js`);
        fs.writeFileSync(tracedFile, code);
        const traced = run(tracedFile, true, isAsync);
        if (!traced.pass) regressions.push(`${name} (${strict ? 'strict' : 'sloppy'}): ${traced.message}`);
        const off = SHAPE === 'build' ? run(tracedFile, 'off', isAsync) : null;
        if (off && !off.pass) regressions.push(`${name} (${strict ? 'strict' : 'sloppy'}, recording off): ${off.message}`);
      }
    }
    fs.rmSync(work, { recursive: true, force: true });
    expect(baselinePassing).toBeGreaterThan(SAMPLE_SIZE / 2);
    expect(regressions).toEqual([]);
  }, Math.max(180_000, SAMPLE_SIZE * 3_000)); // a bigger sample by hand takes longer
});
