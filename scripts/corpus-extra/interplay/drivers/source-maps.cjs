'use strict';
// Stacks remapped by the program itself. CoffeeScript output compiled ahead of time with source maps
// (_maps/: an external `.js.map`, and an inline map with a `//# sourceURL`), its errors read three
// ways: as V8 prints them; through source-map-support 0.5 (its own `Error.prepareStackTrace`, which
// reads each file and its map from disk: `mapSourcePosition`, `wrapCallSite`, `getErrorSource`);
// and through Node's own source maps (`process.setSourceMapsEnabled`, `module.findSourceMap`) for a
// module loaded again once they are on. Whole stack lines are in the digest, columns included.
const path = require('node:path');
const Module = require('node:module');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('source-maps');
const frames = [];
const SET = path.dirname(__dirname);
const portable = (s) => String(s).split(`file://${SET}`).join('<set>').split(SET).join('<set>');
const ourLines = (stack) => portable(stack).split('\n').filter((l) => /<set>\/drivers|shapes/.test(l)).map((l) => l.trim());

function exercise(label, shapes) {
  const out = [];
  const attempt = (what, f) => {
    try { out.push([what, f()]); } catch (err) { frames.push(...stackLines(err)); out.push([what, err.name, err.message, ourLines(err.stack)]); }
  };
  attempt('square', () => new shapes.Square(3).describe());
  attempt('circle', () => new shapes.Circle(1).describe());
  attempt('shape', () => new shapes.Shape('blob').describe());
  attempt('fail', () => shapes.fail('fly'));
  attempt('total', () => shapes.total([new shapes.Square(2), new shapes.Circle(0.1), new shapes.Square(1.5)]).toFixed(4));
  attempt('total-throws', () => shapes.total([new shapes.Square(2), new shapes.Shape('x')]));
  d.add(label, out);
}

function fresh(file) {
  delete require.cache[require.resolve(file)];
  return require(file);
}

// 1. as V8 prints them
exercise('plain:external', require('./_maps/shapes.js'));
exercise('plain:inline', require('./_maps/shapes-inline.js'));

// 2. source-map-support
const sms = require('source-map-support');
sms.install({ environment: 'node', handleUncaughtExceptions: false });
d.add('sms:installed', [typeof Error.prepareStackTrace, Error.prepareStackTrace === sms.prepareStackTrace]);
exercise('sms:external', require('./_maps/shapes.js'));
exercise('sms:inline', require('./_maps/shapes-inline.js'));
exercise('sms:external-fresh', fresh('./_maps/shapes.js'));
const jsFile = path.join(__dirname, '_maps/shapes.js');
const positions = [[5, 10], [12, 7], [30, 4], [41, 12]].map(([line, column]) => {
  const p = sms.mapSourcePosition({ source: jsFile, line, column });
  return [line, column, portable(p.source), p.line, p.column, p.name || null];
});
d.add('sms:mapSourcePosition', positions);
try { new (require('./_maps/shapes.js').Shape)('w').area(); } catch (err) {
  d.add('sms:getErrorSource', portable(sms.getErrorSource(err)));
}
// a driver frame: no map, so the call site comes back as it was
const prepared = [];
const saved = Error.prepareStackTrace;
Error.prepareStackTrace = (err, cs) => { for (const c of cs) { const w = sms.wrapCallSite(c); if (String(w.getFileName()).includes('/drivers/')) prepared.push([portable(w.getFileName()), w.getLineNumber(), w.getColumnNumber(), w.getFunctionName()]); } return 'wrapped'; };
function callsWrap() { return new Error('w').stack; }
d.add('sms:wrapCallSite', [callsWrap(), prepared]);
Error.prepareStackTrace = saved;

// 3. Node's source maps, for a module compiled once they are on (source-map-support's hook removed;
// set to undefined: after `delete Error.prepareStackTrace` the traced run's stacks keep the
// instrumented columns, a known limit, see the README)
Error.prepareStackTrace = undefined;
process.setSourceMapsEnabled(true);
exercise('node:external', fresh('./_maps/shapes.js'));
exercise('node:inline', fresh('./_maps/shapes-inline.js'));
const map = Module.findSourceMap(jsFile);
d.add('node:findSourceMap', map ? [map.payload.sources.map(portable), map.payload.version, JSON.parse(portable(JSON.stringify(map.findEntry(4, 9))))] : null);
process.setSourceMapsEnabled(false);
exercise('node:off-fresh', fresh('./_maps/shapes.js'));

d.print();
printStackLines(frames);
