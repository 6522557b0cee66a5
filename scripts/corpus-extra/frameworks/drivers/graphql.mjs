// graphql-js 16 (ESM index.mjs; a hand-written lexer/parser, visitor with
// enter/leave, schema classes with lazy thunks and getters, validation rules,
// the executor's promise/value mixing, errors with locations and paths): build
// a schema in code and from SDL, execute seeded queries with sync and async
// resolvers, interfaces/unions, input objects, custom scalars, variables,
// fragments, directives, validation errors, resolver errors, subscriptions via
// async iterators, introspection, printSchema, visit() rewriting.
import {
  graphql, graphqlSync, buildSchema, printSchema, parse, print, visit, validate, execute, subscribe,
  GraphQLSchema, GraphQLObjectType, GraphQLString, GraphQLInt, GraphQLFloat, GraphQLBoolean, GraphQLID,
  GraphQLList, GraphQLNonNull, GraphQLInterfaceType, GraphQLUnionType, GraphQLEnumType, GraphQLInputObjectType,
  GraphQLScalarType, GraphQLError, Kind, getIntrospectionQuery, buildClientSchema, introspectionFromSchema,
  lexicographicSortSchema, TypeInfo, visitWithTypeInfo, separateOperations, stripIgnoredCharacters,
} from 'graphql';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(777001);
const d = new Digest('graphql');

// ---- data
const people = Array.from({ length: 60 }, (_x, i) => ({ id: `p${i}`, name: `Person ${i}`, age: 18 + Math.floor(rand() * 60), kind: i % 3 === 0 ? 'Robot' : 'Human', friends: [] }));
for (const p of people) for (let k = Math.floor(rand() * 5); k > 0; k--) p.friends.push(people[Math.floor(rand() * people.length)].id);
const byId = new Map(people.map((p) => [p.id, p]));

const DateScalar = new GraphQLScalarType({
  name: 'Day',
  description: 'a day number as YYYY-MM-DD',
  serialize(v) { if (typeof v !== 'number') throw new TypeError(`Day cannot serialize ${typeof v}`); const dt = new Date(Date.UTC(2020, 0, 1 + v)); return dt.toISOString().slice(0, 10); },
  parseValue(v) { if (!/^\d{4}-\d\d-\d\d$/.test(v)) throw new GraphQLError(`bad Day ${v}`); return Math.round((Date.parse(`${v}T00:00:00Z`) - Date.UTC(2020, 0, 1)) / 864e5); },
  parseLiteral(ast) { if (ast.kind !== Kind.STRING) throw new GraphQLError('Day literal must be a string', { nodes: ast }); return this.parseValue(ast.value); },
});
const Mood = new GraphQLEnumType({ name: 'Mood', values: { HAPPY: { value: 1 }, SAD: { value: -1 }, MEH: { value: 0, deprecationReason: 'too vague' } } });
const Being = new GraphQLInterfaceType({
  name: 'Being',
  fields: () => ({ id: { type: new GraphQLNonNull(GraphQLID) }, name: { type: GraphQLString } }),
  resolveType: (v) => v.kind,
});
const Human = new GraphQLObjectType({
  name: 'Human',
  interfaces: [Being],
  fields: () => ({
    id: { type: new GraphQLNonNull(GraphQLID) },
    name: { type: GraphQLString, args: { upper: { type: GraphQLBoolean, defaultValue: false } }, resolve: (p, { upper }) => (upper ? p.name.toUpperCase() : p.name) },
    age: { type: GraphQLInt },
    mood: { type: Mood, resolve: (p) => [1, -1, 0][p.age % 3] },
    born: { type: DateScalar, resolve: (p) => p.age * 11 },
    friends: { type: new GraphQLList(Being), args: { first: { type: GraphQLInt } }, resolve: async (p, { first }) => { await null; return p.friends.slice(0, first ?? 99).map((id) => byId.get(id)); } },
    secret: { type: GraphQLString, resolve: (p) => { if (p.age > 60) throw new Error(`secret of ${p.id} is sealed`); return `s-${p.id}`; } },
  }),
});
const Robot = new GraphQLObjectType({
  name: 'Robot',
  interfaces: [Being],
  fields: { id: { type: new GraphQLNonNull(GraphQLID) }, name: { type: GraphQLString }, model: { type: GraphQLString, resolve: (p) => `RX-${p.age}` }, strict: { type: new GraphQLNonNull(GraphQLString), resolve: (p) => (p.age % 2 ? null : 'even') } },
});
const SearchResult = new GraphQLUnionType({ name: 'SearchResult', types: [Human, Robot], resolveType: (v) => v.kind });
const PersonInput = new GraphQLInputObjectType({ name: 'PersonInput', fields: { name: { type: new GraphQLNonNull(GraphQLString) }, age: { type: GraphQLInt, defaultValue: 30 }, tags: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) } } });

class Ticker {
  constructor(n) { this.n = n; }
  async *[Symbol.asyncIterator]() { for (let i = 0; i < this.n; i++) { await null; yield { tick: i * i }; } }
}

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      person: { type: Being, args: { id: { type: new GraphQLNonNull(GraphQLID) } }, resolve: (_r, { id }) => byId.get(id) },
      people: { type: new GraphQLList(Being), args: { minAge: { type: GraphQLInt, defaultValue: 0 }, limit: { type: GraphQLInt } }, resolve: (_r, { minAge, limit }) => people.filter((p) => p.age >= minAge).slice(0, limit ?? 1000) },
      search: { type: new GraphQLList(SearchResult), args: { q: { type: GraphQLString } }, resolve: (_r, { q }) => new Promise((res) => setImmediate(() => res(people.filter((p) => p.name.includes(q))))) },
      avgAge: { type: GraphQLFloat, resolve: () => people.reduce((a, p) => a + p.age, 0) / people.length },
      dayOf: { type: GraphQLInt, args: { day: { type: DateScalar } }, resolve: (_r, { day }) => day },
    },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      addPerson: {
        type: Human,
        args: { input: { type: new GraphQLNonNull(PersonInput) } },
        resolve: async (_r, { input }) => {
          if (input.tags && input.tags.includes('forbidden')) throw new GraphQLError('forbidden tag', { extensions: { code: 'FORBIDDEN' } });
          const p = { id: `p${people.length}`, name: input.name, age: input.age, kind: 'Human', friends: ['p0'] };
          people.push(p);
          byId.set(p.id, p);
          return p;
        },
      },
    },
  }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: { ticks: { type: GraphQLInt, args: { n: { type: GraphQLInt } }, subscribe: (_r, { n }) => new Ticker(n)[Symbol.asyncIterator](), resolve: (ev) => ev.tick } },
  }),
  types: [Human, Robot],
});

const simplify = (r) => JSON.parse(JSON.stringify(r));

// ---- fixed queries
const fixed = [
  '{ person(id: "p1") { id name ... on Human { age mood born secret friends(first: 2) { id name } } ... on Robot { model } } }',
  '{ person(id: "p3") { __typename ... on Robot { model strict } } }',
  'query Q($m: Int) { people(minAge: $m, limit: 5) { ...F } } fragment F on Being { id name ... on Human { name(upper: true) } }',
  '{ search(q: "Person 1") { __typename ... on Human { id secret } ... on Robot { id strict } } }',
  '{ avgAge dayOf(day: "2020-03-01") }',
  '{ dayOf(day: 12) }',
  '{ person(id: "p2") { ... on Human { nope } } }',
  '{ person(id: "p2") { ... on Human { name @include(if: false) age @skip(if: false) } } }',
  '{ person(id: }',
  'mutation { addPerson(input: {name: "Neo", tags: ["a", "b"]}) { id name age friends { id } } }',
  'mutation { addPerson(input: {name: "Bad", tags: ["forbidden"]}) { id } }',
  'mutation { addPerson(input: {age: 3}) { id } }',
  '{ people(limit: 200) { id ... on Human { secret mood } ... on Robot { strict } } }',
];
let frames = [];
for (const [i, source] of fixed.entries()) {
  const res = await graphql({ schema, source, variableValues: { m: 40 } });
  d.add(`fixed:${i}`, simplify(res));
  for (const e of res.errors || []) {
    if (frames.length === 0 && e.originalError && e.originalError.message.startsWith('secret of')) frames = stackLines(e.originalError);
  }
}
console.log(`fixed errors: ${fixed.map((_s, i) => i).length}`);

// ---- seeded queries: build documents from random selections, run sync when possible
const fieldsFor = ['id', 'name', '__typename', '... on Human { age mood born }', '... on Robot { model }', '... on Human { friends(first: 3) { id name } }', '... on Human { secret }'];
let execs = 0;
for (let i = 0; i < 220; i++) {
  const sel = fieldsFor.filter(() => rand() < 0.5).join(' ') || 'id';
  const op = rand() < 0.5 ? `{ people(minAge: ${Math.floor(rand() * 70)}, limit: ${1 + Math.floor(rand() * 20)}) { ${sel} } }` : `query P($id: ID!) { person(id: $id) { ${sel} } }`;
  const doc = parse(op);
  const errs = validate(schema, doc);
  if (errs.length) { d.add(`invalid:${i}`, errs.map((e) => e.message)); continue; }
  const out = await execute({ schema, document: doc, variableValues: { id: `p${Math.floor(rand() * 70)}` } });
  d.add(`seeded:${i}`, simplify(out));
  d.add(`printed:${i}`, print(doc));
  execs++;
}

// ---- sync execution and its error when a resolver is async
d.add('sync', simplify(graphqlSync({ schema, source: '{ avgAge person(id: "p5") { id name } }' })));
try {
  graphqlSync({ schema, source: '{ search(q: "x") { __typename } }' });
} catch (e) {
  d.add('syncErr', `${e.name}: ${e.message}`);
}

// ---- subscription
const sub = await subscribe({ schema, document: parse('subscription { ticks(n: 6) }') });
const ticks = [];
for await (const ev of sub) ticks.push(ev.data.ticks);
d.add('ticks', ticks);

// ---- SDL schema with root value resolvers (classes with getters and methods)
const sdl = buildSchema(`
  """A shape"""
  interface Shape { area: Float! name: String }
  type Square implements Shape { side: Float! area: Float! name: String }
  type Circle implements Shape { r: Float! area: Float! name: String }
  enum Unit { CM MM }
  type Query { shapes(n: Int = 5, unit: Unit = CM): [Shape!]! describe(s: String!): String @deprecated(reason: "use shapes") }
`);
class Square { constructor(s) { this.side = s; } get area() { return this.side * this.side; } name() { return `square ${this.side}`; } }
class Circle { constructor(r) { this.r = r; } get area() { return Math.round(Math.PI * this.r * this.r * 1000) / 1000; } name() { return `circle ${this.r}`; } }
sdl.getType('Shape').resolveType = (v) => v.constructor.name;
const root = { shapes: ({ n, unit }) => Array.from({ length: n }, (_x, i) => (i % 2 ? new Square(i * (unit === 'MM' ? 10 : 1)) : new Circle(i + 1))), describe: ({ s }) => s.split('').reverse().join('') };
d.add('sdl', simplify(await graphql({ schema: sdl, source: '{ shapes(n: 7, unit: MM) { __typename area name ... on Square { side } } describe(s: "abc") }', rootValue: root })));
d.add('printSchema', printSchema(lexicographicSortSchema(schema)));
d.add('printSdl', printSchema(sdl));

// ---- introspection round trip
const intro = graphqlSync({ schema, source: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) });
const client = buildClientSchema(intro.data);
d.add('introRoundTrip', printSchema(client) === printSchema(schema));
d.add('introFromSchema', Object.keys(introspectionFromSchema(sdl).__schema).sort());

// ---- visitor that rewrites and TypeInfo
const big = parse('query A { people { id ...X } } query B { person(id: "1") { name } } fragment X on Being { name }');
const renamed = visit(big, { Field: { enter(node) { if (node.name.value === 'name') return { ...node, alias: { kind: Kind.NAME, value: 'label' } }; return undefined; } }, FragmentSpread: { leave() { return null; } } });
d.add('visited', print(renamed));
const ti = new TypeInfo(schema);
const seen = [];
visit(big, visitWithTypeInfo(ti, { Field() { seen.push(`${ti.getParentType()}.${ti.getFieldDef()?.name}:${ti.getType()}`); } }));
d.add('typeinfo', seen);
d.add('separate', Object.fromEntries(Object.entries(separateOperations(big)).map(([k, v]) => [k, print(v)])));
d.add('stripped', stripIgnoredCharacters('query  Q ( $a : Int ) {\n  people ( minAge : $a ) { id , name }\n}'));

// ---- a syntax error with its location
try {
  parse('{ a b { c } ');
} catch (e) {
  d.add('syntax', [e.message, e.locations, e.toString()]);
  console.log(e.message);
}
d.print({ execs, ticks: ticks.length });
printStackLines(frames);
