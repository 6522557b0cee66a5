'use strict';
// joi 18 (CJS; immutable schema objects cloned on every rule, a Base class
// hierarchy per type, refs and templates compiled to functions, extensions,
// external async validation, ValidationError extends Error with details):
// validate seeded user records against a nested schema with conditionals,
// refs, alternatives and custom messages; describe/build round trips; an
// extension type; async externals; errors thrown by assert() and by a
// custom rule, caught with their stacks.
const Joi = require('joi');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(8086);
const d = new Digest('joi');
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const address = Joi.object({
  street: Joi.string().min(3).max(40).required(),
  city: Joi.string().valid('Oslo', 'Lima', 'Pune', 'Kobe').required(),
  zip: Joi.string().pattern(/^\d{5}$/, 'zip code'),
});
const user = Joi.object({
  id: Joi.number().integer().positive().required(),
  username: Joi.string().alphanum().min(3).max(12).lowercase().required(),
  email: Joi.string().email({ tlds: { allow: false } }),
  password: Joi.string().min(8),
  repeat: Joi.valid(Joi.ref('password')).messages({ 'any.only': 'passwords must match' }),
  role: Joi.string().valid('admin', 'user', 'guest').default('guest'),
  level: Joi.when('role', { is: 'admin', then: Joi.number().min(5).required(), otherwise: Joi.number().max(4) }),
  tags: Joi.array().items(Joi.string().max(6)).unique().max(4),
  address: address.optional(),
  birth: Joi.date().iso().max('2020-01-01'),
  contact: Joi.alternatives().try(Joi.string().email({ tlds: { allow: false } }), Joi.number().integer().min(1000000)),
  meta: Joi.object().pattern(/^x-/, Joi.any()).unknown(false),
}).with('password', 'repeat').xor('email', 'contact').rename('name', 'username', { ignoreUndefined: true });

const words = ['ada', 'Bob', 'cy', 'dee_1', 'eve', 'Frankenstein99', 'gus', 'h@l', ''];
function record(i) {
  const r = { id: rand() < 0.05 ? -i : i + 1 };
  r[rand() < 0.1 ? 'name' : 'username'] = pick(words) + (rand() < 0.5 ? i % 10 : '');
  if (rand() < 0.6) r.email = rand() < 0.8 ? `${pick(words)}@example.com` : 'not-an-email';
  else if (rand() < 0.5) r.contact = rand() < 0.5 ? 5551234 + i : '12';
  if (rand() < 0.5) { r.password = 'secret' + i; r.repeat = rand() < 0.8 ? r.password : 'nope'; }
  if (rand() < 0.7) r.role = pick(['admin', 'user', 'guest', 'root']);
  if (rand() < 0.6) r.level = Math.floor(rand() * 9);
  if (rand() < 0.5) r.tags = Array.from({ length: Math.floor(rand() * 6) }, () => pick(['a', 'b', 'c', 'verylongtag']));
  if (rand() < 0.5) r.address = { street: pick(['Main St', 'x', 'Long Road 5']), city: pick(['Oslo', 'Lima', 'Paris']), zip: pick(['12345', '1234a']) };
  if (rand() < 0.3) r.birth = pick(['1990-05-01', '2024-01-01', 'yesterday']);
  if (rand() < 0.2) r.meta = { 'x-a': 1, [pick(['x-b', 'y'])]: 2 };
  return r;
}

let valid = 0;
const counts = {};
for (let i = 0; i < 3000; i++) {
  const { error, value } = user.validate(record(i), { abortEarly: false, convert: true });
  if (error) {
    for (const det of error.details) counts[det.type] = (counts[det.type] || 0) + 1;
    if (i % 25 === 0) d.add(`err${i}`, { message: error.message, paths: error.details.map((x) => x.path.join('.')), annotate: error.annotate(true) });
  } else {
    valid++;
    if (i % 25 === 0) d.add(`ok${i}`, { ...value, birth: value.birth ? value.birth.toISOString() : undefined });
  }
}
d.add('counts', counts);

// describe() and build() round trip, and Joi.compile of a literal.
const desc = user.describe();
d.add('describe', desc);
const rebuilt = Joi.build(desc);
d.add('rebuilt', rebuilt.validate({ id: 3, username: 'abc', email: 'a@b.co' }).value);
d.add('compile', Joi.compile({ a: [1, 'x'], b: /^q/ }).validate({ a: 'x', b: 'qq' }).error === undefined);

// An extension: a "money" type with a coerce step, a rule with args, and messages.
const custom = Joi.extend((joi) => ({
  type: 'money',
  base: joi.number(),
  messages: { 'money.cents': '{{#label}} must have at most two decimals', 'money.cap': '{{#label}} must be under {{#cap}}' },
  coerce: { from: 'string', method(value) { return { value: Number(value.replace(/[$,]/g, '')) }; } },
  rules: {
    cents: { validate(value, helpers) { return Math.round(value * 100) === value * 100 ? value : helpers.error('money.cents'); } },
    cap: {
      method(cap) { return this.$_addRule({ name: 'cap', args: { cap } }); },
      args: [{ name: 'cap', assert: (v) => typeof v === 'number', message: 'must be a number' }],
      validate(value, helpers, { cap }) { return value < cap ? value : helpers.error('money.cap', { cap }); },
    },
  },
}));
const money = custom.money().cents().cap(1000);
d.add('money', ['$12.50', '1,234', '3.333', 99, 'abc'].map((v) => { const r = money.validate(v); return r.error ? r.error.message : r.value; }));

// Async: external validators (promises), and a custom() rule that throws.
class Registry {
  #taken = new Set(['ada1', 'bob2']);
  async isTaken(name) { await new Promise((r) => setImmediate(r)); return this.#taken.has(name); }
}
const registry = new Registry();
const signup = Joi.object({ username: Joi.string().required().external(async (v, helpers) => {
  if (await registry.isTaken(v)) return helpers.message({ external: '"username" is taken' });
  return v.toUpperCase();
}) });

const errors = [];
const frames = [];
(async () => {
  const asyncResults = [];
  for (const name of ['ada1', 'zed', 'bob2', 'quux']) {
    try { asyncResults.push(await signup.validateAsync({ username: name })); } catch (e) { asyncResults.push(`${e.name}: ${e.message}`); }
  }
  d.add('async', asyncResults);
  console.log(`valid=${valid} async=${JSON.stringify(asyncResults)}`);
  for (const bad of [
    () => Joi.assert({ id: 'x' }, user, 'user record'),
    () => Joi.attempt('ab', Joi.string().min(3)),
    () => Joi.number().min('nope'),
    () => Joi.string().custom((v) => { if (v === 'boom') throw new Error('custom rule exploded'); return v; }).validate('boom', { abortEarly: true }).error.details.map((x) => { throw x.context.error; }),
    () => custom.money().cap('lots'),
  ]) {
    try { bad(); errors.push('no error'); } catch (e) {
      errors.push(`${e.name}: ${e.message}`);
      frames.push(...stackLines(e));
    }
  }
  console.log(errors.map((e) => e.split('\n')[0]).join('\n'));
  d.add('errors', errors);
  d.print({ valid });
  printStackLines(frames);
})();
