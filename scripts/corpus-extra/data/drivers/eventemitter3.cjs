'use strict';
// eventemitter3 5 (CJS; a function-constructor EventEmitter with prototype
// methods, an Events object created without a prototype, EE listener records,
// `arguments`-length fast paths in emit, prefixed keys, context binding):
// subclasses and mixins, on/once/off with contexts, emit with 0..7 arguments,
// symbols and prefixed names, listener removal during emit, and errors
// thrown by listeners and by misuse.
const EventEmitter = require('eventemitter3');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(60606);
const d = new Digest('eventemitter3');

class Bus extends EventEmitter {
  constructor(name) { super(); this.name = name; this.count = 0; }
  get label() { return `${this.name}#${this.count}`; }
  fire(event, ...args) { this.count++; return this.emit(event, ...args); }
}

const log = [];
const buses = Array.from({ length: 8 }, (_x, i) => new Bus(`bus${i}`));
const events = ['data', 'end', 'error-ish', Symbol.for('sym'), 'constructor', '__proto__', 'hasOwnProperty', ''];
const ctxs = [{ id: 'c0' }, { id: 'c1' }, null];
function handler(tag) {
  return function listener(...args) {
    log.push(`${tag}:${this && this.id ? this.id : this instanceof Bus ? this.name : typeof this}:${args.length}:${args.join(',')}`);
  };
}
const handlers = Array.from({ length: 12 }, (_x, i) => handler(`h${i}`));
let emitted = 0;
let delivered = 0;
for (let i = 0; i < 100000; i++) {
  const bus = buses[Math.floor(rand() * buses.length)];
  const ev = events[Math.floor(rand() * events.length)];
  const h = handlers[Math.floor(rand() * handlers.length)];
  const ctx = ctxs[Math.floor(rand() * ctxs.length)] ?? undefined;
  const r = rand();
  if (r < 0.25) bus.on(ev, h, ctx);
  else if (r < 0.35) bus.once(ev, h, ctx);
  else if (r < 0.45) bus.off(ev, h, ctx, rand() < 0.5);
  else if (r < 0.47) bus.removeAllListeners(rand() < 0.5 ? ev : undefined);
  else {
    const nargs = Math.floor(rand() * 8);
    const args = Array.from({ length: nargs }, (_y, j) => j * i);
    const before = log.length;
    if (bus.fire(ev, ...args)) emitted++;
    delivered += log.length - before;
  }
  if (log.length > 3000) {
    d.add(`log:${i}`, log.splice(0));
  }
}
d.add('log:end', log.splice(0));
d.add('state', buses.map((b) => ({ label: b.label, names: b.eventNames().map(String), counts: events.map((e) => b.listenerCount(e)), listeners: b.listeners('data').map((f) => f.name) })));

// A listener that removes itself and another during emit; once() ordering.
const ee = new EventEmitter();
const order = [];
function a() { order.push('a'); ee.off('x', b); }
function b() { order.push('b'); }
function c() { order.push('c'); ee.off('x', c); }
ee.on('x', a).on('x', b).on('x', c).once('x', () => order.push('once'));
ee.emit('x');
ee.emit('x');
d.add('order', order);

// The mixin style and prefixed names.
function Legacy() { EventEmitter.call(this); }
Legacy.prototype = Object.create(EventEmitter.prototype);
Legacy.prototype.constructor = Legacy;
const legacy = new Legacy();
legacy.addListener('ping', function pong(v) { order.push(`pong ${v} ${this === legacy}`); });
legacy.emit('ping', 1);
d.add('legacy', [order, EventEmitter.prefixed, typeof EventEmitter.EventEmitter, legacy instanceof EventEmitter]);
console.log(`emitted=${emitted} delivered=${delivered} order=${order.join(',')}`);

// Errors: a listener that throws (emit propagates it), non-function listeners.
const errors = [];
const frames = [];
const thrower = new Bus('thrower');
thrower.on('boom', function explode(n) { throw new RangeError(`listener exploded at ${n}`); });
for (const bad of [() => thrower.fire('boom', 7), () => thrower.on('x', 'not a function'), () => thrower.once('x', 42), () => new EventEmitter().emit('error', new Error('unhandled error event'))]) {
  try {
    errors.push(String(bad()));
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ emitted, delivered });
printStackLines(frames);
