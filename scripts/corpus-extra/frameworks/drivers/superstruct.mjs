// superstruct 2 (ESM dist/index.mjs; Struct class with generator-based
// validators (yield* over nested failures), coercions, refinements, dynamic
// and lazy structs, StructError with a lazy failures() iterator, assign/omit/
// pick/partial combinators): validate, coerce and mask seeded API payloads.
import {
  object, string, number, integer, boolean, array, optional, nullable, enums, literal, union, intersection, type, record,
  tuple, map, set, date, refine, coerce, defaulted, size, pattern, min, max, nonempty, lazy, dynamic, assign, omit, pick as spick,
  partial, define, validate, assert, create, mask, is, StructError, trimmed, any, unknown, func, instance, never, deprecated,
} from 'superstruct';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(1212);
const d = new Digest('superstruct');

const Email = define('Email', (v) => typeof v === 'string' && /^[^@\s]+@[^@\s]+\.[a-z]+$/.test(v) || `not an email: ${JSON.stringify(v)}`);
const Slug = pattern(string(), /^[a-z0-9-]+$/);
const Positive = refine(number(), 'positive', (v) => v > 0 || `expected a positive number, got ${v}`);
const IntFromString = coerce(integer(), string(), (s) => Number.parseInt(s, 10));
const Tags = coerce(array(Slug), string(), (s) => s.split(',').map((x) => x.trim()));
class Money {
  constructor(cents) { this.cents = cents; }
  get euros() { return this.cents / 100; }
}
const MoneyStruct = coerce(instance(Money), number(), (n) => new Money(Math.round(n * 100)));

const Node = object({ name: string(), children: lazy(() => optional(array(Node))) });
const Address = object({ street: size(trimmed(string()), 3, 40), city: enums(['Oslo', 'Lima', 'Pune']), zip: optional(pattern(string(), /^\d{4,5}$/)) });
const Base = object({
  id: union([integer(), IntFromString]),
  slug: Slug,
  email: Email,
  age: defaulted(min(max(integer(), 130), 0), 30),
  price: MoneyStruct,
  tags: defaulted(Tags, []),
  address: optional(Address),
  kind: enums(['book', 'gadget']),
  details: dynamic((_v, ctx) => (ctx.branch[0] && ctx.branch[0].kind === 'book' ? object({ isbn: size(string(), 10, 10) }) : object({ sku: nonempty(string()) }))),
  flags: record(string(), boolean()),
  point: optional(tuple([number(), number()])),
  when: optional(date()),
  tree: optional(Node),
  status: union([literal('new'), literal('paid'), nullable(literal('void'))]),
});
const Product = assign(Base, object({ stock: refine(integer(), 'stock', (v) => v >= 0) }));
const ProductPatch = partial(omit(Product, ['id']));
const Summary = spick(Product, ['id', 'slug', 'kind']);
const Loose = type({ id: number(), slug: string() });
const Both = intersection([Loose, object({ id: number(), slug: string(), extra: optional(any()) })]);

// half of the payloads take the first (valid) option of every field
let clean = false;
const pk = (xs) => (clean ? (rand(), xs[0]) : xs[Math.floor(rand() * xs.length)]);
function tree(depth) { return { name: `n${depth}`, children: depth > 3 || rand() < 0.3 ? undefined : Array.from({ length: 1 + Math.floor(rand() * 3) }, () => tree(depth + 1)) }; }
function payload(i) {
  clean = rand() < 0.5;
  const kind = pk(['book', 'gadget', 'toy']);
  return {
    id: pk([i, String(i), 'x1', 1.5]),
    slug: pk([`item-${i}`, 'Bad Slug', '']),
    email: pk([`a${i}@ex.com`, 'nope', 42]),
    age: pk([undefined, 40, -3, 200, 7.5]),
    price: pk([12.34, 0.5, '3', new Money(5)]),
    tags: pk([undefined, 'a, b-c ,d', ['x', 'Y'], 'ok']),
    address: rand() < 0.3 ? undefined : { street: pk(['  Main street 1 ', 'St', 'x'.repeat(50)]), city: pk(['Oslo', 'Rome']), zip: pk([undefined, '0150', 'abc']) },
    kind,
    details: kind === 'book' ? { isbn: pk(['0123456789', '123']) } : { sku: pk(['SKU-1', '']) },
    flags: pk([{ a: true, b: false }, { a: 'yes' }, {}]),
    point: pk([undefined, [1, 2], [1, 'b'], [1, 2, 3]]),
    when: pk([undefined, new Date(Date.UTC(2024, 1, 3)), new Date(NaN), '2024-01-01']),
    tree: rand() < 0.5 ? tree(0) : undefined,
    status: pk(['new', 'paid', null, 'void', 'lost']),
    stock: pk([0, 5, -1, 2.5]),
    ...(rand() < 0.2 && !clean ? { unexpected: true } : {}),
  };
}

function describeError(err) {
  return { message: err.message, path: err.path, type: err.type, failures: err.failures().map((f) => `${f.path.join('.')}:${f.type}:${f.refinement ?? ''}:${f.message}`) };
}

let valid = 0;
let invalid = 0;
for (let i = 0; i < 700; i++) {
  const p = payload(i);
  const [err, value] = validate(p, Product, { coerce: true });
  if (err) { invalid++; d.add(`err:${i}`, describeError(err)); } else { valid++; d.add(`ok:${i}`, { ...value, price: value.price.euros, when: value.when ? value.when.toISOString() : null }); }
  const [merr, masked] = validate(p, Summary, { coerce: true, mask: true });
  d.add(`mask:${i}`, merr ? merr.message : masked);
  d.add(`patch:${i}`, is(p, ProductPatch));
  d.add(`loose:${i}`, [is(p, Loose), is({ id: i, slug: 's' }, Both)]);
}

// assert and create throw StructError; mask drops unknown keys
let frames = [];
try {
  assert({ id: 'nope' }, Summary, 'Summary failed');
} catch (e) {
  frames = stackLines(e);
  d.add('assert', [e instanceof StructError, e.name, describeError(e)]);
  console.log(`${e.name}: ${e.message}`);
}
try {
  create({ name: 1 }, Node);
} catch (e) {
  d.add('create', describeError(e));
}
d.add('mask', mask({ id: 1, slug: 'a', kind: 'book', extra: { deep: true } }, Summary));
d.add('set-map', [is(new Set([1, 2]), set(number())), is(new Map([['a', 1]]), map(string(), number())), is(new Map([['a', 'x']]), map(string(), number()))]);
d.add('misc', [is(() => 1, func()), is(1, never()), is(undefined, deprecated(string(), () => {})), is(2, unknown())]);
d.print({ valid, invalid });
printStackLines(frames);
