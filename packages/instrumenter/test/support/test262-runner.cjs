// Test support: runs one test262 program as a global script (as test262's node host does) and prints
// one JSON line {pass, message}. With --traced the recorder is installed first (in-memory sink); with
// --off only what a build's runtime installs with recording off (toString without the insertions).
'use strict';
const fs = require('node:fs');
const vm = require('node:vm');
const [file, mode, isAsync] = process.argv.slice(2);
if (mode === '--off') require('../../../core/dist/recorder/function-to-string.js').patchFunctionToString();
if (mode === '--traced') {
  const { installRecorder } = require('../../../core/dist/recorder/index.js');
  installRecorder({
    settings: { enabled: true, project: null, runId: null, spoolDir: '', root: '/', include: ['**'], exclude: [], sampleRate: 1,
      maxDetailedCallsPerFunction: 1000, gapIntrinsics: false, capture: { enabled: false, maxDepth: 4, maxKeys: 20, maxItems: 20, maxStringLength: 200 },
      redaction: { patterns: [], allowKeys: [] }, cacheDir: null, spoolFileBytes: 1 << 26, spoolMaxBytes: 1 << 28 },
    sink: { write() {} },
    context: { rootParent: () => 0, rootDepth: () => -1 },
    capturer: null,
  });
}
let printed = '';
globalThis.print = (msg) => { printed += `${msg}\n`; };
let done = false;
const finish = (pass, message) => {
  if (done) return;
  done = true;
  process.stdout.write(JSON.stringify({ pass, message }) + '\n');
};
process.on('uncaughtException', (error) => finish(false, `uncaught: ${error && error.message}`));
try {
  vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
  if (isAsync !== 'async') finish(true, '');
} catch (error) {
  finish(false, `${error && error.name}: ${error && error.message}`);
}
process.on('beforeExit', () => {
  if (printed.includes('Test262:AsyncTestComplete')) finish(true, '');
  else finish(false, printed.trim() || 'async test did not complete');
});
