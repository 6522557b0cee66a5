'use strict';
// Task functions the worker-pool drivers run (not a driver): piscina and tinypool load this file in
// their workers (default export plus named ones), workerpool's worker script wraps the same functions.
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

function primes(limit) {
  const sieve = new Uint8Array(limit + 1);
  const out = [];
  for (let i = 2; i <= limit; i++) {
    if (sieve[i]) continue;
    out.push(i);
    for (let j = i * i; j <= limit; j += i) sieve[j] = 1;
  }
  return out;
}

function checkOrder(order) {
  if (!order.id) throw new TypeError(`order without id: ${JSON.stringify(order)}`);
  return order.items.reduce((sum, item) => sum + item.qty * item.price, 0);
}

function validate(order) { return { id: order.id, total: checkOrder(order) }; }

/** Sums the bytes of a transferred buffer and returns them reversed in a new one. */
function reverseBytes(buffer) {
  const view = new Uint8Array(buffer);
  let sum = 0;
  for (const b of view) sum += b;
  const out = new Uint8Array(view.length);
  for (let i = 0; i < view.length; i++) out[i] = view[view.length - 1 - i];
  return { sum, length: view.length, out };
}

async function slowSquare({ n, ticks }) {
  for (let i = 0; i < ticks; i++) await new Promise((resolve) => setImmediate(resolve));
  return n * n;
}

function task({ op, arg }) {
  switch (op) {
    case 'fib': return fib(arg);
    case 'primes': { const p = primes(arg); return { count: p.length, last: p.slice(-3) }; }
    case 'validate': return validate(arg);
    default: throw new RangeError(`unknown op ${op}`);
  }
}

module.exports = task;
module.exports.default = task;
module.exports.fib = fib;
module.exports.primes = primes;
module.exports.validate = validate;
module.exports.reverseBytes = reverseBytes;
module.exports.slowSquare = slowSquare;
