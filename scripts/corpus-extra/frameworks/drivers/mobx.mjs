// mobx (ESM build; Proxy-based observable objects/arrays/maps, computed
// getters with caching, reactions/autorun/when, actions and flows (generator
// based async), makeObservable / makeAutoObservable on classes, intercept and
// observe, spy, strict-mode errors): a seeded shopping/todo model driven
// through thousands of actions, with derivations recorded after each step.
import mobx from 'mobx';
import util from './_util.cjs';
// mobx's "node" export is a CJS file that picks a build by NODE_ENV, so its
// names are not statically visible to ESM: destructure the default export.
const {
  observable, computed, autorun, reaction, when, action, runInAction, makeObservable, makeAutoObservable,
  flow, configure, toJS, isObservable, isObservableProp, intercept, observe, trace, spy, compareStructural, onReactionError,
  ObservableMap, keys, values, entries, set: mset, remove: mremove, transaction, untracked, getDependencyTree,
} = mobx;

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(9001);
const d = new Digest('mobx');
configure({ enforceActions: 'observed', computedRequiresReaction: false });

class Item {
  id; name; price; qty = 1;
  constructor(id, name, price) {
    this.id = id; this.name = name; this.price = price;
    makeObservable(this, { name: observable, price: observable, qty: observable, total: computed, bump: action, label: computed({ equals: compareStructural }) });
  }
  get total() { return Math.round(this.price * this.qty * 100) / 100; }
  get label() { return { text: `${this.name} x${this.qty}` }; }
  bump(n = 1) { this.qty += n; }
}

class Cart {
  items = [];
  coupons = new Map();
  log = [];
  constructor() { makeAutoObservable(this, { log: false }, { autoBind: true }); }
  get subtotal() { return Math.round(this.items.reduce((a, i) => a + i.total, 0) * 100) / 100; }
  get discount() { let pct = 0; for (const [, v] of this.coupons) pct += v; return Math.min(pct, 50); }
  get total() { return Math.round(this.subtotal * (100 - this.discount)) / 100; }
  get count() { return this.items.length; }
  add(item) { this.items.push(item); }
  removeAt(i) { this.items.splice(i, 1); }
  coupon(code, pct) { this.coupons.set(code, pct); }
  dropCoupon(code) { this.coupons.delete(code); }
  *checkout(delayTicks) {
    const before = this.total;
    for (let i = 0; i < delayTicks; i++) yield Promise.resolve(i);
    if (before > 100000) throw new RangeError(`cart too large: ${before}`);
    this.items = [];
    return before;
  }
}

const cart = new Cart();
const derivations = [];
const disposeAutorun = autorun(() => { derivations.push(`auto:${cart.count}:${cart.total}`); });
const disposeReaction = reaction(() => cart.discount, (disc, prev) => derivations.push(`disc:${prev}->${disc}`), { fireImmediately: true });
let whenFired = 0;
when(() => cart.count >= 25, () => { whenFired++; derivations.push('when:25'); });

// intercept and observe on an observable array
const interceptLog = [];
const stopIntercept = intercept(cart.items, (change) => { if (change.type === 'splice' && change.added.some((i) => i.price < 0)) { interceptLog.push('rejected negative'); return null; } return change; });
const stopObserve = observe(cart.items, (change) => interceptLog.push(`${change.type}:${change.addedCount ?? ''}:${change.removedCount ?? ''}`));

const names = ['apple', 'pear', 'fig', 'kiwi', 'plum', 'lime'];
let nextId = 1;
for (let step = 0; step < 1500; step++) {
  const r = rand();
  if (r < 0.35 || cart.count === 0) cart.add(new Item(nextId++, names[Math.floor(rand() * names.length)], Math.round(rand() * 5000) / 100));
  else if (r < 0.55) cart.items[Math.floor(rand() * cart.count)].bump(1 + Math.floor(rand() * 3));
  else if (r < 0.65) cart.removeAt(Math.floor(rand() * cart.count));
  else if (r < 0.75) cart.coupon(`C${Math.floor(rand() * 5)}`, Math.floor(rand() * 20));
  else if (r < 0.8) cart.dropCoupon(`C${Math.floor(rand() * 5)}`);
  else if (r < 0.85) runInAction(() => { for (const it of cart.items) it.price = Math.round(it.price * 1.01 * 100) / 100; });
  else if (r < 0.9) cart.add(new Item(nextId++, 'bad', -1));
  else { const it = cart.items[Math.floor(rand() * cart.count)]; runInAction(() => { it.name = it.name.toUpperCase(); }); }
  if (step % 50 === 0) d.add(`snap:${step}`, toJS(cart.items).map((i) => [i.id, i.name, i.price, i.qty]));
}
d.add('derivations', derivations);
d.add('intercept', interceptLog.slice(0, 400));
d.add('labels', cart.items.map((i) => i.label.text));
stopIntercept(); stopObserve(); disposeReaction();

// enforceActions: mutating outside an action is a warning in mobx, an error under 'always'+observed? (we collect what it does)
const warnings = [];
const origWarn = console.warn;
console.warn = (...a) => warnings.push(a.join(' '));
cart.items.length && (cart.items[0].qty = 99);
console.warn = origWarn;
d.add('warnings', warnings);

// observable objects, maps and Proxies
const reactionErrors = [];
const frames = [];
onReactionError((e) => { reactionErrors.push(e.message); if (!frames.length) frames.push(...stackLines(e)); });
const state = observable({ a: 1, nested: { list: [1, 2, 3], map: new Map([['x', 1]]) }, get doubled() { return this.a * 2; } });
const seen = [];
const stop = autorun(() => { seen.push(`${state.a}/${state.doubled}/${state.nested.list.length}/${state.nested.map.get('x')}/${keys(state).join(',')}`); });
runInAction(() => { state.a = 5; state.nested.list.push(4); });
runInAction(() => { mset(state, 'b', 7); state.nested.map.set('x', 42); });
runInAction(() => { mremove(state, 'b'); delete state.nested.list; });
runInAction(() => { state.nested.list = [9]; });
stop();
d.add('proxy', [seen, isObservable(state), isObservableProp(state, 'a'), 'a' in state, Object.keys(state), JSON.stringify(toJS(state))]);

const om = new ObservableMap();
runInAction(() => { for (let i = 0; i < 200; i++) om.set(`k${Math.floor(rand() * 80)}`, i); });
d.add('omap', [om.size, [...keys(om)].slice(0, 10), values(om).slice(0, 5), entries(om).slice(-3)]);

// spy: events of one action, recorded by type
const spyTypes = [];
const stopSpy = spy((ev) => { if (ev.type && ev.type !== 'report-end') spyTypes.push(`${ev.type}:${ev.name || ''}`); });
cart.add(new Item(nextId++, 'spied', 1));
transaction(() => { cart.coupon('SPY', 1); });
stopSpy();
d.add('spy', spyTypes);
d.add('untracked', untracked(() => cart.count));
d.add('deps', getDependencyTree(disposeAutorun.$mobx ?? disposeAutorun[Object.getOwnPropertySymbols(disposeAutorun)[0]] ?? {}).dependencies?.map((x) => x.name.replace(/@\d+/, '@N')) ?? null);

d.add('reactionErrors', reactionErrors);
// flows: async checkout, one that fails
const total = await cart.checkout(3);
d.add('checkout', [total, cart.count]);
runInAction(() => { for (let i = 0; i < 30; i++) cart.add(new Item(nextId++, 'gold', 9000)); });
try {
  await cart.checkout(2);
} catch (e) {
  frames.push(...stackLines(e));
  d.add('checkoutErr', `${e.name}: ${e.message}`);
  console.log(`${e.name}: ${e.message}`);
}
// a cancelled flow rejects with FLOW_CANCELLED
const pending = cart.checkout(50);
pending.cancel();
try { await pending; } catch (e) { d.add('cancelled', e.message); }

// computed that throws is rethrown to readers
const bad = computed(() => { if (cart.count > 0) throw new Error('computed failed'); return 1; });
try { bad.get(); } catch (e) { d.add('computedErr', e.message); }
// modifying observed state outside an action under 'always'
configure({ enforceActions: 'always' });
const warned = [];
console.warn = (...a) => warned.push(String(a[0]).slice(0, 80));
const box = observable.box(1);
const s2 = autorun(() => box.get());
box.set(2);
s2();
console.warn = origWarn;
d.add('strict', warned);
disposeAutorun();
d.add('whenFired', whenFired);
d.print({ derivations: derivations.length, items: nextId - 1 });
printStackLines(frames);
