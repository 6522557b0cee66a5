'use strict';
// ajv 8 (CJS; a code generator (CodeGen/Name/_ template tags) that compiles
// each JSON schema to JavaScript run through `new Function`, keyword classes,
// $ref resolution across schemas, custom keywords with their own compile
// functions, allErrors/coerceTypes/useDefaults/removeAdditional, and the
// standalone code emitter): compile a set of schemas, validate seeded data,
// digest results, errors, errorsText and the generated source, and catch the
// errors ajv throws for bad schemas and missing refs.
const Ajv = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(1234567);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const d = new Digest('ajv');

const defs = {
  $id: 'https://example.com/defs.json',
  $defs: {
    name: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[A-Za-z ]+$' },
    money: { type: 'number', minimum: 0, multipleOf: 0.25 },
    tag: { enum: ['a', 'b', 'c', 'd'] },
  },
};
const person = {
  $id: 'https://example.com/person.json',
  type: 'object',
  required: ['name', 'age'],
  properties: {
    name: { $ref: 'defs.json#/$defs/name' },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    email: { type: 'string', evenDigits: true },
    tags: { type: 'array', items: { $ref: 'defs.json#/$defs/tag' }, uniqueItems: true, maxItems: 3 },
    balance: { $ref: 'defs.json#/$defs/money' },
    address: {
      type: 'object',
      properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
      required: ['city'],
      additionalProperties: false,
    },
    kind: { type: 'string', default: 'regular' },
    friends: { type: 'array', items: { $ref: '#' }, maxItems: 2 },
  },
  if: { properties: { age: { maximum: 17 } } },
  then: { properties: { tags: { maxItems: 1 } } },
  else: { required: ['email'] },
  additionalProperties: false,
};
const order = {
  $id: 'https://example.com/order.json',
  type: 'object',
  properties: {
    buyer: { $ref: 'person.json' },
    lines: {
      type: 'array', minItems: 1,
      items: {
        type: 'object',
        properties: { sku: { type: 'string' }, qty: { type: 'integer', exclusiveMinimum: 0 }, price: { $ref: 'defs.json#/$defs/money' } },
        required: ['sku', 'qty'],
      },
    },
    status: { oneOf: [{ const: 'open' }, { const: 'closed' }, { type: 'integer' }] },
    discounts: { type: 'object', patternProperties: { '^d[0-9]+$': { type: 'number' } }, propertyNames: { maxLength: 4 } },
  },
  required: ['buyer', 'lines'],
  dependentRequired: { discounts: ['status'] },
};

function makeAjv(opts) {
  const ajv = new Ajv({ allErrors: true, strict: false, ...opts });
  ajv.addKeyword({
    keyword: 'evenDigits',
    type: 'string',
    schemaType: 'boolean',
    compile(enabled) {
      return function evenDigits(data) {
        const n = (data.match(/[0-9]/g) || []).length;
        return !enabled || n % 2 === 0;
      };
    },
    errors: false,
  });
  ajv.addSchema(defs);
  ajv.addSchema(person);
  return ajv;
}

const variants = [
  ['allErrors', makeAjv({})],
  ['coerce', makeAjv({ coerceTypes: 'array', useDefaults: true })],
  ['remove', makeAjv({ removeAdditional: 'all', allErrors: false })],
];

function personData(depth) {
  const p = { name: (rand() < 0.85 ? pick(['Ann', 'Bob Ray', 'Cy', 'Dee']) : pick(['', 'x1'])), age: (rand() < 0.8 ? pick([17, 30, 45, 60]) : pick([5, 151, -1, '42', 3.5])) };
  if (rand() < 0.9) p.email = pick(['a12@x.org', 'c@z.de', 'd44@q.io']);
  if (rand() < 0.5) p.tags = Array.from({ length: Math.floor(rand() * 3) }, () => pick(['a', 'b', 'c', 'd', 'e']));
  if (rand() < 0.5) p.balance = pick([10.5, 3.25, 8, -2, '7']);
  if (rand() < 0.4) p.address = pick([{ city: 'Berlin', zip: '10115' }, { zip: 'abc' }, { city: 'X', extra: 1 }]);
  if (rand() < 0.05) p.unknown = true;
  if (depth < 2 && rand() < 0.3) p.friends = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => personData(depth + 1));
  return p;
}
function orderData() {
  const o = {
    buyer: personData(0),
    lines: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({ sku: `s${Math.floor(rand() * 99)}`, qty: (rand() < 0.9 ? pick([1, 2, 5]) : pick([0, '3', 1.5])), price: pick([1.5, 2, 0.75, 0.3]) })),
  };
  if (rand() < 0.6) o.status = pick(['open', 'closed', 7, 'other', 2.5]);
  if (rand() < 0.4) o.discounts = pick([{ d1: 5 }, { d12345: 1 }, { x: 2 }, { d2: 'no' }]);
  return o;
}

let passed = 0;
let failed = 0;
const sources = [];
for (const [label, ajv] of variants) {
  const validate = ajv.compile(order);
  sources.push(validate.source && validate.source.validateCode ? validate.source.validateCode.length : validate.toString().length);
  for (let i = 0; i < 400; i++) {
    const data = orderData();
    const ok = validate(data);
    if (ok) passed++; else failed++;
    d.add(`${label}${i}`, [ok, data, validate.errors && validate.errors.map((e) => [e.instancePath, e.schemaPath, e.keyword, e.message, e.params]), ajv.errorsText(validate.errors)]);
  }
}

// Draft 2020-12 (unevaluatedProperties, prefixItems, $dynamicRef) and JSON Type Definition
// (compiled parsers and serializers).
const Ajv2020 = require('ajv/dist/2020').default;
const AjvJTD = require('ajv/dist/jtd').default;
const a2020 = new Ajv2020({ allErrors: true });
const tree = a2020.compile({
  $id: 'https://example.com/tree', $dynamicAnchor: 'node', type: 'object',
  properties: { v: { type: 'number' }, kids: { type: 'array', items: { $dynamicRef: '#node' } } },
  unevaluatedProperties: false,
});
const tupleV = a2020.compile({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false, minItems: 2, minContains: 1, contains: { const: 'x' } });
for (let i = 0; i < 60; i++) {
  const t = { v: i, kids: [{ v: i + 1, kids: [] }, { v: rand() < 0.2 ? 'bad' : 2, kids: [], ...(rand() < 0.2 ? { extra: 1 } : {}) }] };
  d.add(`tree${i}`, [tree(t), tree.errors && tree.errors.map((e) => [e.instancePath, e.keyword, e.message])]);
  const tup = pick([['x', 1], ['y', 2], ['x', 1.5], ['x', 1, 3]]);
  d.add(`tuple${i}`, [tupleV(tup), tupleV.errors && tupleV.errors.map((e) => [e.instancePath, e.keyword])]);
}
const jtd = new AjvJTD();
const jtdSchema = {
  properties: { id: { type: 'uint32' }, name: { type: 'string' }, when: { type: 'timestamp' }, tags: { elements: { enum: ['a', 'b'] } } },
  optionalProperties: { score: { type: 'float64' }, kind: { discriminator: 't', mapping: { p: { properties: { x: { type: 'int8' } } }, q: { properties: { y: { type: 'string' } } } } } },
};
const serialize = jtd.compileSerializer(jtdSchema);
const parse = jtd.compileParser(jtdSchema);
for (let i = 0; i < 80; i++) {
  const obj = { id: i, name: `n"${i}\u00e9`, when: '2020-01-01T00:00:00Z', tags: [pick(['a', 'b'])], score: rand() * 10, kind: pick([{ t: 'p', x: 3 }, { t: 'q', y: 'z' }]) };
  const text = serialize(obj);
  const broken = pick([text, text.replace('"id":', '"id":-'), text.slice(0, -2), text.replace('"a"', '"c"'), text.replace('"x":3', '"x":300')]);
  const back = parse(broken);
  d.add(`jtd${i}`, [text, back === undefined ? [parse.message, parse.position] : back]);
}

// Standalone code: the generated module source is deterministic.
const codeAjv = new Ajv({ code: { source: true, lines: true }, strict: false, schemas: [defs] });
codeAjv.addKeyword({ keyword: 'evenDigits', schemaType: 'boolean' });
codeAjv.addSchema(person);
const moduleCode = standaloneCode(codeAjv, { validatePerson: 'https://example.com/person.json' });
d.add('standalone', moduleCode);
const mod = { exports: {} };
new Function('module', 'exports', 'require', moduleCode)(mod, mod.exports, require);
d.add('standaloneRun', [mod.exports.validatePerson({ name: 'Ann', age: 30, email: 'x' }), mod.exports.validatePerson({ name: 3 })]);

// Async schema, and the errors ajv throws.
const asyncAjv = new Ajv({ strict: false });
asyncAjv.addKeyword({
  keyword: 'idExists',
  async: true,
  type: 'number',
  validate: async (schema, data) => { await null; return data % 2 === 0; },
});
const validateAsync = asyncAjv.compile({ $async: true, type: 'object', properties: { id: { type: 'number', idExists: true } } });
const thrown = [];
let frames = [];
for (const bad of [
  () => new Ajv().compile({ type: 'strnig' }),
  () => new Ajv().compile({ $ref: 'missing.json#/x' }),
  () => new Ajv().compile({ type: 'object', properties: { a: { minimum: 'x' } } }),
  () => new Ajv({ strict: true }).compile({ type: 'object', unknownKeyword: 1 }),
  () => { const a = new Ajv(); a.addSchema(defs); a.addSchema(defs); },
]) {
  try {
    bad();
    thrown.push('no error');
  } catch (e) {
    if (frames.length === 0) frames = stackLines(e);
    thrown.push(`${e.name}: ${e.message}`);
  }
}
console.log(thrown.join('\n'));
d.add('thrown', thrown);

Promise.all([2, 3, 4, 5].map((id) => validateAsync({ id }).catch((e) => [e.constructor.name, e.message, e.errors]))).then((r) => {
  d.add('asyncResults', r);
  d.print({ passed, failed, compiled: sources.length });
  printStackLines(frames);
});
