// Dev harness (not the product's hooks): instruments every CommonJS module through
// Module.prototype._compile and ES modules through a module.register loader (every file under
// BC_HOOK_ROOT, default the working directory), and installs the recorder with a sink that only counts bytes, so the
// instrumenter and the recorder can be tried on real programs before the runtime's hooks exist.
//   node --require ./scripts/bench/transform-require-hook.cjs program.js
// BC_HOOK_CAPTURE=1 captures values (JSON.stringify stands in for the capture module);
// BC_HOOK_REPORT=1 prints a summary on stderr at exit.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const { instrument, isInstrumented } = require('../../packages/instrumenter/dist/index.js');
const { installRecorder } = require('../../packages/core/dist/recorder/index.js');

let bytes = 0;
let frames = 0;
const capture = process.env.BC_HOOK_CAPTURE === '1';
const recorder = installRecorder({
  settings: {
    enabled: true, project: null, runId: null, spoolDir: '', root: process.cwd(), include: ['**'], exclude: [],
    sampleRate: 1, maxDetailedCallsPerFunction: 1000, gapIntrinsics: false,
    capture: { enabled: capture, maxDepth: 4, maxKeys: 20, maxItems: 20, maxStringLength: 200 },
    redaction: { patterns: [], allowKeys: [] }, cacheDir: null, spoolFileBytes: 1 << 26, spoolMaxBytes: 1 << 28,
  },
  sink: { write(frame) { bytes += frame.length; frames++; } },
  context: { rootParent: () => 0, rootDepth: () => -1 },
  capturer: capture
    ? {
        args: (names, values) => { const o = {}; names.forEach((n, i) => { o[n] = typeof values[i]; }); return JSON.stringify(o); },
        value: (v) => JSON.stringify(typeof v),
      }
    : null,
});

// Load all of Babel now: modules it loads lazily must not go through the hook while it runs.
instrument('function warmUp(a) { return a; }', { filename: 'warm-up.js', moduleId: 'warm-up.js' });
let failures = 0;
let busy = false;
let instrumented = 0;
const root = process.env.BC_HOOK_ROOT || process.cwd();
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  if (!busy && filename.startsWith(root) && (filename.endsWith('.js') || filename.endsWith('.cjs'))) {
    if (!isInstrumented(content)) {
      busy = true;
      try {
        content = instrument(content, { filename, moduleId: path.relative(process.cwd(), filename), sourceType: 'script' }).code;
        instrumented++;
      } catch (error) {
        failures++;
        if (process.env.BC_HOOK_REPORT) process.stderr.write(`instrument failed: ${error.message}\n`);
      } finally {
        busy = false;
      }
    }
  }
  return compile.call(this, content, filename);
};

Module.register(require('node:url').pathToFileURL(path.join(__dirname, 'transform-esm-loader.mjs')).href, { data: { root } });

process.on('exit', () => {
  recorder.finish();
  if (process.env.BC_HOOK_REPORT) {
    process.stderr.write(`[bc-hook] ${JSON.stringify({ instrumented, failures, frames, bytes, ...recorder.stats() })}\n`);
  }
});
