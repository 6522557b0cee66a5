// Mocha specs (ESM) for mocha.mjs: chai's expect/assert/should, sinon spies, stubs, fakes, a sandbox
// and fake timers; hooks, a failing assertion, a thrown error, a pending test, an async test.
import { expect, assert, should as chaiShould } from 'chai';
import sinon from 'sinon';

chaiShould();

class Cart {
  constructor(prices) { this.prices = prices; this.items = []; this.listeners = []; }
  add(sku, qty = 1) {
    if (!(sku in this.prices)) throw new RangeError(`unknown sku ${sku}`);
    this.items.push({ sku, qty });
    this.listeners.forEach((l) => l('add', sku));
    return this;
  }
  total() { return this.items.reduce((t, { sku, qty }) => t + this.prices[sku] * qty, 0); }
  onChange(l) { this.listeners.push(l); }
  checkout(pay) { return pay(this.total()).then((receipt) => ({ ...receipt, items: this.items.length })); }
  expireLater(ms, cb) { setTimeout(() => { this.items = []; cb(); }, ms); }
}

describe('Cart', function () {
  let cart;
  const calls = [];
  before(() => calls.push('before'));
  beforeEach(function () { cart = new Cart({ a: 3, b: 5, c: 11 }); calls.push(`beforeEach ${this.currentTest.title}`); });
  afterEach(() => calls.push('afterEach'));
  after(() => calls.push('after'));

  it('adds up items', () => {
    cart.add('a', 2).add('b');
    expect(cart.total()).to.equal(11);
    assert.deepEqual(cart.items.map((i) => i.sku), ['a', 'b']);
    cart.items.should.have.lengthOf(2);
  });
  it('throws on unknown skus', () => {
    expect(() => cart.add('z')).to.throw(RangeError, /unknown sku z/);
  });
  it('notifies listeners (spy)', () => {
    const spy = sinon.spy();
    cart.onChange(spy);
    cart.add('c').add('a', 4);
    sinon.assert.calledTwice(spy);
    sinon.assert.calledWith(spy, 'add', 'c');
    expect(spy.secondCall.args).to.deep.equal(['add', 'a']);
  });
  it('checks out with a stubbed payment (async)', async () => {
    const pay = sinon.stub().resolves({ ok: true, id: 'r-1' });
    cart.add('b', 3);
    const receipt = await cart.checkout(pay);
    expect(receipt).to.deep.equal({ ok: true, id: 'r-1', items: 1 });
    sinon.assert.calledOnceWithExactly(pay, 15);
  });
  it('rejects when payment fails (fake)', async () => {
    const pay = sinon.fake.rejects(new Error('card declined'));
    cart.add('a');
    await cart.checkout(pay).then(() => assert.fail('should reject'), (e) => expect(e.message).to.equal('card declined'));
    expect(pay.callCount).to.equal(1);
  });
  it('expires with fake timers', () => {
    const clock = sinon.useFakeTimers({ now: 1000, toFake: ['setTimeout', 'Date'] });
    try {
      const done = sinon.spy();
      cart.add('a').expireLater(5000, done);
      clock.tick(4999);
      expect(done.called).to.equal(false);
      clock.tick(1);
      expect(done.calledOnce).to.equal(true);
      expect(cart.items).to.be.empty;
      expect(Date.now()).to.equal(6000);
    } finally {
      clock.restore();
    }
  });
  it('sandboxes stubs of methods', () => {
    const sandbox = sinon.createSandbox();
    sandbox.stub(cart, 'total').returns(99);
    sandbox.stub(Cart.prototype, 'add').callsFake(function (sku) { return `faked ${sku}`; });
    expect(cart.total()).to.equal(99);
    expect(cart.add('q')).to.equal('faked q');
    sandbox.restore();
    expect(cart.total()).to.equal(0);
  });
  it('fails an assertion on purpose', () => {
    cart.add('c');
    expect(cart.total(), 'total of one c').to.equal(12);
  });
  it('fails with a thrown error on purpose', () => {
    cart.add('nope');
  });
  it('is pending');
  it.skip('is skipped', () => {});
  describe('nested', () => {
    it('sees hooks of the parent', () => {
      expect(calls.filter((c) => c.startsWith('beforeEach')).length).to.be.greaterThan(5);
      ({ a: 1, b: { c: [1, 2] } }).should.deep.include({ b: { c: [1, 2] } });
    });
    it('fails a deep equality on purpose', () => {
      assert.deepStrictEqual({ a: 1, list: [1, 2, 3], nested: { x: 'y' } }, { a: 1, list: [1, 2, 4], nested: { x: 'z' } });
    });
  });
  it('records hook calls', () => {
    expect(calls[0]).to.equal('before');
  });
});
