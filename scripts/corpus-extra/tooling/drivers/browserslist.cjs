'use strict';
// browserslist 4 + caniuse-lite (CJS; a query parser and a table of query
// resolvers over caniuse-lite's packed agents, regions and features, which it
// unpacks on demand; config files with environment sections found by walking
// up from a path): resolve a table of queries (usage shares, version ranges,
// dead, supports, cover, regions, node and electron versions, baseline years,
// and/not/or combinations), coverage figures, seeded combinations of queries,
// (no query that depends on the clock or the running node) unpack every caniuse-lite feature and tally support per browser, load
// .browserslistrc and package.json configs from a temp tree the driver writes,
// and catch BrowserslistErrors for bad queries, browsers, configs and regions.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const browserslist = require('browserslist');
const lite = require('caniuse-lite');
const { Digest, ROOT, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(1999);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const d = new Digest('browserslist');

const queries = [
  'defaults', '> 1%', '> 0.5%, last 2 versions, Firefox ESR, not dead', 'last 1 version', 'last 2 Chrome versions', 'defaults, not IE 11',
  'node 18', 'node >= 20', 'electron >= 30', 'ie 6-8', 'safari >= 15.4', 'ios_saf 16.0-16.3',
  'firefox esr', 'op_mini all', 'dead', 'unreleased versions', 'since 2021', 'since 2019-06', '> 5% in US', '> 2% in alt-as', 'cover 99.5%',
  'cover 95% in DE', 'supports es6-module', 'fully supports css-grid', 'partially supports wasm-simd', 'last 2 major versions', 'baseline 2023',
  'baseline 2022 with downstream', 'chrome > 100 and not chrome 110', 'defaults and supports es6-module', 'chrome 100 or firefox 100',
  'Chrome 100, chrome 101', 'and_chr >= 120', 'kaios > 0', 'samsung >= 20', '>= 0.1%', 'last 3 edge versions',
];
let resolved = 0;
for (const q of queries) {
  const list = browserslist(q);
  resolved += list.length;
  d.add(`q:${q}`, list);
  d.add(`cov:${q}`, browserslist.coverage(list).toFixed(4));
}
d.add('coverageUS', browserslist.coverage(browserslist('last 2 versions'), 'US').toFixed(4));
d.add('parse', browserslist.parse('> 1%, last 2 versions and not dead or firefox esr'));

// Seeded combinations of query parts.
const parts = ['> 0.5%', 'last 2 versions', 'not dead', 'not ie <= 11', 'firefox esr', 'safari >= 14', 'supports es6-module', 'not op_mini all', 'chrome >= 90', 'cover 90%', 'since 2020', 'node 16', 'defaults'];
for (let i = 0; i < 120; i++) {
  const q = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_x, k) => `${k > 0 && rand() < 0.3 ? 'and ' : ''}${pick(parts)}`).join(', ').replace(/, and /g, ' and ');
  const first = q.replace(/^and /, '');
  try {
    d.add(`combo:${i}`, [first, browserslist(first, { mobileToDesktop: i % 2 === 0 })]);
  } catch (e) {
    d.add(`combo:${i}`, [first, e.message]);
  }
}

// Every caniuse-lite feature unpacked; support tallied for a few targets.
const targets = browserslist('defaults, node 18').filter((t) => !t.startsWith('node'));
let features = 0;
const tally = {};
for (const id of Object.keys(lite.features).sort()) {
  const f = lite.feature(lite.features[id]);
  features++;
  let yes = 0;
  for (const t of targets) {
    const [b, v] = t.split(' ');
    const stat = f.stats[b] && (f.stats[b][v] || f.stats[b][v.split('-')[0]]);
    if (stat && stat.startsWith('y')) yes++;
  }
  tally[id] = `${f.status}:${yes}/${targets.length}`;
}
d.add('features', tally);
const agents = Object.keys(lite.agents).sort().map((a) => [a, lite.agents[a].browser, Object.keys(lite.agents[a].release_date).length]);
d.add('agents', agents);
d.add('region', Object.keys(lite.region(require('caniuse-lite/data/regions/FR.js'))).sort());

// Config files in a temp tree with fixed names.
const tmp = path.join(os.tmpdir(), 'breadcrumb-corpus-tooling-browserslist');
fs.rmSync(tmp, { recursive: true, force: true });
fs.mkdirSync(path.join(tmp, 'app', 'src', 'deep'), { recursive: true });
fs.mkdirSync(path.join(tmp, 'pkg', 'lib'), { recursive: true });
fs.mkdirSync(path.join(tmp, 'bad'), { recursive: true });
fs.writeFileSync(path.join(tmp, 'app', '.browserslistrc'), '# comment\n[production]\n> 1%\nnot dead\n\n[development]\nlast 1 chrome version\nlast 1 firefox version\n\n[legacy old]\nie 11\n');
fs.writeFileSync(path.join(tmp, 'pkg', 'package.json'), JSON.stringify({ name: 'p', browserslist: { production: ['safari >= 15'], modern: ['chrome >= 120'] } }));
fs.writeFileSync(path.join(tmp, 'bad', 'package.json'), JSON.stringify({ name: 'b', browserslist: ['chrome 100'] }));
fs.writeFileSync(path.join(tmp, 'bad', '.browserslistrc'), 'firefox 100\n');
const from = (p) => path.join(tmp, p);
for (const [p, env] of [['app/src/deep/x.js', 'production'], ['app/src/deep/x.js', 'development'], ['app/src', 'legacy'], ['app/src', 'old'], ['pkg/lib', 'modern'], ['pkg/lib', 'production'], ['pkg/lib', 'unknown-env']]) {
  d.add(`config:${p}:${env}`, [browserslist(null, { path: from(p), env }), browserslist.loadConfig({ path: from(p), env })]);
}
d.add('findConfig', Object.keys(browserslist.findConfig(from('app/src')) || {}).sort());

const errors = [];
const frames = [];
const failing = [
  () => browserslist('chrome 1000'),
  () => browserslist('not_a_browser 10'),
  () => browserslist('> 1% in XX'),
  () => browserslist('last -1 versions'),
  () => browserslist('and chrome 100'),
  () => browserslist(null, { path: from('bad') }),
  () => browserslist('extends browserslist-config-missing'),
  () => browserslist('defaults', { env: 'x', config: from('missing/.browserslistrc') }),
];
for (const run of failing) {
  try {
    errors.push(`no error: ${run().length}`);
  } catch (e) {
    errors.push(`${e.name}: ${e.message.split(tmp).join('<tmp>').split(ROOT).join('<root>')}`);
    frames.push(...stackLines(e));
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ queries: queries.length, resolved, features, targets: targets.length });
printStackLines(frames);
