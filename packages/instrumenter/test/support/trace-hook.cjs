// Test support: `node --require trace-hook.cjs program` runs a program with every file under
// BC_TEST_ROOT instrumented (CommonJS through Module.prototype._compile, ESM through a module.register
// loader) and the real recorder installed; the frames it wrote go to BC_TEST_FRAMES at exit.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { pathToFileURL } = require('node:url');
const { instrument } = require('../../dist/index.js');
const { installRecorder } = require('../../../core/dist/recorder/index.js');

const root = process.env.BC_TEST_ROOT;
const framesFile = process.env.BC_TEST_FRAMES;
const capture = process.env.BC_TEST_CAPTURE === '1';
// BC_TEST_SHAPE=build: the code shape of `breadcrumb build`; BC_TEST_RECORDER=0: no recorder (recording off).
const shape = process.env.BC_TEST_SHAPE === 'build' ? 'build' : 'load';
const withRecorder = process.env.BC_TEST_RECORDER !== '0';
const chunks = [];
// With recording off, a build's runtime still gives functions their original text back.
if (!withRecorder) require('../../../core/dist/recorder/function-to-string.js').patchFunctionToString();
const recorder = !withRecorder ? null : installRecorder({
  settings: {
    enabled: true, project: null, runId: null, spoolDir: '', root, include: ['**'], exclude: [],
    sampleRate: 1, maxDetailedCallsPerFunction: Number(process.env.BC_TEST_MAX_DETAILED || 1000), gapIntrinsics: false,
    capture: { enabled: capture, maxDepth: 4, maxKeys: 20, maxItems: 20, maxStringLength: 200 },
    redaction: { patterns: [], allowKeys: [] }, cacheDir: null, spoolFileBytes: 1 << 26, spoolMaxBytes: 1 << 28,
  },
  sink: { write(frame) { chunks.push(Buffer.from(frame)); } },
  context: { rootParent: () => 0, rootDepth: () => -1 },
  capturer: capture
    ? { args: (names, values) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, values[i]]))), value: (v) => JSON.stringify(v === undefined ? null : v) }
    : null,
});

// Babel loads parts of itself lazily: load them before the hook is on.
instrument('function warmUp(a) { return a; }', { filename: 'warm-up.js', moduleId: 'warm-up.js' });

const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  if (filename.startsWith(root + path.sep)) {
    content = instrument(content, { filename, moduleId: './' + path.relative(root, filename), sourceType: 'script', shape }).code;
  }
  return compile.call(this, content, filename);
};
Module.register(pathToFileURL(path.join(__dirname, 'esm-loader.mjs')).href, { data: { root, shape } });

function save() {
  if (recorder === null) return;
  recorder.finish();
  if (framesFile) fs.writeFileSync(framesFile, Buffer.concat(chunks));
}
process.on('exit', save);
