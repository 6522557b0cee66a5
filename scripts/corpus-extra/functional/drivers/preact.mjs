// preact 11 + preact-render-to-string 6 (ESM; JSX written as h() calls by
// hand, function and class components, hooks (useState, useReducer, useMemo,
// useContext, useRef, useId), context providers, Fragments, option hooks
// (options.vnode / options.diffed set by the driver), renderToString,
// renderToStringAsync with a lazy/suspending component, and the streaming
// renderer): seeded component trees rendered to HTML; a component that throws
// during render is caught with its stack.
import { h, Fragment, Component, createContext, options } from 'preact';
import { Suspense } from 'preact/compat';
import { useState, useReducer, useMemo, useContext, useRef, useId, useCallback } from 'preact/hooks';
import { render as renderToString, renderToStringAsync } from 'preact-render-to-string';
import { renderToReadableStream } from 'preact-render-to-string/stream';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(31415);
const d = new Digest('preact');

let vnodes = 0;
const prevVnode = options.vnode;
options.vnode = (vnode) => { vnodes++; if (prevVnode) prevVnode(vnode); };

const Theme = createContext({ color: 'plain', dense: false });

function Badge({ kind, children }) {
  const theme = useContext(Theme);
  return h('span', { class: `badge ${kind} ${theme.color}`, 'data-dense': theme.dense || undefined }, children);
}

function Counter({ start, steps }) {
  const [n] = useState(start);
  const [log, dispatch] = useReducer((s, a) => [...s, `${a.type}:${a.by}`], []);
  const id = useId();
  const ref = useRef(null);
  const doubled = useMemo(() => n * 2, [n]);
  const onClick = useCallback(() => dispatch({ type: 'inc', by: 1 }), []);
  return h('div', { id, ref, onClick, class: 'counter' },
    h('b', null, n), ' x2=', doubled,
    h('ul', null, steps.map((s, i) => h('li', { key: i, style: { color: s > 5 ? 'red' : 'green', fontSize: `${s}px` } }, s))),
    log.length ? h('pre', null, log.join()) : null);
}

class Table extends Component {
  constructor(props) { super(props); this.state = { sortBy: props.sortBy || 'name' }; }
  get sorted() {
    const k = this.state.sortBy;
    return [...this.props.rows].sort((a, b) => (a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : a.id - b.id));
  }
  render({ caption }, { sortBy }) {
    return h('table', { class: `by-${sortBy}` },
      h('caption', null, caption, h(Badge, { kind: 'count' }, this.props.rows.length)),
      h('tbody', null, this.sorted.map((r) => h(Row, { key: r.id, ...r }))));
  }
}
class Row extends Component {
  shouldComponentUpdate() { return true; }
  render({ id, name, score, html }) {
    return h(Fragment, null,
      h('tr', { 'data-id': id }, h('td', null, name), h('td', null, score.toFixed(1)),
        h('td', { dangerouslySetInnerHTML: { __html: html } })));
  }
}

const names = ['<ada>', 'bob & co', 'cyd "q"', 'dee', 'ëve', "fay's"];
function tree(seed) {
  const rows = Array.from({ length: 5 + Math.floor(rand() * 30) }, (_x, i) => ({ id: i, name: names[Math.floor(rand() * names.length)], score: rand() * 100, html: rand() < 0.3 ? '<i>raw</i>' : '' }));
  return h(Theme.Provider, { value: { color: seed % 2 ? 'dark' : 'light', dense: seed % 3 === 0 } },
    h('main', { class: ['app', seed % 5 ? null : 'wide'].filter(Boolean).join(' ') },
      h(Table, { rows, caption: `table ${seed}`, sortBy: seed % 2 ? 'score' : 'name' }),
      h(Counter, { start: seed, steps: Array.from({ length: 1 + (seed % 7) }, () => Math.floor(rand() * 10)) }),
      h('svg', { viewBox: '0 0 10 10', xlinkHref: '#a' }, h('circle', { cx: 5, cy: 5, r: seed % 5 })),
      h('input', { type: 'checkbox', checked: seed % 2 === 0, disabled: false, value: `v${seed}` }),
      h(Badge, { kind: 'foot' }, 'seed ', seed)));
}

let html = 0;
for (let i = 0; i < 400; i++) {
  const out = renderToString(tree(i));
  html += out.length;
  d.add(`tree${i}`, out);
}

// Async rendering: a component that suspends on a promise (thrown) once.
const cache = new Map();
function useData(key) {
  if (!cache.has(key)) {
    const p = new Promise((resolve) => setTimeout(() => resolve(`data for ${key}`), 3)).then((v) => { cache.set(key, { v }); });
    cache.set(key, { p });
  }
  const e = cache.get(key);
  if (e.p && !('v' in e)) throw e.p;
  return e.v;
}
function Slow({ k }) { return h('p', { class: 'slow' }, useData(k)); }
const asyncHtml = await renderToStringAsync(h('section', null, h(Suspense, { fallback: h('i', null, 'loading') }, h(Slow, { k: 'a' }), h(Slow, { k: 'b' })), h(Badge, { kind: 'after' }, 'done')));
d.add('async', asyncHtml);

// Streaming renderer: read the web stream chunk by chunk with for await.
const stream = renderToReadableStream(tree(999));
const chunks = [];
const dec = new TextDecoder();
for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? chunk : dec.decode(chunk));
d.add('stream', chunks.join(''));
console.log(`trees=400 html=${html} async=${asyncHtml.length} streamChunks=${chunks.length > 0} vnodes=${vnodes > 0}`);

// A component that throws while rendering deep in the tree.
const errors = [];
const frames = [];
function Broken({ item }) { return h('li', null, item.label.toUpperCase()); }
for (const bad of [
  () => renderToString(h('ul', null, [{ label: 'ok' }, {}].map((item, i) => h(Broken, { key: i, item })))),
  () => renderToString(h(class extends Component { render() { throw new RangeError(`class render failed in ${this.constructor.name || 'anon'}`); } })),
  () => renderToString(h(Theme.Provider, { value: null }, h(Badge, { kind: 'x' }, 'y'))),
]) {
  try { bad(); errors.push('no error'); } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ trees: 400, html });
printStackLines(frames);
