// How well `--performance`'s total-time ranking (the run report's "Slowest Functions") matches a plain
// CPU profile's: each corpus driver is profiled once plain (`node --cpu-prof`), then traced by the
// base build and by this one, interleaved, several rounds. Per run it prints where the profile ranks
// the function traced as slowest (1 = the profile's slowest too), the traced and profiled ms of the
// traced top 5, and Spearman's rho between both orders over the functions that took > 1% of the
// profile. Functions are matched by file and start line. An accuracy check, not a speed one: a
// sampled outlier (a GC pause scaled by 64) shows as a slowest function the profile ranks far down.
//   cp -r ../shared/corpus /tmp/corpus-core && (cd /tmp/corpus-core && npm ci) && npx tsc -b
//   node scripts/bench/profile-ranking.mjs --base /tmp/base/packages/cli/bin/breadcrumb.js [--corpus /tmp/corpus-core] [--rounds 3] [--only js-yaml,acorn,lodash]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseAndNewBuilds, takeOption } from './cli-options.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const corpus = takeOption(argv, '--corpus', '/tmp/corpus-core');
const rounds = Number(takeOption(argv, '--rounds', '3'));
const only = takeOption(argv, '--only', 'js-yaml,acorn,lodash').split(',');
const builds = baseAndNewBuilds(repo, takeOption(argv, '--base', null));
const drivers = path.join(corpus, 'drivers');
if (!fs.existsSync(drivers)) {
  console.error(`${drivers} not found: cp -r ../shared/corpus ${corpus} && (cd ${corpus} && npm ci)`);
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-ranking-'));

/** `pkg/file.js:LINE` for a frame or a --performance entry inside node_modules; null elsewhere. */
function placeOf(file, line) {
  const m = /node_modules\/(.*)$/.exec(file);
  return m ? `${m[1]}:${line}` : null;
}

/** Total time (ms) per function of a .cpuprofile: a sample counts once for each function on its stack. */
function profileTotals(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const totals = new Map();
  let all = 0;
  profile.samples.forEach((sample, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    all += dt;
    const seen = new Set();
    for (let id = sample; id !== undefined; id = parent.get(id)) {
      const frame = nodes.get(id).callFrame;
      const place = frame.lineNumber >= 0 ? placeOf(frame.url, frame.lineNumber + 1) : null;
      if (place !== null && !seen.has(place)) {
        seen.add(place);
        totals.set(place, (totals.get(place) ?? 0) + dt);
      }
    }
  });
  return { totals, all };
}

function spearman(pairs) {
  const rank = (key) => new Map([...pairs].sort((a, b) => b[key] - a[key]).map((p, i) => [p, i]));
  const a = rank('traced');
  const b = rank('profiled');
  const n = pairs.length;
  const d2 = pairs.reduce((sum, p) => sum + (a.get(p) - b.get(p)) ** 2, 0);
  return n < 2 ? NaN : 1 - (6 * d2) / (n * (n * n - 1));
}

for (const name of only) {
  const driver = fs.readdirSync(drivers).find((f) => f.startsWith(`${name}.`));
  if (!driver) continue;
  const profileDir = path.join(work, 'profiles');
  spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${name}.cpuprofile`, '--cpu-prof-interval', '200', path.join(drivers, driver)], { cwd: corpus, stdio: 'ignore' });
  const { totals, all } = profileTotals(path.join(profileDir, `${name}.cpuprofile`));
  const profileOrder = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([place]) => place);
  console.log(`${name}: plain CPU profile ${Math.round(all)} ms`);
  for (let round = 1; round <= rounds; round++) {
    for (const build of builds) {
      const env = { ...process.env, BREADCRUMB_HOME: path.join(work, `${build.name}-${name}-${round}`), NODE_OPTIONS: '' };
      spawnSync(process.execPath, [build.bin, 'init', 'bench'], { env, stdio: 'ignore' });
      spawnSync(process.execPath, [build.bin, 'run', '-c', 'bench', '--include', '**', '--', process.execPath, path.join(drivers, driver)], { cwd: corpus, env, stdio: 'ignore' });
      const answer = spawnSync(process.execPath, [build.bin, 'query', '-c', 'bench', '--performance', '--limit', '300'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
      fs.rmSync(env.BREADCRUMB_HOME, { recursive: true, force: true });
      const entries = JSON.parse(answer.stdout).functions
        .map((f) => ({ name: f.function, place: placeOf(f.file, f.line), traced: f.total_ms }))
        .filter((f) => f.place !== null)
        .map((f) => ({ ...f, profiled: totals.get(f.place) ?? 0 }))
        .sort((a, b) => b.traced - a.traced);
      const top = entries[0];
      const rankOfTop = top ? profileOrder.indexOf(top.place) + 1 || '-' : '-';
      const rho = spearman(entries.filter((f) => f.profiled > all * 0.01));
      const top5 = entries.slice(0, 5).map((f) => `${f.name} ${Math.round(f.traced)}/${Math.round(f.profiled)}`).join(', ');
      console.log(`  ${build.name} round ${round}: slowest traced is the profile's #${rankOfTop}, rho ${rho.toFixed(3)}; top 5 traced/profiled ms: ${top5}`);
    }
  }
}
fs.rmSync(work, { recursive: true, force: true });
