// Transform speed: instrument() MB/s on a big real file (typescript.js, ~9 MB), and load time of the
// instrumented file (what a transform-cache hit costs: read + compile + run the module body) against a
// plain require of the same file, each in a fresh node process, in the same run.
//   npm i --prefix /tmp/ts typescript && npx tsc -b && node scripts/bench/transform-speed.mjs [file.js] [--rounds 3]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const roundsAt = argv.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 3;
const file = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--rounds') ?? '/tmp/ts/node_modules/typescript/lib/typescript.js';
if (!fs.existsSync(file)) {
  console.error(`${file} not found: npm i --prefix /tmp/ts typescript (or pass a file)`);
  process.exit(2);
}
const source = fs.readFileSync(file, 'utf8');
const mb = Buffer.byteLength(source) / 1e6;

const loadStart = performance.now();
const { instrument } = require(path.join(repo, 'packages/instrumenter/dist/index.js'));
const loadMs = performance.now() - loadStart;

const times = [];
let result;
for (let i = 0; i < rounds; i++) {
  const start = performance.now();
  result = instrument(source, { filename: file, moduleId: 'typescript/lib/typescript.js', sourceType: 'script' });
  times.push(performance.now() - start);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-transform-'));
const instrumentedFile = path.join(path.dirname(file), `.bc-instrumented-${path.basename(file)}`);
fs.writeFileSync(instrumentedFile, result.code);

const setup = path.join(dir, 'setup.cjs');
fs.writeFileSync(
  setup,
  `require(${JSON.stringify(path.join(repo, 'packages/core/dist/recorder/index.js'))}).installRecorder({
  settings: { enabled: true, project: null, runId: null, spoolDir: '', root: '/', include: ['**'], exclude: [], sampleRate: 1,
    maxDetailedCallsPerFunction: 1000, gapIntrinsics: false, capture: { enabled: false }, redaction: { patterns: [], allowKeys: [] },
    cacheDir: null, spoolFileBytes: 1 << 26, spoolMaxBytes: 1 << 28 },
  sink: { write() {} }, context: { rootParent: () => 0, rootDepth: () => -1 }, capturer: null });`,
);
const timeRequire = (target, extra) => {
  const script = `const s = performance.now(); require(${JSON.stringify(target)}); process.stdout.write(String(performance.now() - s));`;
  const r = spawnSync(process.execPath, [...extra, '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout);
};
const plain = [];
const cached = [];
for (let i = 0; i < rounds; i++) {
  plain.push(timeRequire(file, []));
  cached.push(timeRequire(instrumentedFile, ['--require', setup]));
}
fs.rmSync(instrumentedFile);
fs.rmSync(dir, { recursive: true, force: true });
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`loadavg ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}; node ${process.version}; ${path.basename(file)} ${mb.toFixed(2)} MB; median of ${rounds}`);
console.log(`instrumenter load (Babel)          ${loadMs.toFixed(0).padStart(7)} ms`);
console.log(`instrument() first run             ${times[0].toFixed(0).padStart(7)} ms  ${(mb / (times[0] / 1000)).toFixed(2)} MB/s`);
console.log(`instrument() median               ${median(times).toFixed(0).padStart(7)} ms  ${(mb / (median(times) / 1000)).toFixed(2)} MB/s`);
console.log(`  ${result.functions.length} functions, ${result.callSites.length} call sites, output ${(result.code.length / 1e6).toFixed(2)} MB`);
console.log(`plain require                      ${median(plain).toFixed(0).padStart(7)} ms`);
console.log(`cache-hit load (instrumented file) ${median(cached).toFixed(0).padStart(7)} ms  ratio ${(median(cached) / median(plain)).toFixed(2)}x`);
