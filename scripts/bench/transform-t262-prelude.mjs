// Writes a test262 prelude (T262_PRELUDE): the real recorder (packages/core/dist/recorder and the spool
// format) bundled into one script that installs globalThis.__breadcrumb__ with an in-memory sink.
//   node scripts/bench/transform-t262-prelude.mjs /tmp/bc-prelude.js
// Then, in a copy of ../shared/test262:
//   T262_BABEL_PLUGIN=/work/main/packages/instrumenter/dist/index.js T262_PRELUDE=/tmp/bc-prelude.js \
//     T262_SAMPLE=10 bash run.sh --label breadcrumb --preprocessor ./preprocess-babel.cjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../packages/core/dist');
const out = process.argv[2] ?? '/tmp/bc-prelude.js';

const modules = new Map();
function add(file) {
  if (modules.has(file)) return;
  const source = fs.readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  modules.set(file, source);
  for (const [, spec] of source.matchAll(/require\("(\.[^"]+)"\)/g)) add(path.resolve(path.dirname(file), spec));
}
add(path.join(dist, 'recorder/index.js'));

const entries = [...modules].map(
  ([file, source]) => `${JSON.stringify(path.relative(dist, file))}: function (exports, require) {\n${source}\n}`,
);
// test262-harness's node host runs tests in a context without Node's globals: give the bundle its own.
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
  var process = typeof globalThis.process === 'object' && globalThis.process ? globalThis.process : {
    hrtime: function () { var ms = Date.now(); return [Math.floor(ms / 1000), (ms % 1000) * 1e6]; },
  };
  // The spool and the event buffer write UTF-8 into Buffers: the few methods they use, over Uint8Array.
  var Buffer = typeof globalThis.Buffer === 'function' ? globalThis.Buffer : (function () {
    function make(n) { var b = new Uint8Array(n); b.write = b.utf8Write = write; b.copy = copy; return b; }
    function write(text, offset) { var bytes = new TextEncoder().encode(text); this.set(bytes, offset || 0); return bytes.length; }
    function copy(target, at, start, end) { target.set(this.subarray(start, end), at); return end - start; }
    return { allocUnsafe: make, allocUnsafeSlow: make, prototype: { utf8Write: write } };
  })();
`;
const bundle = `(function () {${shims}
  var definitions = {${entries.join(',\n')}};
  var cache = {};
  var externals = {
    // A test runs in a context without Node's modules: the brand checks the recorder asks util.types
    // for, as well as they can be made from JavaScript (a Proxy cannot be recognised).
    'node:util': {
      types: {
        isProxy: function () { return false; },
        isGeneratorObject: function (v) { return Object.prototype.toString.call(v) === '[object Generator]'; },
      },
    },
    'node:url': {
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
    });
    return module.exports;
  }
  var bytes = 0;
  load('recorder/index.js').installRecorder({
    settings: { enabled: true, project: null, runId: null, spoolDir: '', root: '/', include: ['**'], exclude: [],
      sampleRate: 1, maxDetailedCallsPerFunction: 1000, gapIntrinsics: false,
      capture: { enabled: false, maxDepth: 4, maxKeys: 20, maxItems: 20, maxStringLength: 200 },
      redaction: { patterns: [], allowKeys: [] }, cacheDir: null, spoolFileBytes: 67108864, spoolMaxBytes: 268435456 },
    sink: { write: function (frame) { bytes += frame.length; } },
    context: { rootParent: function () { return 0; }, rootDepth: function () { return -1; } },
    capturer: null,
  });
})();`;
fs.writeFileSync(out, bundle.replace(/\n\s*/g, '\n'));
console.log(`wrote ${out} (${bundle.length} bytes, ${modules.size} modules)`);
