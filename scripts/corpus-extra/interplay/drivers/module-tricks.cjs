'use strict';
// Packages that load modules their own way. rewire 9 changes `Module.wrapper` (a prelude on the
// wrapper's line, `__set__`/`__get__`/`__with__` appended, their sources taken from
// `Function.prototype.toString`) and rewrites sources through a pirates hook (const -> let, a
// shebang dropped), then reads and writes a module's private variables by `eval` in its scope.
// proxyquire 2 replaces what a module requires (`Module._load` patched, `require.cache` entries
// removed and restored), with stubs that call through or not, and `@global` stubs. Around them:
// `require.cache` deleted and reloaded, `Module.wrap`, `module.children`, and functions' sources.
const Module = require('node:module');
const path = require('node:path');
const rewire = require('rewire');
const proxyquire = require('proxyquire').noPreserveCache();
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('module-tricks');
const frames = [];
const SET = path.dirname(__dirname);
const portable = (s) => String(s).split(SET).join('<set>');
const caught = (label, f) => {
  try { d.add(label, { ok: f() }); } catch (err) { frames.push(...stackLines(err)); d.add(label, { err: [err.name, portable(err.message)], stack: portable(err.stack).split('\n').filter((l) => l.includes('<set>/drivers')).map((l) => l.trim()) }); }
};
const wrapper = [...Module.wrapper];

async function main() {
  // rewire: private state in and out
  const counter = rewire('./_mods/counter.js');
  d.add('rewire:initial', [counter.__get__('count'), counter.__get__('label'), counter.__get__('LIMIT'), counter.report()]);
  counter.bump(2);
  counter.__set__('count', 20);
  caught('rewire:bump-over', () => counter.bump(15));
  const revert = counter.__set__({ label: 'relabelled', count: 1 });
  d.add('rewire:set-many', [counter.bump(1), counter.report()]);
  revert();
  d.add('rewire:reverted', counter.report());
  const stub = { describe: (n) => `stub(${n})` };
  counter.__with__({ dep: stub })(() => { d.add('rewire:with', [counter.bump(1), counter.report()]); });
  d.add('rewire:after-with', [counter.bump(1), counter.report()]);
  counter.__set__('dep', { describe() { throw new TypeError('stub refuses'); } });
  caught('rewire:stub-throws', () => counter.bump(1));
  const Meter = counter.__get__('Meter');
  counter.__set__('dep', require('./_mods/dep.js'));
  d.add('rewire:class', [new Meter('kg').read(), new counter.Meter('m').read(), Meter === counter.Meter]);
  d.add('rewire:sources', [counter.bump.toString(), counter.report.toString().length, Meter.toString().split('\n')[0], typeof counter.__get__, counter.__get__.length]);
  caught('rewire:get-missing', () => counter.__get__('nope'));
  // async __with__ waits for the promise
  await counter.__with__({ label: 'async' })(async () => { await null; d.add('rewire:with-async', counter.report().label); });
  d.add('rewire:with-async-after', counter.report().label);
  // a second rewire is a fresh instance; the plain require is a third
  const again = rewire('./_mods/counter.js');
  const plain = require('./_mods/counter.js');
  d.add('rewire:instances', [again.report().count, plain.report().count, again.bump === counter.bump, typeof plain.__get__]);
  const sb = rewire('./_mods/shebang.js');
  d.add('rewire:shebang', [sb.reveal('p'), sb.__get__('secret')]);
  sb.__set__('secret', 'shown');
  d.add('rewire:shebang-set', sb.reveal('q'));
  caught('rewire:shebang-fail', () => sb.fail());
  caught('rewire:missing-file', () => rewire('./_mods/no-such-module.js'));
  d.add('rewire:wrapper-restored', [Module.wrapper[0] === wrapper[0], Module.wrapper[1] === wrapper[1]]);

  // proxyquire: stubbed requires
  const svc = proxyquire('./_mods/service.js', { './dep.js': { kind: 'stubbed' } });
  d.add('proxyquire:call-thru', await svc.load('record-a'));
  const strict = proxyquire('./_mods/service.js', { './dep.js': { kind: 'strict', describe: (n) => `strict ${n}`, '@noCallThru': true }, './store.js': { kind: 'fake', put: async () => {}, size: async () => -1, '@noCallThru': true } });
  d.add('proxyquire:no-call-thru', [await strict.load('record-a'), strict.storeKind()]);
  const fsStub = { existsSync: () => false };
  const missing = proxyquire('./_mods/service.js', { 'node:fs': fsStub });
  try { await missing.load('record-a'); } catch (err) { frames.push(...stackLines(err)); d.add('proxyquire:rejects', [err.code, err.message, portable(err.stack).split('\n').filter((l) => l.includes('<set>/drivers')).map((l) => l.trim())]); }
  const throwing = proxyquire('./_mods/service.js', { './dep.js': { describe() { throw new Error('from a stub'); } } });
  try { await throwing.load('record-a'); } catch (err) { frames.push(...stackLines(err)); d.add('proxyquire:stub-throws', [err.message, portable(err.stack).split('\n').filter((l) => l.includes('<set>/drivers')).map((l) => l.trim())]); }
  caught('proxyquire:unresolvable', () => proxyquire('./_mods/service.js', { './nowhere.js': {} }));
  d.add('proxyquire:real-after', await require('./_mods/service.js').load('record-a'));

  // require.cache by hand
  const key = require.resolve('./_mods/store.js');
  const s1 = require('./_mods/store.js');
  await s1.put('x', 1);
  delete require.cache[key];
  const s2 = require('./_mods/store.js');
  d.add('cache:reload', [s1 === s2, await s1.size(), await s2.size(), Object.keys(require.cache).filter((k) => k.startsWith(SET + '/drivers')).map(portable).sort()]);
  d.add('module:children', module.children.map((m) => portable(m.id)).filter((id) => id.startsWith('<set>/drivers')).sort());
  d.add('module:wrap', [Module.wrap('return 1'), Module.wrapper.length, typeof Module._load, typeof Module._extensions['.js'], Object.keys(Module._extensions).sort()]);
  const esm = await import('./_mods/esm-style.mjs');
  caught('esm:twice', () => [esm.twice(4), esm.twice(-1)]);
  d.add('esm:source', esm.twice.toString());
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
