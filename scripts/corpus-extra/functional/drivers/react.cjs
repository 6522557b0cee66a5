'use strict';
// react 19 + react-dom/server (CJS; the Fizz server renderer: a work loop over
// tasks and segments, hooks dispatcher swapped per component, context,
// Suspense boundaries with thrown promises and `use`, error boundaries in the
// stream, class components, forwardRef/memo, useId): seeded trees with
// renderToString, then renderToPipeableStream into a local Writable with
// suspending data on timers (shell, boundaries completing in order), onError
// callbacks, and a render error caught by the driver with its stack.
const React = require('react');
const { renderToString, renderToStaticMarkup, renderToPipeableStream } = require('react-dom/server');
const path = require('node:path');
const { Writable } = require('node:stream');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const h = React.createElement;
const rand = prng(271828);
const d = new Digest('react');

const Theme = React.createContext('light');
function Badge({ kind, children }) {
  const theme = React.useContext(Theme);
  const id = React.useId();
  return h('span', { id, className: `badge ${kind} ${theme}` }, children);
}
const Memo = React.memo(function Cell({ value }) { return h('td', null, value.toFixed(2)); });
const Fancy = React.forwardRef(function Fancy(props, ref) { return h('input', { ref, defaultValue: props.v, readOnly: true }); });
function Counter({ start }) {
  const [n] = React.useState(start);
  const [items, dispatch] = React.useReducer((s, a) => [...s, a], ['init']);
  const sq = React.useMemo(() => n * n, [n]);
  const ref = React.useRef(0);
  React.useEffect(() => { dispatch('never on the server'); }, []);
  return h(React.Fragment, null, h('b', null, n, '^2=', sq), h('i', null, items.join(',')), ref.current);
}
class Table extends React.Component {
  static defaultProps = { caption: 'rows' };
  get rows() { return [...this.props.rows].sort((a, b) => b.score - a.score || a.id - b.id); }
  render() {
    return h('table', null, h('caption', null, this.props.caption, ' ', h(Badge, { kind: 'n' }, this.props.rows.length)),
      h('tbody', null, this.rows.map((r) => h('tr', { key: r.id, 'data-id': r.id, style: { color: r.score > 50 ? 'red' : undefined, marginLeft: r.id } },
        h('td', { dangerouslySetInnerHTML: r.raw ? { __html: r.name } : undefined }, r.raw ? undefined : r.name), h(Memo, { value: r.score })))));
  }
}
const names = ['<ada>', 'bob & co', 'cyd "q"', 'dee', 'ëve', "fay's"];
function tree(seed) {
  const rows = Array.from({ length: 4 + Math.floor(rand() * 25) }, (_x, i) => ({ id: i, name: names[Math.floor(rand() * names.length)], score: rand() * 100, raw: rand() < 0.2 }));
  return h(Theme.Provider, { value: seed % 2 ? 'dark' : 'light' },
    h('main', { className: 'app', 'aria-label': `tree ${seed}` },
      h(Table, { rows }), h(Counter, { start: seed }), h(Fancy, { v: `v${seed}` }),
      h('select', { value: String(seed % 3), onChange() {} }, [0, 1, 2].map((k) => h('option', { key: k, value: String(k) }, `opt${k}`))),
      h('svg', { viewBox: '0 0 10 10' }, h('circle', { cx: 5, cy: 5, r: seed % 4, strokeWidth: 2 }))));
}

let html = 0;
for (let i = 0; i < 300; i++) {
  const out = i % 3 ? renderToString(tree(i)) : renderToStaticMarkup(tree(i));
  html += out.length;
  d.add(`tree${i}`, out);
}

// Streaming: suspending components read promises with `use`, resolved by timers
// in a fixed order; an error boundary on the client is not available, so one
// boundary errors on the server and is reported to onError.
const resources = new Map();
function resource(key, ms, fail) {
  if (!resources.has(key)) resources.set(key, new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(`load ${key} failed`)) : resolve(`data:${key}`)), ms)));
  return resources.get(key);
}
function Slow({ k, ms, fail }) { const v = React.use(resource(k, ms, fail)); return h('p', { className: 'slow' }, v); }
const order = [];
function streamOnce() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const sink = new Writable({
      write(chunk, _enc, cb) { chunks.push(chunk.toString()); cb(); },
      final(cb) { order.push('final'); cb(); resolve(chunks); },
    });
    const app = h('html', null, h('body', null,
      h('h1', null, 'stream'),
      h(React.Suspense, { fallback: h('i', null, 'loading a') }, h(Slow, { k: 'a', ms: 400 })),
      h(React.Suspense, { fallback: h('i', null, 'loading b') }, h(Slow, { k: 'b', ms: 20 }), h(Badge, { kind: 'b' }, 'after b')),
      h(React.Suspense, { fallback: h('i', null, 'loading c') }, h(Slow, { k: 'c', ms: 200, fail: true })),
      tree(7)));
    const { pipe } = renderToPipeableStream(app, {
      identifierPrefix: 'bc-',
      onShellReady() { order.push('shell'); pipe(sink); },
      onAllReady() { order.push('all'); },
      onShellError(e) { reject(e); },
      onError(e) { order.push(`onError:${e.message}`); return 'digest-c'; },
    });
  });
}

(async () => {
  const chunks = await streamOnce();
  // React's development build streams a failed boundary's component stack, file paths included: the
  // set's folder is taken out, so that the digest is the same wherever the set lives
  const streamed = chunks.join('').split(path.resolve(__dirname, '..')).join('<set>');
  d.add('stream', streamed);
  d.add('order', order);
  console.log(`trees=300 html=${html} stream=${streamed.length} chunks=${chunks.length} order=${order.join(',')}`);

  // React's development build warns on stderr (console.error) about a list without keys.
  function List({ n }) { return h('ul', null, Array.from({ length: n }, (_x, i) => h('li', null, i))); }
  d.add('unkeyed', renderToString(h('div', null, h(List, { n: 3 }))));
  const errors = [];
  const frames = [];
  function Broken({ item }) { return h('li', null, item.label.toUpperCase()); }
  for (const bad of [
    () => renderToString(h('ul', null, [{ label: 'ok' }, {}].map((item, i) => h(Broken, { key: i, item })))),
    () => renderToString(h(class extends React.Component { render() { throw new RangeError('class render failed'); } })),
    () => renderToString(h('div', { style: 'color: red' })),
    () => renderToString(h(() => { const [a] = React.useState(0); if (a === 0) React.useContext(null); return null; })),
  ]) {
    try { bad(); errors.push('no error'); } catch (e) {
      errors.push(`${e.name}: ${e.message.split('\n')[0]}`);
      frames.push(...stackLines(e));
    }
  }
  console.log(errors.join('\n'));
  d.add('errors', errors);
  d.print({ trees: 300, html });
  printStackLines(frames);
})();
