// zod 4 (real ESM; schema classes built by a $constructor factory with
// prototype mixins, lazy getters, checks, refinements/superRefine, transforms
// and pipes, discriminated unions, recursive schemas via getters, async
// refinements, JSON Schema output, ZodError with issue paths and the
// prettify/treeify/flatten formatters): validate seeded documents, some
// valid and some broken in seeded ways, and digest results and error reports.
import * as z from 'zod';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(8675309);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const d = new Digest('zod');

const Tag = z.enum(['red', 'green', 'blue']);
const Money = z.string().regex(/^\d+\.\d{2}$/, 'money as 0.00').transform((s) => Math.round(Number(s) * 100));
const Address = z.object({
  street: z.string().min(3).max(40),
  zip: z.string().length(5).refine((s) => /^\d+$/.test(s), { message: 'digits only' }),
  country: z.string().toUpperCase().default('DE'),
});
const Item = z.object({
  sku: z.string().startsWith('SKU-'),
  qty: z.number().int().positive().max(99),
  price: Money,
  tags: z.array(Tag).max(3).optional(),
});
const Payment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('card'), last4: z.string().length(4), expires: z.string().regex(/^\d{2}\/\d{2}$/) }),
  z.object({ kind: z.literal('iban'), iban: z.string().min(15).max(34) }),
  z.object({ kind: z.literal('cash') }),
]);
const Category = z.object({
  name: z.string(),
  get children() { return z.array(Category).optional(); },
});
const Order = z.object({
  id: z.uuid(),
  email: z.email(),
  createdAt: z.iso.datetime(),
  customer: z.object({ name: z.string().trim().min(1), age: z.number().gte(18).optional(), address: Address }),
  items: z.array(Item).nonempty(),
  payment: Payment,
  notes: z.string().nullable(),
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  category: Category,
  coupon: z.string().optional().pipe(z.string().min(4).optional()),
}).strict().superRefine((o, ctx) => {
  const total = o.items.reduce((s, i) => s + i.qty * i.price, 0);
  if (o.payment.kind === 'cash' && total > 50000) ctx.addIssue({ code: 'custom', message: `cash limit exceeded: ${total}`, path: ['payment'] });
}).transform((o) => ({ ...o, total: o.items.reduce((s, i) => s + i.qty * i.price, 0) }));

const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
function category(depth) {
  const c = { name: `cat${Math.floor(rand() * 100)}` };
  if (depth < 3 && rand() < 0.6) c.children = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => category(depth + 1));
  return c;
}
function order() {
  return {
    id: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    email: `${pick(['ann', 'bob', 'cy'])}${Math.floor(rand() * 100)}@example.${pick(['com', 'org', 'de'])}`,
    createdAt: `20${10 + Math.floor(rand() * 20)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}T12:34:56Z`,
    customer: { name: `  Name ${Math.floor(rand() * 1000)} `, age: 18 + Math.floor(rand() * 60), address: { street: 'Main Street 1', zip: '12345', country: pick(['de', 'fr', undefined]) } },
    items: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({ sku: `SKU-${Math.floor(rand() * 1e4)}`, qty: 1 + Math.floor(rand() * 20), price: `${Math.floor(rand() * 500)}.${10 + Math.floor(rand() * 89)}`, tags: [pick(['red', 'green', 'blue'])] })),
    payment: pick([{ kind: 'card', last4: '4242', expires: '12/30' }, { kind: 'iban', iban: 'DE89370400440532013000' }, { kind: 'cash' }]),
    notes: rand() < 0.5 ? null : 'leave at door',
    meta: { source: pick(['web', 'app']), n: Math.floor(rand() * 10), vip: rand() < 0.2 },
    category: category(0),
  };
}
const breakers = [
  (o) => { o.email = 'not-an-email'; },
  (o) => { o.items[0].qty = -1; },
  (o) => { o.items[0].price = '12.5'; },
  (o) => { o.items = []; },
  (o) => { o.payment = { kind: 'card', last4: '42' }; },
  (o) => { o.payment = { kind: 'bitcoin' }; },
  (o) => { o.customer.address.zip = '12a45'; },
  (o) => { o.extra = true; },
  (o) => { o.category.children = [{ name: 5 }]; },
  (o) => { o.createdAt = 'yesterday'; },
  (o) => { o.customer.age = 12; o.items[0].tags = ['red', 'pink', 'blue', 'red']; },
  (o) => { o.coupon = 'ab'; },
  (o) => { o.payment = { kind: 'cash' }; o.items = [{ sku: 'SKU-1', qty: 99, price: '999.99' }]; },
  (o) => { o.meta.bad = { nested: 1 }; },
];

let valid = 0;
let invalid = 0;
let frames = [];
for (let i = 0; i < 500; i++) {
  const o = order();
  if (rand() < 0.6) pick(breakers)(o);
  const r = Order.safeParse(o);
  if (r.success) {
    valid++;
    d.add(`ok${i}`, r.data);
  } else {
    invalid++;
    d.add(`err${i}`, [r.error.issues.map((x) => [x.code, x.path.join('.'), x.message]), z.prettifyError(r.error), z.treeifyError(r.error), z.flattenError(r.error)]);
  }
  if (i === 3) {
    try {
      Order.parse({ ...o, items: 'nope' });
    } catch (e) {
      frames = stackLines(e);
      d.add('thrown', [e.name, e instanceof z.ZodError, e.issues.length]);
      console.log(`${e.name}: ${e.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    }
  }
}

// Async refinements, coercion, defaults, catch, brand, lazy, JSON schema.
const Username = z.string().min(3).refine(async (s) => {
  await new Promise((resolve) => setImmediate(resolve));
  return !['root', 'admin'].includes(s);
}, 'reserved name');
d.add('async', await Promise.all(['ann', 'root', 'xy', 'admin', 'zed'].map(async (s) => {
  const r = await Username.safeParseAsync(s);
  return r.success ? r.data : r.error.issues[0].message;
})));
const Coerced = z.object({ n: z.coerce.number(), b: z.coerce.boolean(), when: z.coerce.date(), list: z.array(z.string()).catch(['fallback']) });
d.add('coerce', Coerced.parse({ n: '42', b: 0, when: '2020-02-02T00:00:00Z', list: 'bad' }));
const Tree = z.lazy(() => z.object({ v: z.number(), kids: z.array(Tree) }));
d.add('lazy', Tree.safeParse({ v: 1, kids: [{ v: 2, kids: [] }, { v: 'x', kids: [] }] }).error.issues);
d.add('jsonSchema', z.toJSONSchema(z.object({ a: z.string().min(2), b: z.array(z.number().int()).optional(), c: Tag, d: z.union([z.string(), z.null()]) })));
d.add('shape', Object.keys(Order.def ? Order.def : {}).sort());
d.add('errorMap', z.string().min(5, { error: (iss) => `need ${iss.minimum}, got ${String(iss.input).length}` }).safeParse('abc').error.issues[0].message);

// Functions with validated input/output, classes, maps/sets, template literals, codecs, locales.
const area = z.function({ input: [z.number().positive(), z.number().positive()], output: z.number() }).implement((w, h) => w * h);
const fnResults = [];
for (const args of [[2, 3], [-1, 3], ['2', 3]]) {
  try { fnResults.push(area(...args)); } catch (e) { fnResults.push(`${e.name}: ${e.issues.map((x) => `${x.path.join('.')} ${x.code}`).join(',')}`); }
}
d.add('functions', fnResults);
class Cents { constructor(c) { this.cents = c; } }
const Misc = z.object({
  m: z.instanceof(Cents),
  tags: z.set(z.string().min(1)).max(3),
  scores: z.map(z.string(), z.number().int()),
  key: z.templateLiteral(['user-', z.number(), '-', z.enum(['a', 'b'])]),
  when: z.iso.date(),
  id: z.string().brand('Id'),
  big: z.bigint().positive(),
  kind: z.literal(['x', 'y']),
  tuple: z.tuple([z.string(), z.number()], z.boolean()),
  nan: z.nan().optional(),
  p: z.promise(z.number()).optional(),
});
for (const input of [
  { m: new Cents(5), tags: new Set(['a']), scores: new Map([['x', 1]]), key: 'user-5-a', when: '2020-02-29', id: 'i', big: 5n, kind: 'x', tuple: ['a', 1, true, false] },
  { m: {}, tags: new Set(['', 'b', 'c', 'd']), scores: new Map([['x', 1.5]]), key: 'user-x-c', when: '2021-02-29', id: 4, big: -1n, kind: 'z', tuple: ['a'] },
]) {
  const r = Misc.safeParse(input);
  d.add('misc', r.success ? Object.keys(r.data).sort() : r.error.issues.map((x) => [x.code, x.path.map(String).join('.'), x.message]));
}
const IsoToDate = z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (dt) => dt.toISOString() });
d.add('codec', [IsoToDate.decode('2024-01-02T03:04:05Z').getTime(), IsoToDate.encode(new Date(0))]);
z.config(z.locales.de());
d.add('localeDe', z.object({ a: z.string().min(3), b: z.number().max(2) }).safeParse({ a: 'x', b: 5 }).error.issues.map((x) => x.message));
z.config(z.locales.en());
d.add('discriminator', Payment.safeParse({ kind: 'iban', iban: 'short' }).error.issues.map((x) => [x.code, x.message]));
d.add('metaRegistry', (() => {
  const reg = z.registry();
  const S = z.string().meta({ title: 'Name' });
  reg.add(S, { description: 'a name' });
  return [reg.get(S), z.globalRegistry.get(S)];
})());

// A refinement that throws: zod does not catch it, so the stack passes through zod's checks.
try {
  z.object({ a: z.array(z.string().refine((s) => { if (s === 'boom') throw new TypeError(`refine threw on ${s}`); return true; })) }).parse({ a: ['x', 'boom'] });
} catch (e) {
  frames.push(...stackLines(e));
  d.add('refineThrew', `${e.name}: ${e.message}`);
  console.log(`${e.name}: ${e.message}`);
}
d.print({ valid, invalid });
printStackLines(frames);
