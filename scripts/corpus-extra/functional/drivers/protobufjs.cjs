'use strict';
// protobufjs 8 (CJS; the reflection API: Root/Namespace/Type/Field/Enum/
// OneOf/Service built in code and from JSON descriptors, encoders/decoders/
// verifiers generated at run time with codegen (new Function), Writer/Reader
// over Uint8Array with varints and fixed64 via LongBits, message classes
// registered with a custom ctor, rpc.Service with an rpcImpl callback):
// build a schema by hand, encode/decode seeded messages (nested, repeated
// packed, maps, oneofs, bytes, 64-bit), toObject/fromObject conversions,
// delimited streams, a service round trip, and decode/verify errors.
const protobuf = require('protobufjs');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(2718);
const d = new Digest('protobufjs');
const { Root, Type, Field, MapField, Enum, OneOf, Service, Method } = protobuf;

const root = new Root();
const ns = root.define('corpus.v1');
const Kind = new Enum('Kind', { KIND_UNKNOWN: 0, KIND_FRUIT: 1, KIND_TOOL: 2, KIND_BOOK: 7 });
const Point = new Type('Point').add(new Field('x', 1, 'sint32')).add(new Field('y', 2, 'sint32'));
const Item = new Type('Item')
  .add(new Field('id', 1, 'uint64'))
  .add(new Field('name', 2, 'string'))
  .add(new Field('kind', 3, 'Kind'))
  .add(new Field('price', 4, 'double'))
  .add(new Field('tags', 5, 'string', 'repeated'))
  .add(new Field('scores', 6, 'int32', 'repeated', { packed: true }))
  .add(new Field('where', 7, 'Point'))
  .add(new MapField('attrs', 8, 'string', 'string'))
  .add(new Field('blob', 9, 'bytes'))
  .add(new Field('ratio', 10, 'float'))
  .add(new Field('signed', 11, 'sfixed64'))
  .add(new Field('flag', 12, 'bool'))
  .add(new Field('text', 13, 'string'))
  .add(new Field('count', 14, 'fixed32'))
  .add(new OneOf('payload', ['text', 'count']));
const Order = new Type('Order').add(new Field('items', 1, 'Item', 'repeated')).add(new Field('customer', 2, 'string')).add(new MapField('points', 3, 'int32', 'Point'));
ns.add(Kind).add(Point).add(Item).add(Order);
const Req = new Type('PriceReq').add(new Field('order', 1, 'Order'));
const Res = new Type('PriceRes').add(new Field('total', 1, 'double')).add(new Field('lines', 2, 'uint32'));
ns.add(Req).add(Res).add(new Service('Pricing').add(new Method('Quote', 'rpc', 'PriceReq', 'PriceRes')));
root.resolveAll();

// A message class with a getter and a method, registered as the Point ctor.
class PointMsg extends protobuf.Message {
  get norm() { return Math.hypot(this.x, this.y); }
  shifted(dx) { return PointMsg.create({ x: this.x + dx, y: this.y }); }
}
Point.ctor = PointMsg;

const names = ['apple', 'hammer', 'ünïcode', '', 'a'.repeat(200)];
function item(i) {
  const o = {
    id: i * 4294967311, // above 2^32: the LongBits path
    name: names[i % names.length] + i,
    kind: [0, 1, 2, 7][i % 4],
    price: Math.round(rand() * 1e6) / 100,
    tags: Array.from({ length: Math.floor(rand() * 4) }, (_x, j) => `t${j}`),
    scores: Array.from({ length: Math.floor(rand() * 20) }, () => Math.floor((rand() - 0.5) * 1e6)),
    where: { x: Math.floor((rand() - 0.5) * 1e5), y: Math.floor((rand() - 0.5) * 1e5) },
    attrs: Object.fromEntries(Array.from({ length: Math.floor(rand() * 3) }, (_x, j) => [`k${j}`, `v${i}`])),
    blob: Buffer.from(Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 256))),
    ratio: Math.fround(rand()),
    signed: -i * 123456789012,
    flag: rand() < 0.5,
  };
  if (rand() < 0.5) o.text = `text ${i}`; else o.count = i * 7;
  return o;
}

let bytes = 0;
for (let n = 0; n < 300; n++) {
  const order = { customer: `cust${n}`, items: Array.from({ length: 1 + Math.floor(rand() * 8) }, (_x, j) => item(n * 10 + j)), points: { 1: { x: n, y: -n }, [-n]: { x: 0, y: 1 } } };
  const err = Order.verify(order);
  if (err) { d.add(`verify${n}`, err); continue; }
  const msg = Order.fromObject(order);
  const buf = Order.encode(msg).finish();
  bytes += buf.length;
  const back = Order.decode(buf);
  const obj = Order.toObject(back, { longs: String, enums: String, bytes: String, defaults: n % 2 === 0, oneofs: true });
  if (n % 10 === 0) d.add(`order${n}`, { hex: Buffer.from(buf).toString('hex'), obj });
  else d.add(`len${n}`, buf.length);
}
d.add('json', Order.toJSON());
d.add('rootJson', root.toJSON());
const p = Point.decode(Point.encode({ x: 3, y: 4 }).finish());
d.add('ctor', [p instanceof PointMsg, p.norm, p.shifted(2).toJSON(), Item.oneofs.payload.oneof]);

// Rebuild the schema from its JSON descriptor and decode with it.
const root2 = Root.fromJSON(root.toJSON());
const Order2 = root2.lookupType('corpus.v1.Order');
const sample = Order.encode(Order.fromObject({ customer: 'x', items: [item(1)] })).finish();
d.add('fromJSON', Order2.toObject(Order2.decode(sample), { longs: Number, enums: String }));

// Length-delimited streams with a Writer and Reader.
const w = protobuf.Writer.create();
for (let i = 0; i < 50; i++) Item.encodeDelimited(item(i), w);
const stream = w.finish();
const r = protobuf.Reader.create(stream);
const got = [];
while (r.pos < r.len) got.push(Item.decodeDelimited(r).name);
d.add('delimited', [stream.length, got]);

// A service whose rpcImpl answers asynchronously.
const Pricing = root.lookupService('corpus.v1.Pricing');
const rpcImpl = (method, requestData, callback) => {
  setImmediate(() => {
    const req = Req.decode(requestData);
    const total = req.order.items.reduce((a, it) => a + it.price, 0);
    callback(null, Res.encode({ total, lines: req.order.items.length }).finish());
  });
};
const client = Pricing.create(rpcImpl, false, false);
const errors = [];
const frames = [];
client.quote({ order: { customer: 'svc', items: [item(5), item(6)] } }).then(async (res) => {
  d.add('rpc', res.toJSON());
  console.log(`orders=300 bytes=${bytes} rpc=${JSON.stringify(res.toJSON())}`);
  for (const bad of [
    () => Order.decode(Uint8Array.from([0x0a, 0xff, 0xff, 0x01])),
    () => Item.decode(Uint8Array.from([0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80])),
    () => { const e = Item.verify({ id: 'x', kind: 99, tags: 'nope' }); if (e) throw new TypeError(e); },
    () => root.lookupType('corpus.v1.Missing'),
    () => new Type('Bad').add(new Field('a', 1, 'NoSuchType')).resolveAll(),
    () => Item.fromObject({ where: 'not an object' }),
  ]) {
    try { bad(); errors.push('no error'); } catch (e) {
      errors.push(`${e.name}: ${e.message}`);
      frames.push(...stackLines(e));
    }
  }
  console.log(errors.join('\n'));
  d.add('errors', errors);
  d.print({ bytes });
  printStackLines(frames);
});
