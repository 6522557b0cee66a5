// yup 1 (ESM index.esm.js; schema classes (Schema -> StringSchema ...) with
// immutable clone-on-write chains, conditional when(), lazy() and ref(),
// async and sync validation with ValidationError aggregation, transforms and
// casts, custom tests with this-context, locale messages, describe()):
// validate seeded form submissions against a nested schema, sync and async.
import * as yup from 'yup';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(4242);
const d = new Digest('yup');

yup.setLocale({ mixed: { required: ({ path }) => `${path} is needed` }, string: { email: 'not an email: ${value}' } });
yup.addMethod(yup.string, 'slug', function slug(msg = '${path} is not a slug') {
  return this.matches(/^[a-z0-9-]+$/, { message: msg, excludeEmptyString: true });
});

const takenNames = new Set(['root', 'admin']);
const address = yup.object({
  street: yup.string().trim().min(3).required(),
  city: yup.string().oneOf(['Oslo', 'Lima', 'Pune'], 'city ${value} is not served'),
  zip: yup.string().when('city', { is: 'Oslo', then: (s) => s.matches(/^\d{4}$/, 'Oslo zips have 4 digits').required(), otherwise: (s) => s.optional() }),
}).noUnknown('unknown address key');

const item = yup.lazy((v) => (v && v.kind === 'book'
  ? yup.object({ kind: yup.string().required(), isbn: yup.string().length(10).required(), qty: yup.number().integer().positive() })
  : yup.object({ kind: yup.string().required(), sku: yup.string().slug().required(), qty: yup.number().integer().min(1).max(9) })));

const order = yup.object({
  id: yup.number().required().positive().integer(),
  name: yup.string().slug().test('free-name', '${path} ${value} is taken', async (v) => { await null; return !takenNames.has(v); }).required(),
  email: yup.string().email().lowercase(),
  age: yup.number().transform((v, orig) => (orig === '' ? undefined : v)).min(18, 'too young: ${min}').nullable(),
  password: yup.string().min(6),
  confirm: yup.string().oneOf([yup.ref('password'), null], 'passwords differ'),
  day: yup.date().min(new Date('2020-01-01T00:00:00Z')).max(new Date('2030-01-01T00:00:00Z')),
  address: address.default(undefined).optional(),
  items: yup.array().of(item).min(1).max(5).required(),
  tags: yup.array(yup.string().slug()).compact().ensure(),
  coupon: yup.string().when(['items', 'age'], ([items, age], s) => (items && items.length > 3 && age > 60 ? s.required('senior bulk orders need a coupon') : s)),
  total: yup.number().test({
    name: 'sum', message: 'total ${value} does not match the items',
    test(value) { const items = this.parent.items || []; const sum = items.reduce((a, x) => a + (Number(x && x.qty) || 0), 0); return value === undefined || value === sum || this.createError({ message: `total should be ${sum}`, path: 'total' }); },
  }),
  meta: yup.mixed().test('plain', 'meta must be plain', (v) => v === undefined || Object.getPrototypeOf(v) === Object.prototype),
  status: yup.mixed().oneOf(['new', 'paid']).default('new'),
  tuple: yup.tuple([yup.string().label('first'), yup.number().label('second')]).optional(),
});

// half of the submissions take the first (valid) option of every field
let clean = false;
const pick = (xs) => (clean ? (rand(), xs[0]) : xs[Math.floor(rand() * xs.length)]);
function submission(i) {
  clean = rand() < 0.5;
  const items = Array.from({ length: clean ? 1 + Math.floor(rand() * 3) : Math.floor(rand() * 7) }, () => (rand() < 0.4 ? { kind: 'book', isbn: pick(['0123456789', '12345', '9876543210']), qty: pick([1, 2, -1, 1.5]) } : { kind: 'gadget', sku: pick(['ab-1', 'Bad SKU', 'x']), qty: pick([1, 3, 12, '4']) }));
  return {
    id: pick([i + 1, -i, '7', 'x']),
    name: pick(['neo', 'root', 'trinity-2', 'Bad Name', `user-${i}`]),
    email: pick([`U${i}@Example.COM`, 'nope', undefined]),
    age: pick([30, 17, '45', '', null, 70]),
    password: 'secret1',
    confirm: pick(['secret1', 'secret2']),
    day: pick(['2024-05-06T00:00:00Z', '2019-12-31T00:00:00Z', 'not a date']),
    address: rand() < 0.3 ? undefined : { street: pick(['  12 Elm St ', 'St']), city: pick(['Oslo', 'Lima', 'Rome']), zip: pick(['0150', '15000', undefined]), ...(rand() < 0.1 && !clean ? { extra: 1 } : {}) },
    items,
    tags: [pick(['a', 'b-c', 'Bad']), '', pick(['x', 'y'])],
    coupon: rand() < 0.5 ? undefined : 'SAVE',
    total: pick([items.reduce((a, x) => a + (Number(x.qty) || 0), 0), undefined, 999]),
    meta: rand() < 0.1 && !clean ? new Map() : { n: i },
    status: pick([undefined, 'new', 'lost']),
    tuple: rand() < 0.3 ? pick([['a', 2], ['a', 'b']]) : undefined,
  };
}

let ok = 0;
let bad = 0;
for (let i = 0; i < 400; i++) {
  const input = submission(i);
  let out;
  try {
    const value = await order.validate(input, { abortEarly: false, stripUnknown: i % 4 === 0 });
    ok++;
    out = { ok: JSON.parse(JSON.stringify(value)) };
  } catch (e) {
    if (!(e instanceof yup.ValidationError)) throw e;
    bad++;
    out = { errors: e.errors, paths: e.inner.map((x) => `${x.path}:${x.type}`), name: e.name };
  }
  d.add(`async:${i}`, out);
  // sync validation cannot run the async test: yup says so
  try {
    d.add(`sync:${i}`, JSON.parse(JSON.stringify(order.omit(['name']).validateSync(input, { abortEarly: true }))));
  } catch (e) {
    d.add(`syncErr:${i}`, [e.name, e.message]);
  }
  d.add(`valid:${i}`, address.isValidSync(input.address));
  d.add(`cast:${i}`, JSON.parse(JSON.stringify(order.omit(['meta']).cast(input, { assert: false }))));
}

// reach, describe, concat, clone-on-write chains
d.add('describe', order.describe());
d.add('reach', yup.reach(order, 'address.city').describe());
const base = yup.string().min(2);
const stricter = base.max(5).concat(yup.string().uppercase().strict());
d.add('chains', [base.isValidSync('abcdefgh'), stricter.isValidSync('abcdefgh'), stricter.isValidSync('ABC'), stricter.isValidSync('abc')]);
d.add('defaults', order.getDefault());

// an async error thrown by a test function (not a validation failure) propagates
let frames = [];
const broken = yup.string().test('explodes', 'x', () => { throw new RangeError('test function exploded'); });
try {
  await broken.validate('v');
} catch (e) {
  frames = stackLines(e);
  d.add('broken', `${e.name}: ${e.message}`);
  console.log(`${e.name}: ${e.message}`);
}
try {
  order.validateSync({ id: 1, name: 'neo', items: [{ kind: 'x', sku: 'ab', qty: 1 }] });
} catch (e) {
  d.add('syncAsync', `${e.name}: ${e.message}`);
  console.log(`${e.name}: ${e.message}`);
}
d.print({ ok, bad });
printStackLines(frames);
