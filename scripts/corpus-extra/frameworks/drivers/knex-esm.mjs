// knex-esm: the knex driver as an ES module importing CommonJS knex. knex 3 (CJS; query builder classes with long prototype chains and mixins,
// per-dialect compilers (pg, mysql, sqlite3, mssql) extending a base compiler,
// schema builder, raw bindings, the lazy client constructor, EventEmitter
// builders, error paths for bad input): build seeded queries with every
// dialect, without any database, and digest their SQL and bindings.
import knexDefault from 'knex';
import util from './_util.cjs';

const knexLib = knexDefault.knex;
const { Digest, prng, stackLines, printStackLines } = util;

const d = new Digest('knex-esm');
const dialects = ['pg', 'mysql', 'sqlite3', 'mssql', 'oracledb'];
// no driver packages are installed: knex loads them only to connect
const clients = Object.fromEntries(dialects.map((c) => [c, knexLib({ client: c, useNullAsDefault: true })]));

const tables = ['users', 'orders', 'items', 'audit.log'];
const cols = ['id', 'name', 'email', 'total', 'created_at', 'status', 'meta'];
function build(k, seed, rand) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const t = pick(tables);
  let q = k(t);
  const kind = Math.floor(rand() * 6);
  if (kind === 0) {
    q = q.select(cols.filter(() => rand() < 0.5)).where(pick(cols), pick(['=', '>', '<>', 'like']), rand() < 0.5 ? seed : `v${seed}`);
    if (rand() < 0.5) q = q.orWhere((b) => b.whereIn('status', ['new', 'paid']).andWhereNot('total', '<', 10));
    if (rand() < 0.4) q = q.whereNull('meta').whereBetween('total', [1, 100]);
    if (rand() < 0.4) q = q.orderBy([{ column: 'name' }, { column: 'id', order: 'desc', nulls: 'last' }]).limit(10).offset(seed % 7);
    if (rand() < 0.3) q = q.groupBy('status').having('total', '>', 5).count('id as n');
  } else if (kind === 1) {
    q = q.insert(Array.from({ length: 1 + Math.floor(rand() * 3) }, (_x, i) => ({ name: `n${seed}-${i}`, total: seed * i, meta: JSON.stringify({ i }) })));
    if (rand() < 0.5) q = q.returning(['id', 'name']);
    if (rand() < 0.3) q = q.onConflict('email').merge(['name']);
  } else if (kind === 2) {
    q = q.where({ id: seed, status: 'new' }).update({ total: k.raw('?? + ?', ['total', seed]), status: 'seen' });
  } else if (kind === 3) {
    q = q.where('id', seed).del();
  } else if (kind === 4) {
    q = q.select('users.id', 'orders.total').join('orders', 'users.id', '=', 'orders.user_id').leftJoin('items', function () { this.on('items.order_id', '=', 'orders.id').andOn('items.qty', '>', k.raw('?', [seed % 5])); }).whereExists(function () { this.select('*').from('audit.log').whereRaw('audit.log.user_id = users.id'); });
  } else {
    const sub = k('orders').select('user_id').sum('total as s').groupBy('user_id').as('o');
    q = k.with('recent', (qb) => qb.select('*').from('orders').where('created_at', '>', `2024-01-0${1 + (seed % 9)}`)).select('u.name', 'o.s').from({ u: 'users' }).innerJoin(sub, 'o.user_id', 'u.id').union(function () { this.select('name', k.raw('0')).from('archived'); });
  }
  return q;
}


let built = 0;
const errors = [];
for (let i = 0; i < 500; i++) {
  for (const c of dialects) {
    // the same random choices for every dialect: one generator per query
    const q = build(clients[c], i, prng(1000 + i));
    try {
      const native = q.toSQL().toNative();
      d.add(`${c}:${i}`, { sql: native.sql, bindings: native.bindings.map(String), str: q.toString() });
      built++;
    } catch (e) {
      errors.push(`${c}:${i}:${e.message}`);
    }
  }
}

// schema builder
for (const c of dialects.filter((x) => x !== 'oracledb')) {
  const k = clients[c];
  const s = k.schema.withSchema('app').createTable('accounts', (t) => {
    t.increments('id');
    t.string('name', 120).notNullable().index();
    t.decimal('balance', 12, 2).defaultTo(0);
    t.jsonb('prefs');
    t.enu('kind', ['a', 'b']);
    t.timestamps(true, true);
    t.integer('owner_id').unsigned().references('id').inTable('users').onDelete('CASCADE');
    t.unique(['name', 'kind']);
  }).alterTable('users', (t) => { t.dropColumn('legacy'); t.renameColumn('nm', 'name'); t.boolean('active').defaultTo(true); })
    .raw('-- done');
  d.add(`schema:${c}`, s.toSQL().map((x) => x.sql));
  d.add(`schemaStr:${c}`, s.toString());
}

// raw, identifiers, bindings edge cases
const pg = clients.pg;
d.add('raw', [
  pg.raw('select * from ?? where id in (?) and name = :name', ['t', [1, 2, 3]]).toString(),
  pg.raw('select :col: from :tbl: where x = :val', { col: 'a', tbl: 'b', val: "it's" }).toString(),
  pg.ref('users.name').as('n').toString(),
  pg('t').where('j', '@>', pg.raw('?::jsonb', [JSON.stringify({ a: [1, 'x'] })])).toString(),
  pg('t').whereJsonPath('meta', '$.a', '=', 1).toString(),
  pg('t').select(pg.raw('count(*) over (partition by ??)', ['kind'])).toString(),
]);

// error paths: undefined bindings, bad operators, unknown client
let frames = [];
for (const fn of [
  () => pg('t').where('id', undefined).toString(),
  () => pg('t').where('id', 'bad op', 1).toString(),
  () => pg('t').insert({ a: undefined }).toSQL(),
  () => knexLib({ client: 'nosuchdb' }),
  () => pg.raw('select ?', []).toString(),
]) {
  try {
    const out = fn();
    errors.push(`ok:${typeof out === 'string' ? out : JSON.stringify(out && out.sql)}`);
  } catch (e) {
    errors.push(`${e.name}: ${e.message.split('\n')[0]}`);
    if (!frames.length) frames = stackLines(e);
  }
}
d.add('errors', errors);
console.log(errors.slice(-5).join('\n'));
d.print({ built });
printStackLines(frames);
