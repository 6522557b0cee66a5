'use strict';
// A test262-harness --preprocessor that instruments each test the way `breadcrumb run` does: through
// the instrumenter's instrument() (the door the load hooks use: insertions into the original text,
// not Babel's reprint of it), in the `load` shape unless BC_T262_SHAPE=build. The Babel plugin door
// is ../shared/test262/preprocess-babel.cjs with T262_BABEL_PLUGIN; this one mirrors it otherwise:
// the harness includes (the same for many tests: instrumented once and cached) and the test body are
// two modules, the body parsed as a sloppy script unless it is a module test (the "use strict" at the
// head of the includes makes it strict again when it runs); the prelude (a recorder bundle from
// transform-t262-prelude.mjs) goes after the directive prologue. Run from a copy of ../shared/test262:
//   node /path/to/repo/scripts/bench/transform-t262-prelude.mjs /tmp/bc-prelude.js --capture --async-context
//   T262_PRELUDE=/tmp/bc-prelude.js bash run.sh --label load --preprocessor /path/to/repo/scripts/bench/t262-preprocess-instrument.cjs
// Environment: T262_PRELUDE, T262_SAMPLE=N (about 1 file in N, the same files as preprocess-babel.cjs
// picks), T262_FALLBACK_LOG (tests instrument() rejected: they run untransformed, as the load hook
// falls back), BC_T262_SHAPE (`load` or `build`), BC_INSTRUMENTER (the instrumenter's dist/index.js).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const instrumenterPath =
  process.env.BC_INSTRUMENTER || path.resolve(__dirname, '../../packages/instrumenter/dist/index.js');
const { instrument } = require(instrumenterPath);
const shape = process.env.BC_T262_SHAPE === 'build' ? 'build' : 'load';
const prelude = process.env.T262_PRELUDE ? fs.readFileSync(process.env.T262_PRELUDE, 'utf8') : '';
const fallbackLog = process.env.T262_FALLBACK_LOG;
const sample = Number(process.env.T262_SAMPLE || 1);

function insertAfterDirectives(code, text) {
  if (!text) return code;
  const m = /^(?:\s*(?:'[^'\n]*'|"[^"\n]*");?)*/.exec(code);
  const at = m ? m[0].length : 0;
  return `${code.slice(0, at)}\n${text}\n${code.slice(at)}`;
}

function instrumented(code, filename, isModule) {
  const moduleId = filename.replace(/^.*\/test262\/test\//, './test/');
  return instrument(code, { filename, moduleId, sourceType: isModule ? 'module' : 'script', shape }).code;
}

const prefixCache = new Map();
function instrumentedPrefix(prefix, isModule) {
  const key = `${isModule}:${prefix}`;
  if (!prefixCache.has(key)) {
    const name = `/test262/harness-prefix-${crypto.createHash('sha1').update(key).digest('hex').slice(0, 12)}.js`;
    prefixCache.set(key, instrumented(prefix, name, isModule));
  }
  return prefixCache.get(key);
}

function keep(test) {
  if (sample <= 1) return true;
  return crypto.createHash('sha1').update(test.relative).digest().readUInt32BE(0) % sample === 0;
}

module.exports = function preprocess(test) {
  if (!keep(test)) return false;
  const isModule = Boolean(test.attrs.flags && test.attrs.flags.module);
  const filename = path.resolve(test.file);
  try {
    let code;
    if (test.insertionIndex <= 0) {
      code = instrumented(test.contents, filename, isModule);
    } else {
      const prefix = test.contents.slice(0, test.insertionIndex);
      const body = test.contents.slice(test.insertionIndex);
      code = `${instrumentedPrefix(prefix, isModule)}\n${instrumented(body, filename, isModule)}`;
    }
    test.contents = insertAfterDirectives(code, prelude);
  } catch (error) {
    if (fallbackLog) {
      fs.appendFileSync(fallbackLog, `${test.relative}\t${test.scenario}\t${String(error.message).split('\n')[0]}\n`);
    }
  }
  return test;
};
