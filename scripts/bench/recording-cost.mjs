// Per-call recording cost: a loop of tiny functions, plain vs instrumented with the recorder installed
// (values not captured / captured), each in its own node process, interleaved, in the same run.
//   npx tsc -b && node scripts/bench/recording-cost.mjs [--calls 5000000] [--rounds 3]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const { instrument, PROBE_API_VERSION } = require(path.join(repo, 'packages/instrumenter/dist/index.js'));

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const calls = option('calls', 5_000_000);
const rounds = option('rounds', 3);

const program = `'use strict';
function add(a, b) { return a + b; }
function scale(x) { return x * 2; }
function loop(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s = add(s, scale(i)) % 1000003;
  return s;
}
loop(20000); // warm up
const start = process.hrtime.bigint();
const result = loop(${calls / 2});
const elapsed = Number(process.hrtime.bigint() - start);
process.stdout.write(JSON.stringify({ elapsed, result }) + '\\n');
`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-'));
const plainFile = path.join(dir, 'plain.js');
const tracedFile = path.join(dir, 'traced.js');
fs.writeFileSync(plainFile, program);
fs.writeFileSync(tracedFile, instrument(program, { filename: tracedFile, moduleId: './traced.js', sourceType: 'script' }).code);

// The recorder installed as the runtime would, with a sink that only counts (no disk in the loop).
const setup = path.join(dir, 'setup.cjs');
fs.writeFileSync(
  setup,
  `const { installRecorder } = require(${JSON.stringify(path.join(repo, 'packages/core/dist/recorder/index.js'))});
let capturer = null;
const limits = { enabled: process.env.BENCH_CAPTURE === '1', maxDepth: 4, maxKeys: 20, maxItems: 20, maxStringLength: 200 };
const redaction = { patterns: [], allowKeys: [] };
if (limits.enabled && process.env.BENCH_STUB_CAPTURE !== '1') {
  try { capturer = require(${JSON.stringify(path.join(repo, 'packages/core/dist/capture/index.js'))}).createCapturer(limits, redaction); }
  catch { capturer = null; }
}
if (limits.enabled && capturer === null) {
  // JSON.stringify stands in for the capture module (no snapshot limits, no redaction): the recorder's share.
  capturer = { args: (names, values) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, values[i]]))), value: (v) => JSON.stringify(v) };
}
let bytes = 0;
const recorder = installRecorder({
  settings: { enabled: true, project: null, runId: null, spoolDir: '', root: '/', include: ['**'], exclude: [], sampleRate: 1,
    maxDetailedCallsPerFunction: Number(process.env.BENCH_MAX_DETAILED || 1000), gapIntrinsics: false, capture: limits, redaction,
    cacheDir: null, spoolFileBytes: 1 << 26, spoolMaxBytes: 1 << 28 },
  sink: { write(frame) { bytes += frame.length; } },
  context: { rootParent: () => 0, rootDepth: () => -1 },
  capturer,
});
process.on('exit', () => { recorder.finish(); process.stderr.write(JSON.stringify({ bytes, ...recorder.stats() }) + '\\n'); });
`,
);

// The floor, measured in the same run: probes that only write a function id and a timestamp into typed
// arrays at enter and a timestamp at exit (what any tracer must at least do).
const floor = path.join(dir, 'floor.cjs');
fs.writeFileSync(
  floor,
  `const ids = new Uint32Array(1 << 16), ts = new Float64Array(1 << 17); let i = 0, j = 0; const hr = process.hrtime;
const now = () => { const t = hr(); return t[0] * 1e9 + t[1]; };
globalThis.__breadcrumb__ = { pv: ${PROBE_API_VERSION}, c: false, m: () => [1, 1],
  e(fn) { ids[i++ & 65535] = fn; ts[j++ & 131071] = now(); return 1; }, E() { return 1; },
  w(fn) { ids[i++ & 65535] = fn; ts[j++ & 131071] = now(); return 1; },
  v: (c, v) => v, n() {}, r() { ts[j++ & 131071] = now(); }, x() {}, k() {}, K() {}, s: (c, v) => v, R: (c, v) => v,
  b: (s, v) => v, B: () => [], a: (s, v) => v };
`,
);

const variants = [
  { name: 'plain node', args: [plainFile], env: {} },
  { name: 'floor: id + timestamp into a typed array at enter, timestamp at exit', args: ['--require', floor, tracedFile], env: {} },
  { name: 'traced, values not captured (1000 detailed/function, then aggregates)', args: ['--require', setup, tracedFile], env: {} },
  { name: 'traced, values not captured, every call detailed (events)', args: ['--require', setup, tracedFile], env: { BENCH_MAX_DETAILED: '1000000000' } },
  { name: 'traced, values captured (1000 detailed/function)', args: ['--require', setup, tracedFile], env: { BENCH_CAPTURE: '1' } },
  { name: 'traced, values captured, every call detailed', args: ['--require', setup, tracedFile], env: { BENCH_CAPTURE: '1', BENCH_MAX_DETAILED: '1000000000' } },
  { name: 'same, JSON.stringify instead of the capture module', args: ['--require', setup, tracedFile], env: { BENCH_CAPTURE: '1', BENCH_STUB_CAPTURE: '1', BENCH_MAX_DETAILED: '1000000000' } },
];

const samples = variants.map(() => []);
for (let round = 0; round < rounds; round++) {
  variants.forEach((variant, i) => {
    const result = spawnSync(process.execPath, variant.args, {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', ...variant.env },
    });
    if (result.status !== 0) throw new Error(`${variant.name} failed: ${result.stderr}`);
    samples[i].push(JSON.parse(result.stdout.trim().split('\n').pop()).elapsed);
  });
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const plain = median(samples[0]);
console.log(`loadavg ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}; node ${process.version}; ${calls} calls; median of ${rounds}`);
variants.forEach((variant, i) => {
  const ns = median(samples[i]);
  const perCall = (ns - plain) / calls;
  console.log(
    `${variant.name.padEnd(72)} ${(ns / 1e6).toFixed(1).padStart(8)} ms  ratio ${(ns / plain).toFixed(2).padStart(6)}x` +
      (i === 0 ? `  (${(plain / calls).toFixed(1)} ns/call)` : `  +${perCall.toFixed(1)} ns/call`),
  );
});
fs.rmSync(dir, { recursive: true, force: true });
