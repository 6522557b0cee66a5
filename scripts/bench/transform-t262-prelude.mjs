// Writes a test262 prelude (T262_PRELUDE): the real recorder (packages/core/dist/recorder and the spool
// format) bundled into one script that installs globalThis.__breadcrumb__ with an in-memory sink.
//   node scripts/bench/transform-t262-prelude.mjs /tmp/bc-prelude.js [--capture] [--async-context]
// --capture: the value capturer with the default limits and redaction, as `breadcrumb run` records
//   (without it the recorder records calls only). --async-context: the async causal context (async_hooks
//   and V8 promise hooks, process-wide), as the runtime enables it. Both are what a traced program runs
//   with by default; the brand checks (node:util) and node:async_hooks / node:v8 come from the host's
//   `require`, which test262-harness's node host puts in the test's context.
// Then, in a copy of ../shared/test262:
//   T262_BABEL_PLUGIN=/work/main/packages/instrumenter/dist/index.js T262_PRELUDE=/tmp/bc-prelude.js \
//     T262_SAMPLE=10 bash run.sh --label breadcrumb --preprocessor ./preprocess-babel.cjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../packages/core/dist');
const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--')) ?? '/tmp/bc-prelude.js';
const withCapture = args.includes('--capture');
const withAsyncContext = args.includes('--async-context');
for (const flag of args.filter((a) => a.startsWith('--'))) {
  if (flag !== '--capture' && flag !== '--async-context') {
    console.error(`unknown option ${flag}: use --capture and/or --async-context`);
    process.exit(2);
  }
}

const modules = new Map();
function add(file) {
  if (modules.has(file)) return;
  const source = fs.readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  modules.set(file, source);
  for (const [, spec] of source.matchAll(/require\("(\.[^"]+)"\)/g)) add(path.resolve(path.dirname(file), spec));
}
add(path.join(dist, 'recorder/index.js'));
if (withCapture) add(path.join(dist, 'capture/index.js'));
if (withAsyncContext) add(path.join(dist, 'context/causal-context.js'));
const { DEFAULT_CAPTURE } = await import(path.join(dist, 'settings.js'));
const capture = { ...DEFAULT_CAPTURE, enabled: withCapture };

const entries = [...modules].map(
  ([file, source]) => `${JSON.stringify(path.relative(dist, file))}: function (exports, require, __filename) {\n${source}\n}`,
);
// test262-harness's node host runs tests in a context without Node's globals but with its `require`:
// the bundle takes Node's own from it, and falls back to its own where there is none.
const shims = `
  var TextEncoder = typeof globalThis.TextEncoder === 'function' ? globalThis.TextEncoder : function () {
    this.encode = function (s) {
      var bytes = unescape(encodeURIComponent(s)); var out = new Uint8Array(bytes.length);
      for (var i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
      return out;
    };
  };
  var TextDecoder = typeof globalThis.TextDecoder === 'function' ? globalThis.TextDecoder : function () {
    this.decode = function (b) { var s = ''; for (var i = 0; i < b.length; i++) s += String.fromCharCode(b[i]); return decodeURIComponent(escape(s)); };
  };
  // The value capture knows URLs and their search params by their prototypes.
  var URL = typeof globalThis.URL === 'function' ? globalThis.URL : hostRequire ? hostRequire('node:url').URL : function URL() {};
  var URLSearchParams = typeof globalThis.URLSearchParams === 'function' ? globalThis.URLSearchParams
    : hostRequire ? hostRequire('node:url').URLSearchParams : function URLSearchParams() { this.entries = function () { return [][Symbol.iterator](); }; };
  var process = typeof globalThis.process === 'object' && globalThis.process ? globalThis.process : hostRequire ? hostRequire('node:process') : {
    hrtime: function () { var ms = Date.now(); return [Math.floor(ms / 1000), (ms % 1000) * 1e6]; },
  };
  // The spool and the event buffer write UTF-8 into Buffers: the few methods they use, over Uint8Array.
  var Buffer = typeof globalThis.Buffer === 'function' ? globalThis.Buffer : hostRequire ? hostRequire('node:buffer').Buffer : (function () {
    function make(n) { var b = new Uint8Array(n); b.write = b.utf8Write = write; b.copy = copy; return b; }
    function write(text, offset) { var bytes = new TextEncoder().encode(text); this.set(bytes, offset || 0); return bytes.length; }
    function copy(target, at, start, end) { target.set(this.subarray(start, end), at); return end - start; }
    return { allocUnsafe: make, allocUnsafeSlow: make, prototype: { utf8Write: write } };
  })();
`;
const bundle = `(function () {
  var hostRequire = typeof require === 'function' ? require : null;${shims}
  var definitions = {${entries.join(',\n')}};
  var cache = {};
  var externals = {
    // A test runs in a context without Node's modules: the brand checks the recorder asks util.types
    // for, as well as they can be made from JavaScript (a Proxy cannot be recognised).
    'node:util': hostRequire ? hostRequire('node:util') : {
      types: {
        isProxy: function () { return false; },
        isGeneratorObject: function (v) { return Object.prototype.toString.call(v) === '[object Generator]'; },
      },
    },
    // node-originals.js takes fs's functions (and JSON's) as Node made them, at load: the spool's and
    // the transform cache's, which the recorder and the capture never call here.
    'node:fs': hostRequire ? hostRequire('node:fs') : {},
    'node:async_hooks': hostRequire ? hostRequire('node:async_hooks') : undefined,
    'node:v8': hostRequire ? hostRequire('node:v8') : undefined,
    'node:url': hostRequire ? hostRequire('node:url') : {
      pathToFileURL: function (p) { return { href: 'file://' + p }; },
      fileURLToPath: function (u) { u = String(u); return u.indexOf('file://') === 0 ? u.slice(7) : u; },
    },
  };
  function load(id) {
    if (cache[id]) return cache[id].exports;
    var module = (cache[id] = { exports: {} });
    definitions[id](module.exports, function (spec) {
      if (spec.charAt(0) !== '.') return externals[spec];
      var parts = id.split('/'); parts.pop();
      spec.split('/').forEach(function (p) { if (p === '..') parts.pop(); else if (p !== '.') parts.push(p); });
      return load(parts.join('/'));
    }, '/breadcrumb-prelude/' + id);
    return module.exports;
  }
  var bytes = 0;
  var context = ${withAsyncContext}
    ? new (load('context/causal-context.js').AsyncCausalContext)()
    : { rootParent: function () { return 0; }, rootDepth: function () { return -1; } };
  var captureLimits = ${JSON.stringify(capture)};
  var redaction = { patterns: [], allowKeys: [] };
  var recorder = load('recorder/index.js').installRecorder({
    settings: { enabled: true, project: null, runId: null, spoolDir: '', root: '/', include: ['**'], exclude: [],
      sampleRate: 1, maxDetailedCallsPerFunction: 1000, gapIntrinsics: false,
      capture: captureLimits,
      redaction: redaction, cacheDir: null, spoolFileBytes: 67108864, spoolMaxBytes: 268435456 },
    sink: { write: function (frame) { bytes += frame.length; } },
    context: context,
    capturer: ${withCapture} ? load('capture/index.js').createCapturer(captureLimits, redaction) : null,
  });
  if (${withAsyncContext}) context.enable(recorder);
})();`;
fs.writeFileSync(out, bundle.replace(/\n\s*/g, '\n'));
console.log(`wrote ${out} (${bundle.length} bytes, ${modules.size} modules${withCapture ? ', capture' : ''}${withAsyncContext ? ', async context' : ''})`);
