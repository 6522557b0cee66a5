'use strict';
// yaml 2 (eemeli; CJS build of ES classes: Lexer -> Parser -> Composer,
// Document/YAMLMap/YAMLSeq/Scalar/Alias node classes with getters, visitor
// symbols (visit.SKIP/BREAK/REMOVE), custom tags, LineCounter, generators):
// stringify seeded documents in several option sets and parse them back, edit
// documents through the node API, walk them with visit(), stream CST tokens,
// and collect YAMLParseError/YAMLWarning messages with positions.
const YAML = require('yaml');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(777);
const words = ['plain', 'with: colon', 'true', '~', '0o17', '- item', 'line1\nline2\n', "it's", '"dq"', '#c', 'ÄÖÜ €', '', '2001-12-14t21:59:43.10-05:00', '.inf'];
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
function value(depth) {
  const r = rand();
  if (depth > 4 || r < 0.3) {
    const k = Math.floor(rand() * 6);
    if (k === 0) return Math.floor(rand() * 2e6) - 1e6;
    if (k === 1) return Math.round(rand() * 1e5) / 1000;
    if (k === 2) return rand() < 0.5;
    if (k === 3) return null;
    return pick(words);
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 5) }, () => value(depth + 1));
  const o = {};
  for (let i = Math.floor(rand() * 6); i > 0; i--) o[`${pick(words)}_${i}`] = value(depth + 1);
  return o;
}

const d = new Digest('yaml');
const optionSets = [
  {},
  { version: '1.1', indent: 4, lineWidth: 30, defaultStringType: 'QUOTE_DOUBLE' },
  { collectionStyle: 'flow', sortMapEntries: true, singleQuote: true },
  { blockQuote: 'literal', indentSeq: false, nullStr: '~', trueStr: 'yes', falseStr: 'no' },
];
let docs = 0;
let mismatches = 0;
for (let i = 0; i < 300; i++) {
  const v = { id: i, data: value(0), list: [value(2), value(3)] };
  v.again = v.list; // an anchor and alias
  for (const opts of optionSets) {
    let text;
    try {
      text = YAML.stringify(v, opts);
    } catch (e) {
      // sortMapEntries puts the alias before its anchor: yaml refuses (expected behaviour).
      d.add(`stringifyError:${i}`, e.message);
      continue;
    }
    d.add(`${i}:${JSON.stringify(opts)}`, text);
    docs++;
    const back = YAML.parse(text, { version: opts.version ?? '1.2', merge: true, maxAliasCount: 1000 });
    if (JSON.stringify(back) !== JSON.stringify(v)) {
      mismatches++;
      d.add(`mismatch:${i}`, JSON.stringify(back));
    }
  }
}

// Node API: edit a document, keep its comments, and walk it.
const src = `# config
%YAML 1.2
---
server: &srv # the server
  host: localhost
  ports: [80, 443]
  tls: { cert: a.pem, key: b.pem }
backup:
  <<: *srv
  host: backup.local
users:
  - name: ann   # admin
    roles: [admin, dev]
  - name: bob
    roles: []
notes: |
  multi
  line
...
`;
const doc = YAML.parseDocument(src, { merge: true, prettyErrors: true });
doc.setIn(['server', 'ports', 2], 8080);
doc.addIn(['users'], doc.createNode({ name: 'cy', roles: ['ops'] }));
doc.deleteIn(['server', 'tls', 'key']);
doc.get('users').items[0].commentBefore = ' first user';
const seen = [];
YAML.visit(doc, {
  Scalar(key, node, path) { seen.push(`${path.length}:${String(key)}:${String(node.value)}`); if (node.value === 'dev') return YAML.visit.REMOVE; },
  Pair(_key, pair) { if (pair.key && pair.key.value === 'notes') return YAML.visit.SKIP; },
  Alias(_key, node) { seen.push(`alias:${node.source}`); },
});
d.add('edited', doc.toString());
d.add('editedJS', doc.toJS({ maxAliasCount: 100 }));
d.add('visit', seen);
d.add('has', [doc.hasIn(['server', 'host']), doc.getIn(['backup', 'host']), YAML.isMap(doc.contents), YAML.isSeq(doc.get('users')), YAML.isAlias(doc.getIn(['backup', '<<']))]);

// Custom tag with a class.
class Money {
  constructor(cents) { this.cents = cents; }
  get euros() { return this.cents / 100; }
}
const moneyTag = {
  identify: (v) => v instanceof Money,
  tag: '!money',
  resolve: (str) => new Money(Math.round(parseFloat(str) * 100)),
  stringify: (item) => `${(item.value.cents / 100).toFixed(2)}`,
};
const m = YAML.parse('a: !money 12.34\nb: [!money 1, !money 0.5]\n', { customTags: [moneyTag] });
d.add('money', [m.a.euros, m.b.map((x) => x.euros), YAML.stringify(m, { customTags: [moneyTag] })]);

// Multi-document streams, the CST and line positions.
const stream = Array.from({ length: 40 }, (_, i) => YAML.stringify({ doc: i, v: value(1) })).join('---\n');
const all = YAML.parseAllDocuments(stream);
d.add('all', all.map((x) => x.toJS()));
const tokens = [];
for (const tok of new YAML.Parser().parse(stream.slice(0, 4000))) tokens.push(tok.type);
d.add('cst', tokens);
const lexed = [...new YAML.Lexer().lex('a: [1, {b: c}]\n- x\n')].map((t) => YAML.CST.tokenType(t) ?? JSON.stringify(t));
d.add('lex', lexed);
const lc = new YAML.LineCounter();
YAML.parseDocument(stream.slice(0, 2000), { lineCounter: lc });
d.add('lines', [lc.lineStarts.length, lc.linePos(500)]);

// Errors and warnings.
const errors = [];
const frames = [];
for (const bad of ['a: [1, 2', 'a: 1\na: 2\n', 'key: "unterminated', '- a\nb: c', 'x: *nope', '? [a]\n: b\n', '%FOO bar\n---\na']) {
  const pd = YAML.parseDocument(bad, { uniqueKeys: true });
  errors.push(pd.errors.map((e) => `${e.code}@${e.linePos?.[0]?.line}:${e.message.split('\n')[0]}`).join(' | ') || 'ok');
  errors.push(pd.warnings.map((w) => `${w.code}:${w.message.split('\n')[0]}`).join(' | ') || 'no warnings');
  try {
    YAML.parse(bad, { uniqueKeys: true });
    errors.push('parsed');
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.name}: ${e.code}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
try {
  YAML.stringify({ a: 1n }, { schema: 'json' });
} catch (e) {
  errors.push(`${e.constructor.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
console.log(errors.filter((e, i) => i % 3 === 2).map((e) => e.split('\n')[0]).join('\n'));
d.add('errors', errors);
d.print({ docs, mismatches, streamDocs: all.length, tokens: tokens.length });
printStackLines(frames);
