'use strict';
// mongoose 9 with no database (CJS; documents built by compiled getters and setters on generated
// prototypes, hooks run by kareem): schemas with nested paths, arrays of subdocuments, maps,
// discriminators, custom validators (sync and async), virtuals with getters and setters, path
// getters/setters, pre/post validate and save hooks (save runs against a stubbed collection, no
// server), methods and statics, casting errors, ValidationError messages, toObject/toJSON with
// transforms, change tracking (isModified, modifiedPaths, $__delta), Query building (getFilter,
// getOptions, cast errors) and ObjectIds from fixed hex strings.
const mongoose = require('mongoose');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const { Schema } = mongoose;
const d = new Digest('mongoose');
const rand = prng(2718);
const frames = [];
const hookLog = [];
const oid = (n) => new mongoose.Types.ObjectId(n.toString(16).padStart(24, '0'));

mongoose.set('strictQuery', true);
mongoose.set('autoCreate', false);
mongoose.set('autoIndex', false);

const Address = new Schema({
  street: { type: String, trim: true, required: true },
  zip: { type: String, match: /^\d{5}$/, get: (z) => (z ? `Z-${z}` : z) },
}, { _id: false, toObject: { getters: true } });

const Line = new Schema({
  sku: { type: String, uppercase: true, required: [true, 'sku is needed'] },
  qty: { type: Number, min: [1, 'qty {VALUE} below {MIN}'], max: 99, default: 1 },
  price: { type: Number, set: (v) => Math.round(v * 100) / 100 },
}, { _id: false }); // a subdocument's own ObjectId would come from the clock
Line.virtual('total').get(function total() { return Math.round(this.qty * this.price * 100) / 100; });

const Order = new Schema({
  _id: { type: Schema.Types.ObjectId },
  customer: {
    name: { type: String, required: true, minlength: 2 },
    email: {
      type: String, lowercase: true,
      validate: { validator: (v) => /^[^@]+@[^@]+$/.test(v), message: (p) => `${p.value} is not an email` },
    },
    address: Address,
  },
  status: { type: String, enum: ['new', 'paid', 'shipped'], default: 'new' },
  lines: [Line],
  tags: { type: [String], index: true },
  meta: { type: Map, of: Number },
  code: {
    type: String,
    validate: { validator: async (v) => { await new Promise((r) => setImmediate(r)); return !v || v.startsWith('C'); }, message: 'code must start with C' },
  },
  placedAt: Date,
  secret: { type: String, select: false },
}, {
  timestamps: false, versionKey: '__v', optimisticConcurrency: false,
  toJSON: { virtuals: true, transform(doc, ret) { delete ret.secret; ret.id = String(ret._id); return ret; } },
});
Order.virtual('lineCount').get(function lineCount() { return this.lines.length; });
Order.virtual('customer.display')
  .get(function display() { return `${this.customer.name} <${this.customer.email}>`; })
  .set(function setDisplay(v) { const m = /^(.*) <(.*)>$/.exec(v); this.customer.name = m[1]; this.customer.email = m[2]; });
Order.method('sum', function sum() { return this.lines.reduce((s, l) => s + l.total, 0); });
Order.static('byStatus', function byStatus(s) { return this.find({ status: s }).sort({ _id: -1 }).limit(5); });
Order.pre('validate', function preValidate() { hookLog.push(`pre-validate:${this.customer && this.customer.name}`); if (this.status === 'paid' && this.lines.length === 0) this.invalidate('lines', 'a paid order has lines'); });
Order.post('validate', function postValidate(doc) { hookLog.push(`post-validate:${doc.lineCount}`); });
Order.pre('save', async function preSave() { hookLog.push(`pre-save:${this.isNew}:${this.modifiedPaths().join(',')}`); if (this.code === 'CFAIL') throw new Error('pre-save refused'); });
Order.post('save', function postSave(doc, next) { hookLog.push(`post-save:${doc._id}`); next(); });
Order.post('save', function postSaveError(err, doc, next) { hookLog.push(`post-save-error:${err.message}`); next(err); });

const Model = mongoose.model('Order', Order);
const Express = Model.discriminator('ExpressOrder', new Schema({ courier: { type: String, required: true }, slaHours: { type: Number, default: 24 } }));

// save() without a server: the collection's insertOne/updateOne answer as a server would
const written = [];
for (const M of [Model, Express]) {
  M.collection.insertOne = async (doc) => { written.push(['insert', M.modelName, JSON.parse(JSON.stringify(doc))]); return { acknowledged: true, insertedId: doc._id }; };
  M.collection.updateOne = async (filter, update) => { written.push(['update', M.modelName, JSON.parse(JSON.stringify({ filter, update }))]); return { acknowledged: true, matchedCount: 1, modifiedCount: 1 }; };
}

function errInfo(err) {
  if (!err) return null;
  frames.push(...stackLines(err));
  const out = { name: err.name, message: err.message };
  if (err.errors) out.errors = Object.fromEntries(Object.entries(err.errors).map(([k, e]) => [k, [e.name, e.kind, e.message, e.path, e.value === undefined ? null : String(e.value)]]));
  if (err.reason) out.reason = [err.reason.name, err.reason.message];
  return out;
}

function seededOrder(i) {
  const lines = [];
  const n = Math.floor(rand() * 4);
  for (let j = 0; j < n; j++) lines.push({ sku: `sku-${i}-${j}`, qty: Math.floor(rand() * 120), price: rand() * 50 });
  return {
    _id: oid(1000 + i),
    customer: { name: i % 9 === 0 ? 'X' : `Customer ${i}`, email: i % 7 === 0 ? 'broken' : `C${i}@Example.test`, address: { street: `  ${i} Main St  `, zip: i % 5 === 0 ? '12a45' : String(10000 + i) } },
    status: ['new', 'paid', 'shipped', 'lost'][Math.floor(rand() * 4)],
    lines,
    tags: i % 3 ? ['a', `t${i % 4}`] : [],
    meta: { weight: Math.floor(rand() * 10), priority: i % 2 },
    code: i % 6 === 0 ? 'XBAD' : `C${i}`,
    placedAt: new Date(Date.UTC(2024, i % 12, 1 + (i % 27))),
    secret: `s${i}`,
  };
}

async function main() {
  // 1. sync and async validation of seeded documents
  for (let i = 0; i < 24; i++) {
    const doc = new Model(seededOrder(i));
    let asyncErr = null;
    try { await doc.validate(); } catch (err) { asyncErr = err; }
    // validateSync() skips async validators (and warns on stderr that it is deprecated): once
    const syncErr = i === 0 ? doc.validateSync() : null;
    d.add(`validate:${i}`, { sync: errInfo(syncErr), async: errInfo(asyncErr) });
    d.add(`doc:${i}`, { obj: doc.toObject({ getters: true, virtuals: true }), json: doc.toJSON(), sum: doc.sum(), display: doc.customer.display });
  }

  // 2. change tracking, virtual setters, map and array edits, saves through the stubbed collection
  const doc = new Model({ _id: oid(1), customer: { name: 'Ada', email: 'ada@x.test', address: { street: 'one', zip: '12345' } }, code: 'C1', lines: [{ sku: 'a', qty: 2, price: 3.333 }] });
  await doc.save();
  doc.set('customer.display', 'Grace <grace@y.test>');
  doc.lines.push({ sku: 'b', qty: 3, price: 2 });
  doc.lines[0].qty = 5;
  doc.meta = new Map([['w', 1]]);
  doc.meta.set('h', 2);
  doc.tags.addToSet('x', 'y', 'x');
  d.add('tracking', { modified: doc.modifiedPaths().sort(), isMod: [doc.isModified('customer'), doc.isModified('status')], direct: doc.directModifiedPaths().sort() });
  await doc.save();
  doc.code = 'CFAIL';
  let saveErr = null;
  try { await doc.save(); } catch (err) { saveErr = errInfo(err); }
  d.add('save', { saveErr, isNew: doc.isNew, version: doc.__v, written, hookLog });

  // 3. discriminators
  const ex = new Express({ _id: oid(2), customer: { name: 'Linus', email: 'l@x.test' }, lines: [{ sku: 'z', price: 9.999 }] });
  d.add('discriminator', { kind: ex.__t, err: errInfo(await ex.validate().then(() => null, (e) => e)), obj: ex.toObject(), instance: [ex instanceof Model, ex instanceof Express], sla: ex.slaHours });
  ex.courier = 'bike';
  await ex.save();

  // 4. casting: documents and queries
  const casts = [
    () => new Model({ placedAt: 'not a date', lines: [{ qty: 'many' }], meta: { w: 'heavy' } }).validate().then(() => null, (e) => e),
    () => Model.find({ _id: 'xyz' }).cast(),
    () => Model.find({ 'lines.qty': { $gt: 'ten' } }).cast(),
    () => Model.find({ nope: 1 }).cast(),
    () => Model.where('status').in(['new', 'paid']).where('lines.qty').gte(2).select('-secret customer.name').sort('-placedAt').skip(3).limit(2).lean(),
    () => Model.byStatus('paid'),
    () => Model.find({ $where: 'this.x' }).cast(),
    () => Model.updateOne({ _id: oid(3) }, { $inc: { __v: 1 }, $set: { 'customer.name': 7, 'lines.$.qty': '4' }, $push: { tags: 'q' } }).cast(),
  ];
  for (const [i, f] of casts.entries()) {
    try {
      let r = f();
      if (r instanceof Promise) r = await r; // not a Query: awaiting one would run it
      if (r && typeof r.getFilter === 'function') d.add(`cast:${i}`, { op: r.op, filter: JSON.parse(JSON.stringify(r.getFilter())), options: r.getOptions(), update: r.getUpdate ? JSON.parse(JSON.stringify(r.getUpdate() || null)) : null, fields: r._fields || null });
      else d.add(`cast:${i}`, r instanceof Error ? errInfo(r) : JSON.parse(JSON.stringify(r === undefined ? null : r)));
    } catch (err) {
      d.add(`cast:${i}`, errInfo(err));
    }
  }

  // 5. schema reflection
  d.add('schema', {
    paths: Object.keys(Order.paths).sort(),
    virtuals: Object.keys(Order.virtuals).sort(),
    types: Object.entries(Order.paths).map(([k, p]) => [k, p.instance]).sort(),
    indexes: Order.indexes(),
    ids: [oid(255).toHexString(), String(oid(4096)), oid(10).equals(oid(10)), mongoose.isValidObjectId('abc'), mongoose.isObjectIdOrHexString('0'.repeat(24))],
  });
  try {
    mongoose.model('Order', new Schema({}));
  } catch (err) { d.add('overwrite', errInfo(err)); }
  try {
    new Schema({ bad: { type: 'NoSuchType' } });
  } catch (err) { d.add('badType', errInfo(err)); }
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
