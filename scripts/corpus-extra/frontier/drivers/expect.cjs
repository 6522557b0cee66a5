'use strict';
// jest's `expect` package alone (no jest): passing and failing matchers (their messages with diffs,
// colours off), toThrow against classes and messages, asymmetric matchers, custom matchers through
// expect.extend (this.equals, this.utils), resolves/rejects, and jest-mock's fn/spyOn with the
// toHaveBeenCalled* family. A failing matcher cuts its stack at the matcher with captureStackTrace.
const { expect } = require('expect');
const { ModuleMocker } = require('jest-mock');
const { Digest, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('expect');
const frames = [];
const strip = (s) => String(s).replace(/\x1b\[[0-9;]*m/g, '');

function check(label, fn) {
  try {
    const r = fn();
    if (r && typeof r.then === 'function') return r.then(() => d.add(label, 'pass'), (e) => failed(label, e));
    d.add(label, 'pass');
  } catch (e) {
    failed(label, e);
  }
  return undefined;
}
function failed(label, e) {
  d.add(label, [e.name, strip(e.message), e.matcherResult ? e.matcherResult.pass : null]);
  frames.push(...stackLines(e));
}

class Money {
  constructor(amount, currency) { this.amount = amount; this.currency = currency; }
  add(o) { if (o.currency !== this.currency) throw new TypeError(`cannot add ${o.currency} to ${this.currency}`); return new Money(this.amount + o.amount, this.currency); }
}
class InsufficientFunds extends Error { constructor(need) { super(`need ${need} more`); this.name = 'InsufficientFunds'; this.need = need; } }

expect.extend({
  toBeMoney(received, amount, currency) {
    const pass = received instanceof Money && received.amount === amount && received.currency === currency;
    return { pass, message: () => `expected ${this.utils.printReceived(received)} ${pass ? 'not ' : ''}to be ${amount} ${currency}` };
  },
  toEqualIgnoringCase(received, expected) {
    const pass = this.equals(String(received).toLowerCase(), String(expected).toLowerCase());
    return { pass, message: () => this.utils.matcherHint('toEqualIgnoringCase') + '\n\n' + this.utils.diff(expected, received) };
  },
});

(async () => {
  const ten = new Money(10, 'EUR');
  check('equal', () => expect(ten.add(new Money(5, 'EUR'))).toEqual(new Money(15, 'EUR')));
  check('equal:fail', () => expect(ten.add(new Money(5, 'EUR'))).toEqual(new Money(16, 'EUR')));
  check('strict:fail', () => expect({ a: undefined, b: 2 }).toStrictEqual({ b: 2 }));
  check('object', () => expect({ id: 7, tags: ['x', 'y'], meta: { at: 3 } }).toMatchObject({ tags: expect.arrayContaining(['y']), meta: { at: expect.any(Number) } }));
  check('object:fail', () => expect({ id: 7, tags: ['x'], meta: { at: '3' } }).toMatchObject({ id: 8, meta: { at: expect.any(Number) } }));
  check('throw', () => expect(() => ten.add(new Money(1, 'USD'))).toThrow(TypeError));
  check('throw:message', () => expect(() => ten.add(new Money(1, 'USD'))).toThrow(/cannot add USD/));
  check('throw:fail', () => expect(() => ten.add(new Money(1, 'EUR'))).toThrow());
  check('throw:class:fail', () => expect(() => { throw new InsufficientFunds(3); }).toThrow(RangeError));
  check('custom', () => expect(ten).toBeMoney(10, 'EUR'));
  check('custom:fail', () => expect(ten).toBeMoney(11, 'EUR'));
  check('custom:not:fail', () => expect(ten).not.toBeMoney(10, 'EUR'));
  check('case:fail', () => expect('Hello World').toEqualIgnoringCase('hello there'));
  check('close', () => expect(0.1 + 0.2).toBeCloseTo(0.3, 5));
  check('numbers:fail', () => expect(3).toBeGreaterThan(4));
  check('string:fail', () => expect('abcdef').toContain('xyz'));
  check('snapshot-like:fail', () => expect([1, 2, 3].map((x) => x * 2)).toEqual([2, 4, 7]));
  await check('resolves', () => expect(Promise.resolve(ten)).resolves.toBeMoney(10, 'EUR'));
  await check('rejects', () => expect(Promise.reject(new InsufficientFunds(4))).rejects.toThrow('need 4 more'));
  await check('rejects:fail', () => expect(Promise.resolve(1)).rejects.toThrow());

  const mocker = new ModuleMocker(globalThis);
  const fn = mocker.fn((x) => x * 2).mockName('doubler');
  fn(2); fn(5);
  fn.mockReturnValueOnce(100);
  fn(1);
  check('calls', () => expect(fn).toHaveBeenCalledTimes(3));
  check('calledWith', () => expect(fn).toHaveBeenNthCalledWith(2, 5));
  check('calledWith:fail', () => expect(fn).toHaveBeenCalledWith(7));
  check('returned', () => expect(fn).toHaveLastReturnedWith(100));
  const wallet = { balance: 5, spend(n) { if (n > this.balance) throw new InsufficientFunds(n - this.balance); this.balance -= n; return this.balance; } };
  const spy = mocker.spyOn(wallet, 'spend');
  wallet.spend(2);
  try { wallet.spend(10); } catch (e) { d.add('spy:threw', [e.name, e.need]); frames.push(...stackLines(e)); }
  check('spy:results', () => expect(spy.mock.results.map((r) => r.type)).toEqual(['return', 'throw']));
  check('spy:fail', () => expect(spy).toHaveBeenCalledTimes(1));
  spy.mockRestore();
  d.add('assertions', expect.getState().assertionCalls);
  d.print();
  printStackLines(frames);
})();
