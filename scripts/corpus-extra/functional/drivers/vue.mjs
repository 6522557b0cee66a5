// vue 3.5 + @vue/server-renderer (ESM; reactivity through Proxies (reactive,
// ref, computed, watch with the scheduler's queues), components defined with
// setup() and render functions (h), the runtime template compiler (templates
// compiled with new Function), provide/inject, slots, async setup with
// Suspense, app.config.errorHandler): seeded component trees rendered with
// renderToString and renderToNodeStream into a local Writable, watchers
// flushed in order, and a render error caught with its stack.
import { createSSRApp, h, ref, reactive, computed, watch, nextTick, provide, inject, defineComponent, Suspense, effectScope, toRaw, isProxy, shallowReactive, readonly } from 'vue';
import { renderToString, pipeToNodeWritable } from '@vue/server-renderer';
import { Writable } from 'node:stream';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(1618);
const d = new Digest('vue');

// Reactivity on its own: Proxies, computed chains, watchers and their flush order.
const log = [];
const state = reactive({ items: [], byKey: new Map(), nested: { deep: { n: 0 } } });
const total = computed(() => state.items.reduce((a, x) => a + x.qty, 0));
const big = computed(() => state.items.filter((x) => x.qty > 40).length);
const scope = effectScope();
scope.run(() => {
  watch(total, (v, old) => log.push(`total ${old}->${v}`));
  watch(() => state.nested.deep.n, (v) => log.push(`deep ${v}`), { flush: 'sync' });
  watch(() => state.byKey.size, (v) => log.push(`size ${v}`));
});
for (let i = 0; i < 3000; i++) {
  const item = { id: i, name: `item${i}`, qty: Math.floor(rand() * 50) };
  state.items.push(item);
  state.byKey.set(item.name, item);
  if (i % 500 === 0) { state.nested.deep.n++; await nextTick(); }
}
for (const x of state.items) if (x.id % 7 === 0) x.qty += 1;
state.items.splice(10, 20);
await nextTick();
scope.stop();
state.nested.deep.n = 99;
d.add('reactivity', { log, total: total.value, big: big.value, proxy: isProxy(state.items), raw: Array.isArray(toRaw(state.items)), ro: readonly(state).nested.deep.n });

// Components: setup + render functions, a template compiled at run time,
// slots, provide/inject, a class used as a store, async setup in Suspense.
class Cart {
  constructor() { this.lines = shallowReactive([]); }
  add(name, qty) { this.lines.push({ name, qty }); return this; }
  get count() { return this.lines.reduce((a, l) => a + l.qty, 0); }
}
const Badge = defineComponent({
  props: { kind: String },
  setup(props, { slots }) {
    const theme = inject('theme', 'plain');
    return () => h('span', { class: ['badge', props.kind, theme] }, slots.default ? slots.default() : '');
  },
});
const Row = defineComponent({
  props: ['row', 'index'],
  template: `<tr :class="{ odd: index % 2, hot: row.score > 80 }" :data-id="row.id"><td>{{ row.name }}</td><td v-html="row.html"></td><td>{{ row.score.toFixed(1) }}</td><td><Badge v-if="row.tag" :kind="row.tag">{{ row.tag.toUpperCase() }}</Badge><em v-else>none</em></td></tr>`,
  components: { Badge },
});
const Table = defineComponent({
  props: { rows: Array, sortKey: String },
  setup(props) {
    const sorted = computed(() => [...props.rows].sort((a, b) => (a[props.sortKey] < b[props.sortKey] ? -1 : a[props.sortKey] > b[props.sortKey] ? 1 : a.id - b.id)));
    return { sorted };
  },
  template: `<table><caption><slot name="caption" :n="rows.length">rows</slot></caption><tbody><Row v-for="(r, i) in sorted" :key="r.id" :row="r" :index="i" /></tbody></table>`,
  components: { Row },
});
const Async = defineComponent({
  props: ['k'],
  async setup(props) {
    const v = await new Promise((resolve) => setTimeout(() => resolve(`loaded ${props.k}`), 2));
    return () => h('p', { class: 'async' }, v);
  },
});
const names = ['<ada>', 'bob & co', 'cyd "q"', 'dee', 'ëve'];
function makeApp(seed) {
  const rows = Array.from({ length: 3 + Math.floor(rand() * 20) }, (_x, i) => ({ id: i, name: names[Math.floor(rand() * names.length)], score: rand() * 100, html: rand() < 0.3 ? '<i>raw</i>' : '', tag: rand() < 0.5 ? ['new', 'sale', ''][Math.floor(rand() * 3)] : null }));
  const cart = new Cart().add('a', seed % 3).add('b', 2);
  const app = createSSRApp({
    setup() {
      provide('theme', seed % 2 ? 'dark' : 'light');
      const count = ref(seed);
      const label = computed(() => `count ${count.value} cart ${cart.count}`);
      return { rows, count, label, sortKey: seed % 2 ? 'score' : 'name' };
    },
    template: `<main :class="['app', { wide: count % 5 === 0 }]" :style="{ marginLeft: count + 'px' }"><h1>{{ label }}</h1><Table :rows="rows" :sort-key="sortKey"><template #caption="{ n }">caption {{ n }}</template></Table><ul><li v-for="n in count % 4" :key="n">{{ n }}</li></ul><input type="checkbox" :checked="count % 2 === 0"><Suspense><div><Async :k="count" /></div><template #fallback>loading</template></Suspense></main>`,
    components: { Table, Async, Suspense },
  });
  return app;
}
let html = 0;
for (let i = 0; i < 120; i++) {
  const out = await renderToString(makeApp(i));
  html += out.length;
  d.add(`app${i}`, out);
}

// Streaming into a local Writable.
const chunks = [];
await new Promise((resolve, reject) => {
  const sink = new Writable({ write(c, _e, cb) { chunks.push(c.toString()); cb(); }, final(cb) { cb(); resolve(); } });
  sink.on('error', reject);
  pipeToNodeWritable(makeApp(500), {}, sink);
});
d.add('stream', chunks.join(''));
console.log(`apps=120 html=${html} stream=${chunks.join('').length} log=${log.length} ${log.slice(0, 4).join(' | ')}`);

// Errors: one thrown in a render function deep in the tree (reported to the
// app's errorHandler, then rethrown by renderToString), and one from a template.
const errors = [];
const frames = [];
const Broken = defineComponent({ props: ['item'], render() { return h('li', this.item.label.toUpperCase()); } });
for (const make of [
  () => createSSRApp({ render: () => h('ul', [{ label: 'ok' }, {}].map((item, i) => h(Broken, { key: i, item }))) }),
  () => createSSRApp({ template: '<p>{{ missing.deep }}</p>', data: () => ({}) }),
  () => { const a = createSSRApp({ setup() { throw new RangeError('setup failed'); } }); a.config.errorHandler = (e, _vm, info) => { errors.push(`handler saw ${e.message} in ${info}`); throw e; }; return a; },
]) {
  try { await renderToString(make()); errors.push('no error'); } catch (e) {
    errors.push(`${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ apps: 120, html });
printStackLines(frames);
