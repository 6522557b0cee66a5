// diff 9 (jsdiff, ESM; a Diff base class whose subclasses override tokenize/
// equals/join, Myers' O(ND) with path objects, callback and async modes,
// patch creation/parse/apply with fuzz): diff seeded texts by chars, words,
// lines, sentences, CSS, JSON and arrays; build unified patches, parse and
// apply them (also reversed and to mutated sources), run the callback API,
// a custom Diff subclass, and the errors patch parsing/applying throws.
import * as Diff from 'diff';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(2718);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const vocab = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog.', 'Lorem', 'ipsum', '42', 'déjà', 'vu!', '\t', 'foo()', '{', '}'];
const line = () => Array.from({ length: 2 + Math.floor(rand() * 10) }, () => pick(vocab)).join(' ');
function mutate(lines) {
  const out = [];
  for (const l of lines) {
    const r = rand();
    if (r < 0.08) continue; // delete
    if (r < 0.16) out.push(line()); // insert before
    if (r < 0.26) out.push(l.replace(/o/g, '0')); // change
    else out.push(l);
  }
  return out;
}

const d = new Digest('diff');
let hunks = 0;
let applied = 0;
let failedApply = 0;
for (let i = 0; i < 160; i++) {
  const a = Array.from({ length: 80 + Math.floor(rand() * 120) }, line);
  const b = mutate(a);
  const oldStr = `${a.join('\n')}\n`;
  const newStr = `${b.join('\n')}${i % 5 === 0 ? '' : '\n'}`;
  const lines = Diff.diffLines(oldStr, newStr, { ignoreWhitespace: i % 3 === 0 });
  d.add(`lines:${i}`, lines.map((p) => [p.added, p.removed, p.count]));
  d.add(`words:${i}`, Diff.diffWordsWithSpace(a.slice(0, 10).join(' '), b.slice(0, 10).join(' ')).map((p) => (p.added ? `+${p.value}` : p.removed ? `-${p.value}` : p.count)));
  d.add(`chars:${i}`, Diff.diffChars(a[0] ?? '', b[0] ?? '', { ignoreCase: true }).length);
  d.add(`sentences:${i}`, Diff.diffSentences(a.slice(0, 6).join('. '), b.slice(0, 6).join('. ')).length);
  const patch = Diff.createTwoFilesPatch(`a/f${i}.txt`, `b/f${i}.txt`, oldStr, newStr, 'old header', 'new header', { context: 1 + (i % 4) });
  d.add(`patch:${i}`, patch);
  const parsed = Diff.parsePatch(patch);
  hunks += parsed[0].hunks.length;
  const result = Diff.applyPatch(oldStr, patch);
  if (result === newStr) applied++;
  else failedApply++;
  // Apply to a slightly edited source, with fuzz; and reverse.
  const edited = oldStr.replace(/lazy/, 'LAZY');
  d.add(`fuzz:${i}`, String(Diff.applyPatch(edited, patch, { fuzzFactor: 2 })).length);
  d.add(`reverse:${i}`, Diff.applyPatch(newStr, Diff.reversePatch(parsed)) === oldStr);
  const structured = Diff.structuredPatch('x', 'y', oldStr, newStr, '', '', { context: 2 });
  d.add(`structured:${i}`, structured.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]));
}

// JSON, arrays, CSS, and a custom subclass comparing case-insensitively by word.
const objA = { a: 1, list: [1, 2, 3], nested: { x: 'y', when: new Date(0) }, undef: undefined };
const objB = { a: 2, list: [1, 3, 4], nested: { x: 'y', z: null }, extra: true };
d.add('json', Diff.diffJson(objA, objB, { undefinedReplacement: 'U' }).map((p) => [p.added, p.removed, p.value]));
d.add('arrays', Diff.diffArrays([1, 2, { k: 1 }, 4], [1, { k: 1 }, 4, 5], { comparator: (l, r) => JSON.stringify(l) === JSON.stringify(r) }));
d.add('css', Diff.diffCss('a { color: red; }\nb{margin:0}', 'a { color: blue; }\nb{margin:0;padding:1px}'));
class CaselessWords extends Diff.Diff {
  tokenize(value) { return value.split(/(\s+)/); }
  equals(l, r) { return l.toLowerCase() === r.toLowerCase(); }
}
const custom = new CaselessWords().diff('Hello World again Friend', 'hello WORLD there friend');
d.add('custom', custom);
console.log(custom.map((p) => (p.added ? `+${p.value}` : p.removed ? `-${p.value}` : p.value)).join('|'));

// Callback (async) mode and maxEditLength / timeout-free limit.
const cbResult = await new Promise((resolve) => Diff.diffLines('a\nb\nc\n', 'a\nc\nd\n', { callback: resolve }));
d.add('callback', cbResult);
d.add('maxEdit', Diff.diffChars('a'.repeat(300), 'b'.repeat(300), { maxEditLength: 5 }) ?? 'aborted');
d.add('convert', [Diff.convertChangesToXML(custom), Diff.convertChangesToDMP(custom)]);

// Multi-file patches with applyPatches and its async callbacks.
const files = { 'one.txt': 'a\nb\nc\n', 'two.txt': 'x\ny\n' };
const multi = Diff.createPatch('one.txt', files['one.txt'], 'a\nB\nc\n') + Diff.createPatch('two.txt', files['two.txt'], 'x\ny\nz\n');
const patchedFiles = await new Promise((resolve, reject) => {
  const out = {};
  Diff.applyPatches(multi, {
    loadFile: (idx, cb) => setImmediate(() => cb(null, files[idx.oldFileName])),
    patched: (idx, content, cb) => { out[idx.oldFileName] = content; cb(); },
    complete: (err) => (err ? reject(err) : resolve(out)),
  });
});
d.add('applyPatches', patchedFiles);

// Errors.
const errors = [];
const frames = [];
const badPatches = [
  '--- a\n+++ b\n@@ -1,2 +1,2 @@\n-x\n+y\n',
  '@@ -1 +1 @@\n-a\n+b\n@@ -x +1 @@\n',
  '--- a\n+++ b\n@@ -1,1 +1,1 @@\n?weird\n',
];
for (const p of badPatches) {
  try {
    errors.push(String(Diff.applyPatch('a\n', p)));
  } catch (e) {
    errors.push(`${e.constructor.name}/${e.name}: ${e.message}`);
    frames.push(...stackLines(e));
  }
}
try {
  Diff.applyPatch('a\n', [Diff.parsePatch(badPatches[0])[0], Diff.parsePatch(badPatches[0])[0]]);
} catch (e) {
  errors.push(`${e.constructor.name}: ${e.message}`);
  frames.push(...stackLines(e));
}
console.log(errors.join('\n'));
d.add('errors', errors);
d.print({ hunks, applied, failedApply });
printStackLines(frames);
