'use strict';
// zone.js 0.16 for Node: it replaces the global Promise with its ZoneAwarePromise and patches timers,
// process.nextTick, EventEmitter and fs so that callbacks run in the zone they were scheduled from;
// zone-error replaces the global Error with a ZoneAwareError (frames of zone.js's own code left out
// of stacks); long-stack-trace-zone joins the stacks of scheduled tasks; fakeAsync runs timers on a
// simulated clock. Zones forked with specs that intercept invoke, scheduling and errors
// (onHandleError), task counts (onHasTask), and properties read through the zone chain.
require('zone.js/node');
require('zone.js/plugins/zone-error');
require('zone.js/plugins/long-stack-trace-zone');
require('zone.js/testing');
const { EventEmitter } = require('node:events');
const fs = require('node:fs');
const path = require('node:path');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('zone');
const rand = prng(4242);
const frames = [];
const SET = path.dirname(__dirname);
const log = [];
const portable = (s) => String(s).split(SET).join('<set>');
const ourLines = (stack) => portable(stack).split('\n').filter((l) => l.includes('<set>/drivers')).map((l) => l.trim());

function spec(name) {
  return {
    name,
    properties: { tag: name.toUpperCase() },
    onInvoke(parent, current, target, callback, applyThis, args, source) {
      log.push(`invoke ${target.name} ${source || '-'}`);
      return parent.invoke(target, callback, applyThis, args, source);
    },
    onScheduleTask(parent, current, target, task) {
      log.push(`schedule ${target.name} ${task.type} ${task.source}`);
      return parent.scheduleTask(target, task);
    },
    onInvokeTask(parent, current, target, task, applyThis, args) {
      log.push(`run ${target.name} ${task.type} ${task.source}`);
      return parent.invokeTask(target, task, applyThis, args);
    },
    onHasTask(parent, current, target, state) {
      log.push(`has ${target.name} micro=${state.microTask} macro=${state.macroTask} event=${state.eventTask} change=${state.change}`);
      parent.hasTask(target, state);
    },
    onHandleError(parent, current, target, error) {
      log.push(`error ${target.name} ${error.message}`);
      frames.push(...stackLines(error));
      d.add(`handled:${error.message}`, ourLines(error.stack));
      return false;
    },
  };
}

async function main() {
  d.add('globals', [Promise.name, typeof Zone, Zone.current.name, Error.name, typeof Error.captureStackTrace, Promise === global.Promise, String(Promise).slice(0, 30)]);
  const outer = Zone.current.fork(spec('outer'));
  const inner = outer.fork(spec('inner'));
  await new Promise((resolve) => {
    inner.run(function start() {
      setTimeout(function tick() {
        log.push(`timeout in ${Zone.current.name} tag=${Zone.current.get('tag')}`);
        process.nextTick(function nt() { log.push(`nextTick in ${Zone.current.name}`); });
        Promise.resolve(1).then(function then1(v) { log.push(`then in ${Zone.current.name} ${v}`); });
        const em = new EventEmitter();
        em.on('ping', function onPing(n) { log.push(`ping ${n} in ${Zone.current.name}`); });
        outer.run(() => em.emit('ping', 1));
        setImmediate(function imm() { log.push(`immediate in ${Zone.current.name}`); resolve(); });
      }, 1);
    });
  });
  d.add('log:scheduling', log.splice(0));

  // fs callbacks come back in the zone
  await new Promise((resolve) => inner.run(() => fs.readFile(__filename, 'utf8', function read(err, text) {
    log.push(`readFile in ${Zone.current.name} ok=${!err && text.length > 0}`);
    resolve();
  })));
  d.add('log:fs', log.splice(0));

  // errors: onHandleError for a throw in a timer and an unhandled ZoneAwarePromise rejection
  const erring = Zone.current.fork(spec('erring'));
  await new Promise((resolve) => {
    erring.run(() => {
      setTimeout(function failing() { throw new RangeError('timer failed'); }, 1);
      Promise.reject(new TypeError('rejected in zone'));
      setTimeout(resolve, 5);
    });
  });
  d.add('log:errors', log.splice(0));

  // ZoneAwareError: stacks with zone.js's frames left out, instanceof across Error's replacement
  function thrower(n) { if (n === 0) throw new Error('deep'); return thrower(n - 1); }
  try { inner.run(() => thrower(3)); } catch (err) {
    frames.push(...stackLines(err));
    d.add('zone-error', [err instanceof Error, Object.prototype.toString.call(err), err.name, err.message, ourLines(err.stack), typeof err.zoneAwareStack]);
  }
  class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }
  try { throw new MyError('subclassed'); } catch (err) {
    frames.push(...stackLines(err));
    d.add('zone-error:subclass', [err instanceof MyError, err instanceof Error, err.name, ourLines(err.stack)]);
  }
  // long stack traces across a timer
  const longZone = Zone.current.fork(Zone.longStackTraceZoneSpec).fork(spec('long'));
  const longStack = await new Promise((resolve) => longZone.run(function schedule() {
    setTimeout(function later() {
      try { throw new Error('after a timer'); } catch (err) { resolve(err); }
    }, 1);
  }));
  frames.push(...stackLines(longStack));
  d.add('long-stack', [longStack.message, ourLines(longStack.stack), (longStack.longStack || '').split('\n').filter((l) => l.includes('<set>') || l.includes(SET)).map((l) => portable(l).trim())]);
  d.add('log:long', log.splice(0));

  // fakeAsync: timers on a simulated clock, in order
  const { fakeAsync, tick, flushMicrotasks } = Zone[Zone.__symbol__('fakeAsyncTest')];
  const proxy = Zone.current.fork(new Zone.ProxyZoneSpec());
  const events = [];
  proxy.run(fakeAsync(() => {
    for (let i = 0; i < 8; i++) { const ms = Math.floor(rand() * 100); setTimeout(() => events.push(`t${i}@${ms}`), ms); }
    const iv = setInterval(() => events.push('interval'), 30);
    Promise.resolve().then(() => events.push('micro'));
    flushMicrotasks();
    tick(50);
    events.push('--50');
    tick(60);
    clearInterval(iv);
  }));
  d.add('fakeAsync', events);
  let fakeErr;
  try { proxy.run(fakeAsync(() => { setTimeout(() => { throw new Error('in fake timer'); }, 10); tick(20); })); } catch (err) { fakeErr = err; }
  frames.push(...stackLines(fakeErr));
  d.add('fakeAsync:error', [fakeErr && fakeErr.message, ourLines(fakeErr && fakeErr.stack)]);

  // async functions: native promises under the hood, zone kept by zone.js's patches only for its Promise
  const asyncZone = Zone.current.fork({ name: 'async' });
  const seen = await asyncZone.run(async () => {
    const before = Zone.current.name;
    await new Promise((r) => setTimeout(r, 1));
    return [before, Zone.current.name];
  });
  d.add('async', seen);
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
